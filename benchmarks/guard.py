"""Cost of the read-only guard (spacekg/graph/guard.py) per call, and its cache's memory.

    python benchmarks/guard.py

Prints, for every named query (spacekg/queries/*.rq): the guard's first reading of the text
(uncached) and a cached call, in microseconds; then the time to read one 900 KB query, and the
process's resident memory after checking 100 different 900 KB queries (the cache keeps digests,
never the texts).
"""
from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path

from spacekg.graph import guard
from spacekg.graph.namespaces import PREFIXES

QUERIES = Path(__file__).parent.parent / "spacekg" / "queries"


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_call(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def main() -> None:
    print(f"{'named query':32} {'bytes':>6} {'uncached us':>12} {'cached us':>10}")
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text()
        uncached = per_call(lambda: guard._decide(text, dict(PREFIXES)), 50)
        guard.check_query(text, None, PREFIXES)
        cached = per_call(lambda: guard.check_query(text, None, PREFIXES), 2000)
        print(f"{path.stem:32} {len(text):>6} {uncached:>12.0f} {cached:>10.1f}")
    big = "SELECT * { " + " ".join(f'?s <http://ex.org/p{i}> "v{i}" .' for i in range(29_000)) + " }"
    started = time.perf_counter()
    guard._decide(big, {})
    print(f"one {len(big) / 1e3:.0f} KB query: {time.perf_counter() - started:.2f} s")
    before = rss_mb()
    for i in range(100):
        guard.check_query(big + f" # {i}")
    print(f"100 different {len(big) / 1e3:.0f} KB queries: resident memory {before:.0f} -> {rss_mb():.0f} MB; "
          f"cache {len(guard._CACHE)} entries, {guard._CACHE.bytes:,} bytes (bound {guard.CACHE_BYTES:,})")


if __name__ == "__main__":
    main()
