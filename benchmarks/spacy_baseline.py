"""Plain spaCy, the yardstick for `spacekg build`: the same pipeline on the same texts, nothing else.

    python benchmarks/spacy_baseline.py TEXTS.jsonl [--n-process N]

TEXTS.jsonl holds one JSON string per line: each document's text as spacekg reads it (the file
itself for .txt/.md, the visible text for .html). Loads the pipeline spacekg uses (the trained
model plus spacekg's rule components), runs `nlp.pipe` over the texts and prints one JSON line:
documents, tokens, seconds spent loading and seconds spent in nlp.pipe. The benchmark times the
whole process from the outside, as it times `spacekg build`.
"""
from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("texts")
    ap.add_argument("--n-process", type=int, default=1)
    args = ap.parse_args()

    started = time.perf_counter()
    from spacekg.extract.pipeline import load_nlp
    nlp = load_nlp()
    loaded = time.perf_counter()
    with open(args.texts, encoding="utf-8") as f:
        texts = [json.loads(line) for line in f]
    tokens = docs = 0
    for doc in nlp.pipe(texts, n_process=args.n_process):
        tokens += len(doc)
        docs += 1
    done = time.perf_counter()
    print(json.dumps({"documents": docs, "tokens": tokens, "load_seconds": round(loaded - started, 3),
                      "pipe_seconds": round(done - loaded, 3)}))


if __name__ == "__main__":
    main()
