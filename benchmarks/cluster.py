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


def build_row(label: str, n: int, result: dict, spacy_wall: float, size: int | None) -> dict:
    if result["code"] not in (0, 1):
        raise SystemExit(f"{label} failed:\n{result['stderr'][-3000:]}")
    summary = json.loads(result["stdout"])
    row = {"method": label, "docs": n, "wall": result["wall"], "docs_per_s": n / result["wall"],
           "ratio": spacy_wall / result["wall"], "overhead_ms_per_doc": 1000 * (result["wall"] - spacy_wall) / n,
           "peak_rss": result["peak_rss"], "failed": len(summary.get("failed", [])),
           "triples": summary.get("triples"), "bytes": size}
    out(f"{label:<44} {row['wall']:8.1f} s {row['docs_per_s']:7.2f} {row['ratio']:6.2f}x "
        f"{row['overhead_ms_per_doc']:+9.0f} ms {mb(row['peak_rss']):>9} "
        f"{'' if size is None else mb(size):>9} {row['failed']:>4}")
    return row


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

        out(f"\n{'method':<44} {'wall':>10} {'docs/s':>7} {'ratio':>7} {'overhead/doc':>12} {'peak RSS':>9} "
            f"{'on disk':>9} {'fail':>4}")
        base = timed([sys.executable, str(HERE / "spacy_baseline.py"), str(texts), "--n-process", str(w)],
                     sample_memory=True)
        if base["code"] != 0:
            raise SystemExit(f"spaCy baseline failed:\n{base['stderr']}")
        spacy_wall = base["wall"]
        tokens = json.loads(base["stdout"])["tokens"]
        figures["tokens"] = tokens
        figures["rows"].append({"method": "spacy", "docs": n, "wall": spacy_wall, "docs_per_s": n / spacy_wall,
                                "ratio": 1.0, "overhead_ms_per_doc": 0.0, "peak_rss": base["peak_rss"]})
        out(f"{f'plain spaCy nlp.pipe(n_process={w})':<44} {spacy_wall:8.1f} s {n / spacy_wall:7.2f} {1:6.2f}x "
            f"{0:+9.0f} ms {mb(base['peak_rss']):>9}")

        store = work / "store-jobs"
        shutil.rmtree(store, ignore_errors=True)
        r = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--jobs", str(w), "--json"],
                  sample_memory=True)
        figures["rows"].append(build_row(f"spacekg build --jobs {w}", n, r, spacy_wall, du(snapshot_dir(store))))

        started = time.perf_counter()
        with distributed.LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=":0",
                                      silence_logs=50) as lc:
            figures["cluster_start_seconds"] = time.perf_counter() - started
            address = lc.scheduler_address
            store = work / "store-cluster"
            shutil.rmtree(store, ignore_errors=True)
            r = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--scheduler", address, "--json"],
                      sample_memory=True)
            figures["rows"].append(build_row(f"spacekg build --scheduler (LocalCluster, {w})", n, r, spacy_wall,
                                             du(snapshot_dir(store))))
            figures["rows"][-1]["note"] = "peak RSS: the client process alone (the workers are the cluster's)"
            again = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--scheduler", address,
                                           "--json"])
            figures["rebuild_unchanged_seconds"] = again["wall"]
            store = work / "store-cluster-warm"              # the same workers, the model already loaded
            shutil.rmtree(store, ignore_errors=True)
            r = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--scheduler", address, "--json"],
                      sample_memory=True)
            figures["rows"].append(build_row("  ... again, workers warm (model loaded)", n, r, spacy_wall,
                                             du(snapshot_dir(store))))
            for name in [s for s in args.push.split(",") if s and s != "none"]:
                import triplestores
                server = triplestores.oxigraph("bench") if name == "oxigraph" else triplestores.virtuoso()
                gsp, query = {"oxigraph": (server.base + "/store", server.base + "/query"),
                              "virtuoso": (server.base + "/sparql-graph-crud-auth", server.base + "/sparql")}[name]
                extra = ["--user", "dba", "--password", "dba"] if name == "virtuoso" else []
                before = server_size(server)
                r = timed(spacekg_cmd() + ["build", str(corpus), "--scheduler", address, "--push-to", gsp,
                                           "--endpoint", query, *extra, "--json"])
                if name == "virtuoso":
                    from spacekg.graph.http import session
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
    n, w = figures["docs"], figures["workers"]
    rows = {r["method"]: r for r in figures["rows"]}
    cluster = next(r for m, r in rows.items() if m.startswith("  ... again, workers warm"))
    per_worker = cluster["docs_per_s"] / w            # documents a second one worker process does (warm)
    figures["per_worker_docs_per_s"] = per_worker
    hours = CORPUS_EXTRAPOLATED / per_worker / 3600
    out(f"\n{CORPUS_EXTRAPOLATED:,} reports, extrapolated from this run: {per_worker:.2f} docs/s per worker "
        f"process -> {hours:.1f} worker-hours; wall time {hours / 2:.1f} h on 2 workers, {hours / 8:.1f} h on 8, "
        f"{hours / 32:.2f} h on 32 (one core each, as fast as these)")
    for r in figures["rows"]:
        if r.get("bytes"):
            per = r["bytes"] / n
            out(f"  {r['method'].strip(' .'):<44} {per / 1024:8.0f} KB per report -> "
                f"{per * CORPUS_EXTRAPOLATED / 1e9:6.1f} GB for {CORPUS_EXTRAPOLATED:,}")


if __name__ == "__main__":
    main()
