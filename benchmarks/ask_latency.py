"""Wall time of `spacekg ask` on the bundled report's store, beside `python -c "import rdflib"`
and `spacekg --help`: a question should cost little more than starting Python with rdflib.

    python benchmarks/ask_latency.py                 # builds the bundled report into a temporary store
    python benchmarks/ask_latency.py --store STORE   # or uses an existing store
    python benchmarks/ask_latency.py --runs 10

Each command runs in a fresh interpreter (as a user types it); the table shows the best and the
median of the runs, in milliseconds.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = [
    "which players target lunar ice?",
    "which players appear in the most reports?",
    "which developments involve the Moon?",
    "what is the CAGR?",
    "who partners with whom?",
    "what happened in 2029?",
    "who got funding?",
    "tell me about China",
    "which telescopes are being developed?",
    "how many players target the Moon?",
]


def spacekg(*args: str) -> list[str]:
    return [sys.executable, "-m", "spacekg.cli", *args]


def wall_times(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        times.append((time.perf_counter() - started) * 1000)
        if done.returncode not in (0, 2):           # a decline (exit 2) is an answer too
            raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: build the bundled report)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            subprocess.run(spacekg("build", "--store", str(store)), check=True, capture_output=True)
        rows = [("python -c 'import rdflib'", [sys.executable, "-c", "import rdflib"]),
                ("python -c 'import spacy'", [sys.executable, "-c", "import spacy"]),
                ("spacekg --help", spacekg("--help"))]
        rows += [(f'spacekg ask "{q}"', spacekg("ask", q, "--store", str(store))) for q in QUESTIONS]
        rows.append(("spacekg players", spacekg("players", "--store", str(store))))
        rows.append(("spacekg map", spacekg("map", "--store", str(store))))
        width = max(len(name) for name, _ in rows)
        print(f"{'command':<{width}}  {'best ms':>8}  {'median ms':>9}   ({args.runs} runs each)")
        for name, cmd in rows:
            t = wall_times(cmd, args.runs)
            print(f"{name:<{width}}  {min(t):8.0f}  {statistics.median(t):9.0f}")


if __name__ == "__main__":
    main()
