"""Extraction figures on gold-annotated sets: per-category P/R/F1, counts summed over documents.

usage: python benchmarks/extract_score.py [SET ...] [--errors SET] [--json]

SET is a folder of gold files (default: tests/devset tests/heldout) or tests/gold/seed.json.
The spaCy model loads once for all sets. `--errors SET` lists, for that set only, what was
missed and what was extra per document (use it on the devset; the held-out set is for measuring).
Each set is also scored with the team scorer (tests/team_score.py, a copy of
shared/tools/score.py) as a cross-check: both must give the same counts.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ["tests/devset", "tests/heldout", "tests/gold/seed.json"]


def team_scorer():
    spec = importlib.util.spec_from_file_location("team_score", ROOT / "tests" / "team_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--errors", action="append", default=[], help="list misses and extras for this set")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from spacekg.evaluate import CATEGORIES, evaluate, find_document, gold_files, load_gold
    from spacekg.extract.extractor import Extractor
    from spacekg.extract.reader import read_document

    extractor = Extractor()
    team = team_scorer()
    out = {}
    for name in args.sets:
        ev = evaluate(ROOT / name, extractor=extractor) if not Path(name).is_absolute() else evaluate(name, extractor=extractor)
        sums = ev.scores
        out[name] = {c: sums[c].to_json(False) for c in CATEGORIES}
        # cross-check with the team scorer
        counts = {c: [0, 0, 0] for c in CATEGORIES}
        for gold_path in gold_files(ROOT / name):
            gold = load_gold(gold_path)
            pred = json.loads(json.dumps(extractor.extract(read_document(find_document(gold_path, gold["doc"]))).to_json()))
            for c, r in team.score(pred, gold).items():
                counts[c] = [a + b for a, b in zip(counts[c], (r["tp"], r["pred"], r["gold"]))]
        for c in CATEGORIES:
            s = sums[c]
            if [s.tp, s.pred, s.gold] != counts[c]:
                print(f"warning: {name} {c}: team scorer counts {counts[c]} != {[s.tp, s.pred, s.gold]}", file=sys.stderr)
        if not args.json:
            print(f"{name} ({len(ev.documents)} documents)")
            for c in CATEGORIES:
                s = sums[c]
                print(f"  {c:15} P={s.p:.3f} R={s.r:.3f} F1={s.f1:.3f}  (tp {s.tp}, pred {s.pred}, gold {s.gold})")
        if name in args.errors:
            for d in ev.documents:
                lines = [f"  {c:15} missing  {m}" for c, s in d.scores.items() for m in s.missing] + \
                        [f"  {c:15} extra    {x}" for c, s in d.scores.items() for x in s.extra]
                if lines:
                    print(d.doc_path.name + ":")
                    print("\n".join(lines))
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
