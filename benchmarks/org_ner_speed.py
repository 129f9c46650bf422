"""What the trained `ner` (data/models/org_ner) costs: the pipeline with it against the model's own `ner`.

    python benchmarks/org_ner_speed.py [--docs 100] [--repeat 3] [--ner DIR]

Both pipelines are spacekg's (model plus rule components); they differ only in the `ner` weights.
Texts are the synthetic reports of benchmarks/synthetic.py. Prints one JSON line: load seconds and
the median `nlp.pipe` seconds of each (runs alternate, so a busy machine slows both alike), and
their ratio. `spacekg build` against plain spaCy, whole processes, is benchmarks/run.py.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate_reports  # noqa: E402


def main() -> None:
    from spacekg.extract.pipeline import SHIPPED_NER, add_components, load_model, use_ner

    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ner", type=Path, default=SHIPPED_NER, help="the trained component's folder")
    args = ap.parse_args()

    texts = [text for _, text in generate_reports(args.docs)]
    loads, pipelines = {}, {}
    for name, folder in (("plain", None), ("trained", args.ner)):
        started = time.perf_counter()
        pipelines[name] = add_components(use_ner(load_model(), folder))
        loads[name] = round(time.perf_counter() - started, 3)
    runs: dict[str, list[float]] = {"plain": [], "trained": []}
    tokens = 0
    for _ in range(args.repeat):
        for name, nlp in pipelines.items():
            started = time.perf_counter()
            tokens = sum(len(d) for d in nlp.pipe(texts))
            runs[name].append(time.perf_counter() - started)
    med = {name: statistics.median(r) for name, r in runs.items()}
    print(json.dumps({"documents": len(texts), "tokens": tokens, "load_seconds": loads,
                      "pipe_seconds": {n: round(s, 2) for n, s in med.items()},
                      "trained_over_plain": round(med["trained"] / med["plain"], 3)}))


if __name__ == "__main__":
    main()
