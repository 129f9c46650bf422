"""Player recall on names the team's own texts never contain: a rough "never-seen" proxy.

    python benchmarks/never_seen.py [GOLD_DIR]      (default ../shared/realtext/gold)

A gold player counts as never seen when none of its forms (name or alias, casefolded, as whole
words) occurs in any file under tests/ (documents and gold) or in the bundled report. Its recall
says whether the extractor finds organisations from the structure of the text rather than from
names it was written or tuned around. Prints recall on all gold players and on the never-seen ones.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent.parent / "shared" / "realtext" / "gold"


def seen_text() -> str:
    parts = [p.read_text("utf-8", errors="replace") for p in (ROOT / "tests").rglob("*")
             if p.is_file() and p.suffix in (".txt", ".md", ".json", ".html", ".py")]
    parts.append((ROOT / "spacekg" / "data" / "china-space-mining-market.txt").read_text("utf-8"))
    return " ".join(parts).casefold()


def main(argv: list[str]) -> int:
    gold_dir = Path(argv[0]) if argv else DEFAULT
    if not gold_dir.is_dir():
        print(f"never_seen: {gold_dir}: no such folder (the realtext set lives outside the repo)", file=sys.stderr)
        return 1
    from spacekg.evaluate import evaluate, load_gold, norm

    seen = seen_text()

    def is_seen(player: dict) -> bool:
        return any(re.search(r"(?<!\w)" + re.escape(f.casefold()) + r"(?!\w)", seen)
                   for f in [player["name"], *player.get("aliases", [])])

    ev = evaluate(gold_dir)
    total = found = new_total = new_found = 0
    for d in ev.documents:
        gold = load_gold(d.gold_path) if hasattr(d, "gold_path") else None
        if gold is None:
            gold = load_gold(gold_dir / (d.doc_path.stem + ".json"))
        missing = set(d.scores["players"].missing)
        for p in gold["players"]:
            hit = norm(p["name"]) not in missing
            total += 1
            found += hit
            if not is_seen(p):
                new_total += 1
                new_found += hit
    print(f"players recall, all gold players:   {found}/{total} = {found / max(total, 1):.3f}")
    print(f"players recall, never-seen players: {new_found}/{new_total} = {new_found / max(new_total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
