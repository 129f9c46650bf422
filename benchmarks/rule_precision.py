"""Each rule's precision on annotated sets: the confidence its facts carry (spacekg/data/rules.yaml).

usage: python benchmarks/rule_precision.py [SET ...] [--write]

SET is a folder of gold files or one gold file (default: the team's own sets, tests/gold/seed.json,
tests/devset, tests/devset_market, tests/heldout, tests/heldout2, tests/heldout3). A fact is right
when the team scorer's rules (spacekg.evaluate) count it right: a target's (player, resource or
platform) atoms, a collaboration's pair, a technology that overlaps a gold technology of the same
player, a market figure; for players, a candidate rule is credited with every player it admitted a
form of. Optional gold items (generic players, inferred targets) count as right. Counts are summed
over documents (per document, each distinct item once per rule).

The confidence written is (right + 1) / (produced + 2): the precision, pulled towards 0.5 when a
rule produced few facts. Rules whose facts have no gold (developments, statements) get no number
(null in the JSON, no sm:confidence in the graph). `--write` replaces the `confidence:` table of
spacekg/data/rules.yaml; the `rank:` table (which candidate rule names a surface form) is untouched.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ["tests/gold/seed.json", "tests/devset", "tests/devset_market", "tests/heldout", "tests/heldout2",
                "tests/heldout3"]
RULES_FILE = ROOT / "spacekg" / "data" / "rules.yaml"
UNSCORED = {"event_verb", "developments_section"}         # developments: the gold files have none


def judged(ex, gold: dict) -> dict[str, list[bool]]:
    """rule id -> whether each distinct item it produced in this document is right."""
    from spacekg.evaluate import TECH_OVERLAP, Names, _tech_words, market_items, target_pairs

    key = Names(gold.get("players", []))
    generic = {key(p["name"]) for p in gold.get("players", []) if p.get("generic")}
    gold_players = {key(p["name"]) for p in gold.get("players", [])}
    gold_t = target_pairs(gold.get("targets", []), key)
    gold_c = {frozenset(map(key, c)) for c in gold.get("collaborations", []) if len(c) == 2}
    gold_tech = [(key(t["player"]), _tech_words(t["technology"])) for t in gold.get("technologies", [])]
    gold_m = market_items(gold.get("market", []))
    items: dict[str, dict[object, bool]] = defaultdict(dict)

    for p in ex.players:
        for a in p.admitted:
            items[a.evidence.rule][key(p.name)] = key(p.name) in gold_players
    for t in ex.targets:
        js = {"player": t.player, "resource": list(t.resources), "platform": list(t.platforms)}
        for atom in target_pairs([js], key):
            items[t.evidence.rule][atom] = atom in gold_t or atom[0] in generic
    for c in ex.collaborations:
        pair = frozenset(map(key, c.players))
        items[c.evidence.rule][pair] = pair in gold_c or bool(pair & generic)
    for t in ex.technologies:
        who, words = key(t.player), _tech_words(t.technology)
        right = who in generic or any(who == g and words and gw and len(words & gw) / len(words | gw) >= TECH_OVERLAP
                                      for g, gw in gold_tech)
        items[t.evidence.rule][(who, t.technology.casefold())] = right
    for m in ex.market:
        js = {"metric": m.metric, "year": m.year, "from": m.from_year, "to": m.to_year,
              "value_usd" if m.metric == "market_size" else "percent": m.value}
        for item in market_items([js]):
            items[m.evidence.rule][item] = item in gold_m
    return {rule: list(v.values()) for rule, v in items.items()}


def measure(sets: list[str]) -> dict[str, tuple[int, int]]:
    """rule id -> (right, produced), summed over every document of `sets`."""
    from spacekg.evaluate import find_document, gold_files, load_gold
    from spacekg.extract.extractor import Extractor
    from spacekg.extract.reader import read_document

    extractor = Extractor()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in sets:
        for gold_path in gold_files(Path(s)):
            gold = load_gold(gold_path)
            ex = extractor.extract(read_document(find_document(gold_path, gold["doc"])))
            for rule, marks in judged(ex, gold).items():
                counts[rule][0] += sum(marks)
                counts[rule][1] += len(marks)
    return {r: (c[0], c[1]) for r, c in counts.items()}


def smoothed(right: int, produced: int) -> float:
    return round((right + 1) / (produced + 2), 2)


def write(counts: dict[str, tuple[int, int]], sets: list[str]) -> None:
    """Replace the `confidence:` table of rules.yaml with the measured figures (comments say the counts)."""
    from spacekg.extract.rules import rules

    lines = [f"confidence:   # measured by benchmarks/rule_precision.py on {', '.join(sets)}"]
    import yaml
    table = yaml.safe_load(RULES_FILE.read_text("utf-8"))
    kept = set(table["rank"]) | set(table.get("confidence") or {})     # every rule the table already lists
    for r in rules():
        if r.stage not in ("candidates", "relations", "market", "statements") and r.id not in kept | set(counts):
            continue
        if r.id in counts:
            right, produced = counts[r.id]
            lines.append(f"  {r.id}: {smoothed(right, produced)}   # {right}/{produced} right")
        elif r.stage == "statements" or r.id in UNSCORED:
            lines.append(f"  {r.id}: null   # no gold judges what it yields")
        else:
            lines.append(f"  {r.id}: null   # yielded nothing these sets judge")
    text = RULES_FILE.read_text("utf-8")
    text = re.sub(r"^confidence:.*?(?=^\S)", "\n".join(lines) + "\n\n", text, count=1, flags=re.S | re.M)
    RULES_FILE.write_text(text, "utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--write", action="store_true", help="write the figures into spacekg/data/rules.yaml")
    args = ap.parse_args(argv)
    counts = measure(args.sets)
    print(f"{'rule':32} {'right':>6} {'produced':>9} {'precision':>9}")
    for rule, (right, produced) in sorted(counts.items(), key=lambda x: -x[1][1]):
        print(f"{rule:32} {right:6d} {produced:9d} {right / produced:9.2f}")
    if args.write:
        write(counts, args.sets)
        print(f"wrote {RULES_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
