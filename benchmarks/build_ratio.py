"""`spacekg build --jobs N` against plain spaCy `nlp.pipe(n_process=N)` on one synthetic corpus:
wall time and CPU seconds of each whole process tree, and their ratios (issue 22's bound: 1.25x).

    python benchmarks/build_ratio.py --docs 200 --jobs 2
    python benchmarks/build_ratio.py --docs 200 --source before=/tmp/old-checkout --source after=.

Both commands run as installed packages do, with their bytecode compiled: where
PYTHONDONTWRITEBYTECODE is set (this team's machines), every process would compile spacekg's sources
again (about 0.2 s for the build). The bytecode goes to a folder of its own instead (as in
benchmarks/run.py), so no checkout is written to, and both commands run once untimed on two
reports before they are timed, so that neither pays for compiling what it imports.

On a shared machine the wall times wait for the CPU; the CPU seconds (user + system of the build,
its fork server and workers; of spaCy's process and its children) are the steadier figure. Each
`--source LABEL=DIR` runs both commands with DIR first on PYTHONPATH (a checkout of another commit,
e.g. from `git archive`), so that two versions are measured in one session on the same corpus;
without it, the installed spacekg is measured.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cluster import timed_cpu  # noqa: E402
from run import texts_file  # noqa: E402
from synthetic import write_corpus  # noqa: E402


def measure(label: str, source: str | None, corpus: Path, texts: Path, jobs: int, work: Path) -> dict:
    env_path = os.environ.get("PYTHONPATH")
    if source:
        os.environ["PYTHONPATH"] = str(Path(source).resolve())      # the children inherit it
    try:
        warm_up(work, jobs)
        load = os.getloadavg()[0]
        base = timed_cpu([sys.executable, str(HERE / "spacy_baseline.py"), str(texts), "--n-process", str(jobs)])
        if base["code"] != 0:
            raise SystemExit(f"spaCy baseline failed:\n{base['stderr'][-3000:]}")
        store = work / f"store-{label}"
        shutil.rmtree(store, ignore_errors=True)
        built = timed_cpu([sys.executable, "-m", "spacekg.cli", "build", str(corpus), "--store", str(store),
                           "--jobs", str(jobs), "--json"])
        if built["code"] != 0:
            raise SystemExit(f"spacekg build failed:\n{built['stderr'][-3000:]}")
    finally:
        if env_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = env_path
    summary = json.loads(built["stdout"])
    return {"label": label, "load_average": load, "spacy_wall": base["wall"], "spacy_cpu": base["cpu"],
            "build_wall": built["wall"], "build_cpu": built["cpu"], "wall_ratio": built["wall"] / base["wall"],
            "cpu_ratio": built["cpu"] / base["cpu"], "triples": summary["triples"], "failed": len(summary["failed"])}


def warm_up(work: Path, jobs: int) -> None:
    """Run both commands once, untimed, on two reports: what they import is compiled (into
    PYTHONPYCACHEPREFIX) before either is timed."""
    import subprocess

    corpus = work / "warm-up"
    write_corpus(corpus, 2)
    texts = work / "warm-up.jsonl"
    if not texts.exists():
        texts_file(corpus, texts)
    store = work / "warm-up-store"
    shutil.rmtree(store, ignore_errors=True)
    for cmd in ([sys.executable, str(HERE / "spacy_baseline.py"), str(texts), "--n-process", str(jobs)],
                [sys.executable, "-m", "spacekg.cli", "build", str(corpus), "--store", str(store), "--jobs", str(jobs)]):
        subprocess.run(cmd, capture_output=True, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200, help="synthetic reports (default 200)")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs and n_process (default 2)")
    ap.add_argument("--source", action="append", default=[], metavar="LABEL=DIR",
                    help="measure the spacekg in DIR (repeatable; default: the installed one)")
    ap.add_argument("--work", type=Path, help="keep corpus and stores here (default: a temporary folder)")
    args = ap.parse_args()

    work = (args.work or Path(tempfile.mkdtemp(prefix="spacekg-build-ratio-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)              # `python -m` puts the working directory first on sys.path: not a checkout
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")     # warm_up writes the bytecode here
    corpus = work / f"corpus-{args.docs}"
    write_corpus(corpus, args.docs)
    texts = work / f"texts-{args.docs}.jsonl"
    if not texts.exists():
        texts_file(corpus, texts)
    sources = [s.split("=", 1) for s in args.source] or [["installed", None]]
    print(f"{args.docs} reports, --jobs {args.jobs}, {os.cpu_count()} CPUs; work dir {work}")
    print(f"{'version':<12} {'load':>5} | {'spaCy wall':>10} {'CPU':>7} | {'build wall':>10} {'CPU':>7} | "
          f"{'wall ratio':>10} {'CPU ratio':>9} | triples")
    for label, source in sources:
        r = measure(label, source, corpus, texts, args.jobs, work)
        print(f"{label:<12} {r['load_average']:5.1f} | {r['spacy_wall']:8.1f} s {r['spacy_cpu']:5.1f} s | "
              f"{r['build_wall']:8.1f} s {r['build_cpu']:5.1f} s | {r['wall_ratio']:9.2f}x {r['cpu_ratio']:8.2f}x | "
              f"{r['triples']:,}" + (f" ({r['failed']} failed)" if r["failed"] else ""), flush=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
