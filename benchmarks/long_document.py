"""Time and peak memory of extracting one long document: whole (every block parsed at once, the old
path) against in pieces (spacekg/extract/pieces.py), measured in one run.

    python benchmarks/long_document.py [--sizes 1,4,8] [--modes whole,pieces]

The document is the synthetic reports of benchmarks/synthetic.py (plain-text ones, invented
companies) joined one after another until it reaches N MB: a long archive of reports, sections and
all. Each (size, mode) runs in a fresh process, so its peak RSS (ru_maxrss) is its own; the process
loads the pipeline, reads the document, then extracts it. Prints one line per run and a JSON
summary: seconds extracting, peak RSS, and the RSS before extraction (model + text + blocks), in MB.
The machine's load shows in the times; memory does not depend on it.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
MB = 1024 * 1024


def long_text(megabytes: float) -> str:
    from synthetic import generate_reports

    parts, size, n = [], 0, 0
    want = int(megabytes * MB)
    while size < want:
        for name, text in generate_reports(200, seed=7 + n):
            if name.endswith(".txt"):
                parts.append(text.strip() + "\n\n")
                size += len(parts[-1])
                if size >= want:
                    break
        n += 1
    return "".join(parts)[:want]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def one(megabytes: float, mode: str) -> dict:
    from spacekg.extract.extractor import Extractor
    from spacekg.extract.pieces import pieces
    from spacekg.extract.reader import read_text

    ex = Extractor()
    ex.nlp("warm up")
    doc = read_text(long_text(megabytes), f"long-{megabytes}mb.txt")
    before = rss_mb()
    started = time.perf_counter()
    out = ex.extract(doc, whole=(mode == "whole"))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mb": megabytes, "mode": mode, "chars": len(doc.text), "pieces": len(list(pieces(doc))),
            "seconds": round(seconds, 1), "peak_rss_mb": round(peak), "rss_before_mb": round(before),
            "players": len(out.players), "targets": len(out.targets)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,4,8")
    ap.add_argument("--modes", default="whole,pieces")
    ap.add_argument("--one", nargs=2, metavar=("MB", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(float(args.one[0]), args.one[1])))
        return
    results = []
    for size in args.sizes.split(","):
        for mode in args.modes.split(","):
            run = subprocess.run([sys.executable, __file__, "--one", size, mode], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{size} MB {mode}: failed: {run.stderr.strip().splitlines()[-1:]}", flush=True)
                continue
            r = json.loads(run.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"{r['mb']:>4} MB {mode:>6}: {r['seconds']:>7.1f} s  peak RSS {r['peak_rss_mb']:>5} MB "
                  f"(before extracting {r['rss_before_mb']} MB)  pieces {r['pieces']}  "
                  f"players {r['players']}  targets {r['targets']}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
