"""Same output before and after a change: `extract --json` of every document, this tree against a git ref.

usage: python benchmarks/compare_extract.py [--ref REF] [--fresh] [--ignore KEY,...] [FOLDER ...]

Documents: the bundled report, every document under tests/ (devset, devset_market, heldout, heldout2,
heldout3, reports) and every document in each FOLDER given (e.g. /work/shared/realtext/docs). The ref
(default: main) is checked out into a temporary worktree under /tmp and run with the same Python; its
output is cached in /tmp/spacekg-compare/<commit>.json (never in the repo: a folder of third-party
pages gives third-party sentences). `--fresh` recomputes the cache, so both sides are timed in the
same run. `--ignore rule,confidence` leaves those keys out of the comparison (and counts how often
they differ). Each side runs in its own process: one model load, then extraction timed per side (in all, and
after spaCy's parse: the rules). The machine's load shows in both; run it twice to see the spread.
Exit status 1 when any document differs.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_SETS = ["devset", "devset_market", "heldout", "heldout2", "heldout3", "reports"]
CACHE = Path(tempfile.gettempdir()) / "spacekg-compare"
DOC_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}

DUMP = r"""
import json, sys, time
from spacekg.extract.extractor import Extractor
from spacekg.extract.reader import read_document
paths = json.loads(sys.stdin.read())
ex = Extractor()
ex.nlp("warm up")
out, seconds, rules = {}, 0.0, 0.0
for p in paths:
    t0 = time.perf_counter()
    try:
        doc = read_document(p)
        parsed = ex.parse(doc)
        t1 = time.perf_counter()
        out[p] = ex.extract_parsed(doc, parsed).to_json()
        rules += time.perf_counter() - t1
    except Exception as e:  # a document one side cannot read is a difference, not a crash
        out[p] = {"error": f"{type(e).__name__}: {e}"}
    seconds += time.perf_counter() - t0
import spacekg
json.dump({"seconds": seconds, "rules": rules, "package": spacekg.__file__, "docs": out}, sys.stdout,
          ensure_ascii=False)
"""


def documents(folders: list[str]) -> list[str]:
    """The documents compared, as absolute paths (gold files and helper scripts left out)."""
    paths = [ROOT / "spacekg" / "data" / "china-space-mining-market.txt"]
    for folder in [ROOT / "tests" / s for s in TEST_SETS] + [Path(f) for f in folders]:
        paths += sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)
    return [str(p.resolve()) for p in paths]


def run(tree: Path, paths: list[str]) -> dict:
    """Extract `paths` with the spacekg package of `tree` (it comes first on sys.path)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, "-c", DUMP], input=json.dumps(paths), capture_output=True, text=True,
                          env=env, cwd=tree)
    if proc.returncode:
        sys.exit(f"extraction in {tree} failed:\n{proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    if not out["package"].startswith(str(tree)):
        sys.exit(f"{tree}: ran the package at {out['package']}, not the tree's")
    return out


def baseline(ref: str, paths: list[str], fresh: bool) -> dict:
    commit = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"{commit}.json"
    if cached.exists() and not fresh:
        out = json.loads(cached.read_text())
        if set(paths) <= set(out["docs"]):
            return {**out, "commit": commit, "cached": True}
    tree = CACHE / f"tree-{commit}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True,
                       capture_output=True)
    try:
        out = run(tree, paths)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    cached.write_text(json.dumps(out, ensure_ascii=False))
    return {**out, "commit": commit, "cached": False}


def strip(value, ignore: set[str]):
    if isinstance(value, dict):
        return {k: strip(v, ignore) for k, v in value.items() if k not in ignore}
    if isinstance(value, list):
        return [strip(v, ignore) for v in value]
    return value


def differences(a, b, path: str = "") -> list[str]:
    """Where two JSON values differ, as paths ("targets[3].player: 'A' != 'B'")."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                out.append(f"{path}.{k}: {'missing before' if k not in a else 'missing after'}")
            else:
                out += differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items before, {len(b)} after"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r:.80} != {b!r:.80}"]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--ref", default="main")
    ap.add_argument("--fresh", action="store_true", help="recompute the ref's output (and time both sides)")
    ap.add_argument("--ignore", default="", help="comma-separated keys left out of the comparison")
    ap.add_argument("--show", type=int, default=5, help="differences shown per document")
    args = ap.parse_args(argv)
    ignore = {k for k in args.ignore.split(",") if k}

    paths = documents(args.folders)
    before = baseline(args.ref, paths, args.fresh)
    after = run(ROOT, paths)
    changed, ignored = 0, 0
    for p in paths:
        a, b = before["docs"][p], after["docs"][p]
        diffs = differences(strip(a, ignore), strip(b, ignore))
        if ignore and not diffs:
            ignored += bool(differences(a, b))
        if diffs:
            changed += 1
            print(f"DIFFERS {os.path.relpath(p, ROOT)} ({len(diffs)})")
            for d in diffs[:args.show]:
                print("   ", d)
    print(f"{len(paths)} documents; {changed} differ from {args.ref} ({before['commit'][:7]})"
          + (f"; {ignored} differ only in {','.join(sorted(ignore))}" if ignore else ""))
    cached = " (cached, timed in an earlier run)" if before["cached"] else ""
    print(f"extraction time: before {before['seconds']:.1f} s{cached}, after {after['seconds']:.1f} s; "
          f"of which after parsing (the rules): before {before.get('rules', float('nan')):.1f} s, "
          f"after {after['rules']:.1f} s")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
