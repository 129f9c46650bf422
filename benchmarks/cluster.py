"""A build on a Dask cluster beside `--jobs` and plain spaCy, in one run, on the same corpus.

    python benchmarks/cluster.py                          # 1,000 reports, 2 workers
    python benchmarks/cluster.py --docs 200 --workers 2 --push oxigraph,virtuoso --json figures.json

Prints, for the same synthetic corpus (synthetic.py, as benchmarks/run.py makes it):
- plain spaCy: `nlp.pipe(n_process=W)` over the texts (spacy_baseline.py), a whole process timed
  from the outside (start, model load, work);
- `spacekg build --jobs W` into a fresh store, timed the same way;
- `spacekg build --scheduler ADDRESS` into a fresh store, on a `distributed.LocalCluster` of W
  worker processes (one thread each) started beforehand, as a real cluster runs before a build:
  its workers load the model when the build registers the worker plugin, inside the timing, like
  --jobs workers do. The cluster's own start-up is printed apart;
- the same again on the same workers, which have the model loaded (a long-lived cluster);
- for each server in --push (workers warm): `spacekg build --scheduler ... --push-to` (Graph Store Protocol) into
  a fresh server (tests/triplestores.py starts them), and the server's size on disk afterwards.

For each: docs/s, the ratio to plain spaCy, and the overhead per document ((wall - spaCy's wall) / docs).
Then what a 100,000-report corpus costs by extrapolation: hours per worker, on 2, 8 and 32 workers
(linear in the workers, which holds while the client and the store keep up: see the per-document
costs printed), and the store size per report.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from run import du, mb, out, snapshot_dir, spacekg_cmd, texts_file, timed  # noqa: E402
from synthetic import write_corpus  # noqa: E402

CORPUS_EXTRAPOLATED = 100_000
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    children.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack += children.get(pid, [])
    return out


def timed_cpu(cmd: list[str], workers: set[int] = frozenset()) -> dict:
    """`run.timed` plus the CPU seconds that this benchmark's whole process tree spent meanwhile
    (the command and its children, and the Dask scheduler and workers when a cluster runs here),
    split into the cluster's worker processes and everything else. A wall time on a machine shared
    with other work says little; CPU seconds per document say what the work costs."""
    import threading

    base = {pid: cpu_seconds(pid) or 0.0 for pid in descendants(os.getpid())}
    last: dict[int, float] = {}
    stop = threading.Event()

    def sample():
        while True:
            for pid in descendants(os.getpid()):
                c = cpu_seconds(pid)
                if c is not None:
                    last[pid] = max(last.get(pid, 0.0), c)
            if stop.wait(0.2):
                break

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result = timed(cmd, sample_memory=True)
    stop.set()
    sampler.join()
    used = {pid: c - base.get(pid, 0.0) for pid, c in last.items()}
    worker_pids = {p for w in workers for p in descendants(w)} | set(workers)
    result["cpu_workers"] = sum(c for pid, c in used.items() if pid in worker_pids)
    result["cpu_other"] = sum(c for pid, c in used.items() if pid not in worker_pids)
    result["cpu"] = result["cpu_workers"] + result["cpu_other"]
    return result


def build_row(label: str, n: int, result: dict, spacy_wall: float, size: int | None) -> dict:
    if result["code"] not in (0, 1):
        raise SystemExit(f"{label} failed:\n{result['stderr'][-3000:]}")
    summary = json.loads(result["stdout"])
    row = {"method": label, "docs": n, "wall": result["wall"], "docs_per_s": n / result["wall"],
           "ratio": spacy_wall / result["wall"], "overhead_ms_per_doc": 1000 * (result["wall"] - spacy_wall) / n,
           "peak_rss": result["peak_rss"], "failed": len(summary.get("failed", [])),
           "triples": summary.get("triples"), "bytes": size, "cpu": result["cpu"],
           "cpu_ms_per_doc": 1000 * result["cpu"] / n, "cpu_workers_ms_per_doc": 1000 * result["cpu_workers"] / n,
           "cpu_other_ms_per_doc": 1000 * result["cpu_other"] / n}
    out(line(row, size))
    return row


def line(row: dict, size: int | None = None) -> str:
    split = (f" ({row['cpu_workers_ms_per_doc']:.0f} workers + {row['cpu_other_ms_per_doc']:.0f} rest)"
             if row.get("cpu_workers_ms_per_doc") else "")
    return (f"{row['method']:<44} {row['wall']:8.1f} s {row['docs_per_s']:7.2f} {row['ratio']:6.2f}x "
            f"{row['overhead_ms_per_doc']:+9.0f} ms {row['cpu_ms_per_doc']:8.0f} ms{split} {mb(row['peak_rss']):>9} "
            f"{'' if size is None else mb(size):>9} {row.get('failed', 0):>4}")


def server_size(server) -> int:
    return du(server.folder)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="reports in the corpus (default 1000)")
    ap.add_argument("--workers", type=int, default=2, help="Dask workers, --jobs and n_process (default 2)")
    ap.add_argument("--push", default="oxigraph", help="servers to push to: oxigraph,virtuoso or none")
    ap.add_argument("--work", type=Path, help="keep corpus and stores here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    args = ap.parse_args()

    import distributed

    n, w = args.docs, args.workers
    work = args.work or Path(tempfile.mkdtemp(prefix="spacekg-cluster-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()},
                     "docs": n, "workers": w, "rows": []}
    out(f"spacekg cluster benchmark: {n} reports, {w} workers, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}; work dir {work}")
    try:
        corpus = work / f"corpus-{n}"
        write_corpus(corpus, n)
        texts = work / f"texts-{n}.jsonl"
        if not texts.exists():
            texts_file(corpus, texts)

        out(f"\n{'method':<44} {'wall':>10} {'docs/s':>7} {'ratio':>7} {'overhead/doc':>12} {'CPU/doc':>11} "
            f"{'peak RSS':>9} {'on disk':>9} {'fail':>4}")
        base = timed_cpu([sys.executable, str(HERE / "spacy_baseline.py"), str(texts), "--n-process", str(w)])
        if base["code"] != 0:
            raise SystemExit(f"spaCy baseline failed:\n{base['stderr']}")
        spacy_wall = base["wall"]
        tokens = json.loads(base["stdout"])["tokens"]
        figures["tokens"] = tokens
        row = {"method": f"plain spaCy nlp.pipe(n_process={w})", "docs": n, "wall": spacy_wall,
               "docs_per_s": n / spacy_wall, "ratio": 1.0, "overhead_ms_per_doc": 0.0, "peak_rss": base["peak_rss"],
               "cpu": base["cpu"], "cpu_ms_per_doc": 1000 * base["cpu"] / n}
        figures["rows"].append(row)
        out(line(row))

        store = work / "store-jobs"
        shutil.rmtree(store, ignore_errors=True)
        r = timed_cpu(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--jobs", str(w), "--json"])
        figures["rows"].append(build_row(f"spacekg build --jobs {w}", n, r, spacy_wall, du(snapshot_dir(store))))

        started = time.perf_counter()
        with distributed.LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=":0",
                                      silence_logs=50) as lc:
            figures["cluster_start_seconds"] = time.perf_counter() - started
            address = lc.scheduler_address
            with distributed.Client(address, set_as_default=False) as c:
                workers = set(c.run(os.getpid).values())
            store = work / "store-cluster"
            shutil.rmtree(store, ignore_errors=True)
            r = timed_cpu(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--scheduler", address,
                                           "--json"], workers)
            figures["rows"].append(build_row(f"spacekg build --scheduler (LocalCluster, {w})", n, r, spacy_wall,
                                             du(snapshot_dir(store))))
            figures["rows"][-1]["note"] = "peak RSS: the client process alone (the workers are the cluster's)"
            again = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--scheduler", address,
                                           "--json"])
            figures["rebuild_unchanged_seconds"] = again["wall"]
            store = work / "store-cluster-warm"              # the same workers, the model already loaded
            shutil.rmtree(store, ignore_errors=True)
            r = timed_cpu(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--scheduler", address,
                                           "--json"], workers)
            figures["rows"].append(build_row("  ... again, workers warm (model loaded)", n, r, spacy_wall,
                                             du(snapshot_dir(store))))
            for name in [s for s in args.push.split(",") if s and s != "none"]:
                import triplestores
                server = triplestores.oxigraph("bench") if name == "oxigraph" else triplestores.virtuoso()
                gsp, query = {"oxigraph": (server.base + "/store", server.base + "/query"),
                              "virtuoso": (server.base + "/sparql-graph-crud-auth", server.base + "/sparql")}[name]
                extra = ["--user", "dba", "--password", "dba"] if name == "virtuoso" else []
                before = server_size(server)
                r = timed_cpu(spacekg_cmd() + ["build", str(corpus), "--scheduler", address, "--push-to", gsp,
                                               "--endpoint", query, *extra, "--json"], workers)
                if name == "virtuoso":
                    from spacekg.graph.remote.http import session
                    session("dba", "dba", "digest").post(server.base + "/sparql-auth",
                                                         data={"query": "CHECKPOINT"}, timeout=120)
                time.sleep(1)
                figures["rows"].append(build_row(f"  ... --push-to {name} serve (GSP PUT)", n, r, spacy_wall,
                                                 server_size(server) - before))
                server.stop()
        out(f"\nLocalCluster start ({w} workers, model not yet loaded): {figures['cluster_start_seconds']:.1f} s; "
            f"rebuild with nothing changed (hashes only, no task sent): {figures['rebuild_unchanged_seconds']:.2f} s")
        out(f"tokens: {tokens:,}; load average at the end {os.getloadavg()[0]:.2f}")
        extrapolate(figures)
    finally:
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str))
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def extrapolate(figures: dict) -> None:
    """100,000 reports from the per-document costs measured: CPU seconds on the workers (one core
    per worker process, the model loaded) give worker-hours; the client's and the scheduler's
    CPU per document bound how many workers one client keeps busy."""
    n, w = figures["docs"], figures["workers"]
    warm = next(r for r in figures["rows"] if r["method"].startswith("  ... again, workers warm"))
    per_doc = warm["cpu_workers_ms_per_doc"] / 1000
    rest = warm["cpu_other_ms_per_doc"] / 1000
    hours = CORPUS_EXTRAPOLATED * per_doc / 3600
    figures["extrapolated"] = {"worker_cpu_s_per_doc": per_doc, "client_cpu_s_per_doc": rest,
                               "worker_hours": hours, "wall_docs_per_s_per_worker": warm["docs_per_s"] / w}
    out(f"\n{CORPUS_EXTRAPOLATED:,} reports, extrapolated from this run's warm cluster build: "
        f"{per_doc:.2f} CPU s per report on the workers -> {hours:.1f} worker-hours (one core each): "
        f"{hours / 8:.1f} h on 8 workers, {hours / 32:.2f} h on 32; the client and scheduler spend "
        f"{rest * 1000:.0f} ms per report, so one client keeps about {per_doc / rest if rest else 0:.0f} "
        f"workers busy")
    out(f"  (wall time here: {warm['docs_per_s'] / w:.2f} docs/s per worker on a machine with load average "
        f"{figures['machine']['load_average_at_start'][0]:.0f} at the start)")
    for r in figures["rows"]:
        if r.get("bytes"):
            per = r["bytes"] / n
            out(f"  {r['method'].strip(' .'):<44} {per / 1024:8.0f} KB per report -> "
                f"{per * CORPUS_EXTRAPOLATED / 1e9:6.1f} GB for {CORPUS_EXTRAPOLATED:,}")


if __name__ == "__main__":
    main()
