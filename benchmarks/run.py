"""spacekg's benchmark: build speed against plain spaCy, memory, store size, query latency, CLI start-up.

    python benchmarks/run.py                              # 10, 100 and 1000 reports (long: ~30 min on 2 cores)
    python benchmarks/run.py --quick                      # 10 reports, a 200k-triple store, few repeats
    python benchmarks/run.py --docs 10,100 --jobs 2 --triples 1000000 --json figures.json

In one run it prints:
1. Build: for each corpus size and --jobs value, docs/s and tokens/s of `spacekg build` (a fresh
   store, the real command, timed from the outside) next to plain spaCy (`spacy_baseline.py`:
   the same pipeline, `nlp.pipe(n_process=jobs)` over the same texts, also a whole process timed
   from the outside), their ratio, the peak RSS of each process tree, the store's size on disk
   and the time of an incremental rebuild where nothing changed.
2. Queries: on a store of at least --triples triples (the largest corpus built from text,
   topped up with synthetic documents in the same vocabulary when text alone falls short: the
   output says how many of each), p50/p95 latency of every named query through spacekg
   (in-process, as the Python API runs them; and the CLI path, with a time limit, which runs the
   query in a child process that opens the store afresh) and of the same SPARQL run directly on
   pyoxigraph over the same data, with the ratio of the in-process p50 to pyoxigraph's.
3. Command line: wall time of `spacekg --help`, and of `spacekg ask` (or `spacekg query` when
   this checkout has no `ask` command: the output says which) on the bundled store and on the
   big one.

Corpora are synthetic (synthetic.py, deterministic): invented companies, real regions, four
publisher styles. Timings on a shared machine vary by 10-20 % from run to run.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_extractions, write_corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
QUESTION = "which players target lunar ice?"
# One question of each `ask` form that reads the store differently, timed on the largest store
# (issue 18: every form under 0.5 s at 1,000 reports). PLAYER is replaced by the busiest player.
ASK_FORMS = [
    "which players target lunar ice?",
    "which players target the Moon?",
    "how many players target asteroids?",
    "what does PLAYER target?",
    "who collaborates with PLAYER?",
    "who are PLAYER's competitors?",
    "who partners with whom?",
    "what happened in 2029?",
    "what are the latest developments?",
    "which developments involve PLAYER?",
    "which players use ISRU?",
    "which players appear in the most reports?",
    "what is the CAGR?",
    "which segments does the report cover?",
    "who got funding?",
    "tell me about China",
    "what is the weather on Mars tomorrow",
]


# ---------------------------------------------------------------- measuring processes

def tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
        stack += children.get(pid, [])
    return total


def timed(cmd: list[str], env: dict | None = None, sample_memory: bool = False) -> dict:
    """Run a command; its wall time, exit code, output and (optionally) the peak RSS of its process tree."""
    peak = [0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    stop = threading.Event()

    def sample():
        while not stop.wait(0.2):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    stop.set()
    if sample_memory:
        sampler.join()
    return {"wall": wall, "code": proc.returncode, "stdout": out.decode(), "stderr": err.decode(),
            "peak_rss": peak[0]}


def spacekg_cmd() -> list[str]:
    exe = shutil.which("spacekg", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "spacekg.cli"]


def percentile(values: list[float], p: float) -> float:
    xs = sorted(values)
    return xs[max(0, min(len(xs) - 1, math.ceil(p / 100 * len(xs)) - 1))]


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def snapshot_dir(store: Path) -> Path:
    return store / "snapshots" / (store / "HEAD").read_text().strip()


def mb(n: int) -> str:
    return f"{n / 2 ** 20:,.0f} MB"


def out(line: str = "") -> None:
    print(line, flush=True)


# ---------------------------------------------------------------- 1. build

def texts_file(corpus: Path, dest: Path) -> int:
    """Each document's text as spacekg reads it (visible text for HTML), one JSON string a line."""
    from spacekg.corpus import find_files
    from spacekg.extract.reader import read_document

    files, _ = find_files([corpus])
    with open(dest, "w", encoding="utf-8") as f:
        for p in files:
            f.write(json.dumps(read_document(p).text) + "\n")
    return len(files)


def bench_build(n: int, jobs: int, work: Path, figures: dict) -> Path:
    corpus = work / f"corpus-{n}"
    write_corpus(corpus, n)
    texts = work / f"texts-{n}.jsonl"
    if not texts.exists():
        texts_file(corpus, texts)
    base = timed([sys.executable, str(HERE / "spacy_baseline.py"), str(texts), "--n-process", str(jobs)],
                 sample_memory=True)
    if base["code"] != 0:
        raise SystemExit(f"spaCy baseline failed:\n{base['stderr']}")
    spacy_figs = json.loads(base["stdout"])
    store = work / f"store-{n}-j{jobs}"
    shutil.rmtree(store, ignore_errors=True)
    built = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--jobs", str(jobs), "--json"],
                  sample_memory=True)
    if built["code"] != 0:
        raise SystemExit(f"spacekg build failed:\n{built['stderr']}")
    summary = json.loads(built["stdout"])
    again = timed(spacekg_cmd() + ["build", str(corpus), "--store", str(store), "--json"])
    tokens = spacy_figs["tokens"]
    row = {
        "docs": n, "jobs": jobs, "tokens": tokens,
        "spacy_wall": base["wall"], "spacy_pipe_seconds": spacy_figs["pipe_seconds"],
        "spacy_docs_per_s": n / base["wall"], "spacy_tokens_per_s": tokens / base["wall"],
        "spacy_peak_rss": base["peak_rss"],
        "build_wall": built["wall"], "build_docs_per_s": n / built["wall"], "build_tokens_per_s": tokens / built["wall"],
        "build_peak_rss": built["peak_rss"], "ratio": base["wall"] / built["wall"],
        "triples": summary["triples"], "store_bytes": du(snapshot_dir(store)),
        "rebuild_unchanged_wall": again["wall"], "failed": len(summary["failed"]),
    }
    figures.setdefault("build", []).append(row)
    out(f"{n:>6} {jobs:>4} {tokens:>9,} | {row['spacy_docs_per_s']:6.2f} {row['spacy_tokens_per_s']:7,.0f} "
        f"{mb(row['spacy_peak_rss']):>8} | {row['build_docs_per_s']:6.2f} {row['build_tokens_per_s']:7,.0f} "
        f"{mb(row['build_peak_rss']):>8} | {row['ratio']:5.2f}x | {row['triples']:>9,} {mb(row['store_bytes']):>8} "
        f"| {row['rebuild_unchanged_wall']:5.2f} s")
    return store


# ---------------------------------------------------------------- 2. queries

def top_up(store_path: Path, target: int, figures: dict) -> None:
    """Add synthetic documents (facts in the vocabulary, through the real graph builder) until
    the store holds `target` triples."""
    import pyoxigraph as ox

    from spacekg.corpus import LoadBatch
    from spacekg.graph import convert
    from spacekg.graph.rdf import document_graph
    from spacekg.graph.store import Store

    st = Store.open(store_path)
    have, docs = len(st), 0
    synthetic = st.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } "
                         "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/spacekg/id/report/synthetic-')) }").records()
    from_text = have - int(synthetic[0]["n"] or 0)
    started = time.perf_counter()
    if have < target:
        with st.writer() as w:
            batch = LoadBatch(w)
            for ex in synthetic_extractions(10 ** 7, pool_size=3000):
                g = document_graph(ex, f"synthetic-{docs}", ex.doc)
                batch.add(str(g.identifier), ox.serialize(convert.quads(g), format=ox.RdfFormat.N_QUADS))
                have += len(g)
                docs += 1
                if have >= target:
                    break
            batch.flush()
    st = Store.open(store_path)
    figures["query_store"] = {"triples": len(st), "from_text": from_text, "synthetic": len(st) - from_text,
                              "synthetic_documents_added": docs, "top_up_seconds": time.perf_counter() - started,
                              "store_bytes": du(snapshot_dir(store_path))}
    out(f"query store: {len(st):,} triples ({from_text:,} built from text, {len(st) - from_text:,} from synthetic "
        f"documents: facts in the vocabulary through the real graph builder; {docs:,} added now in "
        f"{time.perf_counter() - started:.0f} s), {mb(figures['query_store']['store_bytes'])} on disk")


def realistic_values(store) -> dict[str, str]:
    """A value for each kind of parameter, taken from the data: the player in the most reports (the
    worst case) and a typical one (the median), the region with the most reports, the most
    developed technology, a report built from text."""
    def first(sparql: str) -> str | None:
        rows = store.query(sparql).records()
        return rows[0]["x"] if rows else None

    sm = "https://w3id.org/spacekg/ontology#"
    smr = "https://w3id.org/spacekg/id/"
    by_reports = [r["x"] for r in store.query(
        "SELECT ?x (COUNT(*) AS ?n) { GRAPH ?r { ?x sm:mentionedIn ?r ; a sm:Player } } "
        "GROUP BY ?x ORDER BY DESC(?n) ?x").records()]
    player = by_reports[0] if by_reports else None
    typical = by_reports[len(by_reports) // 2] if by_reports else None      # the median player
    region = first("SELECT ?x (COUNT(*) AS ?n) { ?r sm:region ?x } GROUP BY ?x ORDER BY DESC(?n) LIMIT 1")
    technology = first("SELECT ?x (COUNT(*) AS ?n) { ?p sm:develops ?x } GROUP BY ?x ORDER BY DESC(?n) LIMIT 1")
    report = first("SELECT ?x { ?x a sm:Report ; sm:fileName ?f FILTER(!STRSTARTS(?f, 'synthetic-')) } LIMIT 1")
    values = {"player": player, "typical player": typical, "region": region, "technology": technology, "report": report,
              "resource": smr + "resource/water-ice", "platform": smr + "platform/moon",
              "application": smr + "application/fuel-generation", "phase": smr + "phase/prospecting-exploration",
              "class": sm + "Resource", "kind": sm + "Trend", "dimension": "resource", "metric": "cagr",
              "year": "2030"}
    return {k: v for k, v in values.items() if v}


ALIASES = {"company": "player", "org": "player", "organisation": "player", "organization": "player",
           "partner": "player", "country": "region", "doc": "report", "document": "report", "source": "report",
           "tech": "technology", "body": "platform", "concern": "phase", "topic": "phase"}


def value_for(param: str, description: str, values: dict[str, str]):
    """The realistic value of a parameter: by its name, else the example its description gives,
    else a player when the description speaks of players."""
    import re

    import pyoxigraph as ox

    from spacekg.queries.library import parse_value

    key = ALIASES.get(param.lower(), param.lower())
    if key in values:
        v = values[key]
        return ox.NamedNode(v) if v.startswith("http") else ox.Literal(v)
    m = re.search(r"e\.g\.\s*(\S+)", description)
    if m:
        return parse_value(m.group(1).rstrip(".,;:)"))
    if "player" in description and "player" in values:
        return ox.NamedNode(values["player"])
    return None


# Questions the issue names, beyond one parameter at a time: "who targets lunar ice".
COMBINATIONS = {"players-targeting": [("resource", "platform")]}

# The selective questions the issue sets a target for ("one player's targets or collaborators, who
# targets lunar ice": p50 <= 50 ms), by the named query that answers each and its bound parameter.
# Each has an evidence listing beside it (players-targeting, collaborations), reported too.
SELECTIVE = {("targets-by-reports", "player"), ("targets-by-reports", "target"), ("partners-by-reports", "player")}


def parameter_cases(q, values: dict[str, str]) -> list[dict]:
    """How a query is run: required parameters always bound; then with no optional parameter
    bound (its whole-graph form), with each optional one bound alone, and the combinations above;
    a player parameter is bound to the player in the most reports and to a typical one."""
    import pyoxigraph as ox

    bound = {p: value_for(p, d, values) for p, d in q.params.items()}
    bound = {p: v for p, v in bound.items() if v is not None}
    required = {p: v for p, v in bound.items() if "optional" not in q.params[p]}
    optional = [p for p in bound if p not in required]
    cases = [required]
    cases += [{**required, p: bound[p]} for p in optional]
    cases += [{**required, **{p: bound[p] for p in combo}} for combo in COMBINATIONS.get(q.name, [])
              if all(p in bound for p in combo)]
    typical = values.get("typical player")
    cases += [{**required, p: ox.NamedNode(typical)} for p in optional
              if typical and ALIASES.get(p.lower(), p.lower()) == "player" and str(bound[p]) != f"<{typical}>"]
    return cases


def consume(answer) -> int:
    import pyoxigraph as ox

    if isinstance(answer, ox.QuerySolutions):
        variables = answer.variables
        return sum(1 for s in answer if tuple(s[v] for v in variables) is not None)
    if isinstance(answer, ox.QueryBoolean):
        return 1
    return sum(1 for _ in answer)


def bench_queries(store_path: Path, repeat: int, budget: float, limit: float, figures: dict,
                  only: set[str] | None = None) -> None:
    """Every named query, with realistic parameter values (and, when all its parameters are
    optional, also unbound: its whole-graph form). Runs spend about `budget` seconds per query;
    a query still running after `limit` seconds is reported as such and skipped."""
    import pyoxigraph as ox

    from spacekg.errors import QueryError
    from spacekg.graph.binding import bind
    from spacekg.graph.namespaces import PREFIXES
    from spacekg.graph.store import Store
    from spacekg.queries.library import named_queries, run_named

    store = Store.open(store_path)
    db = ox.Store.read_only(str(store.snapshot))
    values = realistic_values(store)
    figures["query_values"] = values
    cases = []
    for q in named_queries().values():
        if only is None or q.name in only:
            cases += [(q, b) for b in parameter_cases(q, values)]
    out(f"\n{'query':<50} {'rows':>6} | {'spacekg p50':>11} {'p95':>7} | {'CLI path':>8} | "
        f"{'pyoxigraph p50':>14} {'p95':>7} | ratio")
    for q, bound in cases:
        label = q.name + (" " + " ".join(f"{k}={_short(v)}" for k, v in bound.items()) if bound else "")
        text = q.text_for(set(bound))                 # `# if NAME` lines
        text = bind(text, bound) if bound else text   # the very SPARQL spacekg runs: values in a VALUES block

        def api():
            return len(run_named(store, q.name, **bound).rows)

        def direct():
            return consume(db.query(text, use_default_graph_as_union=True, prefixes=PREFIXES))

        def cli_path():                               # what `spacekg query` does: a child process, a time limit
            t = time.perf_counter()
            run_named(store, q.name, timeout=limit, **bound)
            return time.perf_counter() - t

        try:
            first = cli_path()
        except QueryError as e:
            out(f"{label[:50]:<50} {'':>6} | {str(e)[:80]}")
            figures.setdefault("queries", []).append({"query": q.name, "params": {k: str(v) for k, v in bound.items()},
                                                      "error": str(e)})
            continue
        rows = api()
        direct()                                      # both paths warm
        n = max(3, min(repeat, int(budget / 2 / max(first, 1e-3))))
        t_api, t_direct = [], []
        for _ in range(n):                            # interleaved, so both see the same machine load
            t = time.perf_counter()
            api()
            t_api.append(time.perf_counter() - t)
            t = time.perf_counter()
            direct()
            t_direct.append(time.perf_counter() - t)
        t_cli = [first] + [cli_path() for _ in range(max(0, min(4, n // 4)))]
        row = {"query": q.name, "params": {k: str(v) for k, v in bound.items()},
               "selective": any((q.name, k) in SELECTIVE for k in bound),
               "bound": any("optional" in q.params[k] for k in bound),
               "rows": rows, "runs": n,
               "p50_ms": 1000 * percentile(t_api, 50), "p95_ms": 1000 * percentile(t_api, 95),
               "cli_path_p50_ms": 1000 * percentile(t_cli, 50),
               "pyoxigraph_p50_ms": 1000 * percentile(t_direct, 50),
               "pyoxigraph_p95_ms": 1000 * percentile(t_direct, 95)}
        row["ratio"] = row["p50_ms"] / row["pyoxigraph_p50_ms"]
        figures.setdefault("queries", []).append(row)
        out(f"{label[:50]:<50} {rows:>6} | {row['p50_ms']:8.1f} ms {row['p95_ms']:7.1f} | "
            f"{row['cli_path_p50_ms']:5.0f} ms | {row['pyoxigraph_p50_ms']:11.1f} ms {row['pyoxigraph_p95_ms']:7.1f} | "
            f"{row['ratio']:4.2f}x")


def _short(term) -> str:
    text = getattr(term, "value", str(term)).strip("<>")
    if "/id/" in text:                       # smr:target/water-ice/moon -> target/water-ice/moon
        return text.split("/id/", 1)[1]
    return text.rsplit("/", 1)[-1] if text.startswith("http") else text


# ---------------------------------------------------------------- 3. command line

def has_ask() -> bool:
    return timed(spacekg_cmd() + ["ask", "--help"])["code"] == 0


def cli_walls(label: str, args: list[str], repeat: int, figures: dict) -> None:
    walls = []
    for _ in range(repeat):
        r = timed(spacekg_cmd() + args)
        if r["code"] != 0:
            out(f"{label}: failed: {r['stderr'].strip()[:200]}")
            return
        walls.append(r["wall"])
    row = {"command": label, "p50_s": percentile(walls, 50), "p95_s": percentile(walls, 95)}
    figures.setdefault("cli", []).append(row)
    out(f"{label:<58} p50 {row['p50_s']:.3f} s   p95 {row['p95_s']:.3f} s")


def bench_cli(sample_store: Path, big_store: Path | None, repeat: int, figures: dict) -> None:
    out("")
    cli_walls("spacekg --help", ["--help"], repeat, figures)
    ask = has_ask()
    figures["ask_command"] = ask
    if ask:
        question = ["ask", QUESTION]
        shown = f'spacekg ask "{QUESTION}"'
    else:
        question = ["query", "players-targeting", "-p", "resource=smr:resource/water-ice",
                    "-p", "platform=smr:platform/moon"]
        shown = "spacekg query players-targeting (no `ask` here)"
    cli_walls(f"{shown}, bundled store", question + ["--store", str(sample_store)], repeat, figures)
    cli_walls("spacekg query players-by-reports, bundled store",
              ["query", "players-by-reports", "--store", str(sample_store)], repeat, figures)
    if big_store is not None:
        n = figures.get("query_store", {}).get("triples", 0)
        cli_walls(f"{shown.split(' (')[0]}, {n / 1e6:.1f}M-triple store", question + ["--store", str(big_store)],
                  max(3, repeat // 2), figures)
        cli_walls(f"spacekg query players-by-reports, {n / 1e6:.1f}M-triple store",
                  ["query", "players-by-reports", "--store", str(big_store)], max(3, repeat // 2), figures)
        if ask:
            bench_ask_forms(big_store, max(3, repeat // 2), figures)


def bench_ask_forms(store: Path, repeat: int, figures: dict, baseline: list[str] | None = None) -> None:
    """Every `ask` form on the largest store, as a user types it (a fresh process each time; a
    question it declines counts too: the decline has to be as fast). With `baseline` (another
    spacekg command, e.g. an older checkout's), each form runs with both, alternately, and the
    ratio of their p50s is printed: on a shared machine only figures of the same run compare."""
    from spacekg.graph.store import Store
    from spacekg.queries.summaries import summarise

    top = Store.open(store).query("SELECT ?name { ?p sm:mentionedIn ?r ; rdfs:label ?name } "
                                  "GROUP BY ?name ORDER BY DESC(COUNT(?r)) LIMIT 1").records()
    player = str(top[0]["name"]) if top else "NASA"
    started = time.perf_counter()
    summarise(Store.open(store))             # as `spacekg build` leaves it (a no-op when it is there)
    # As an installed spacekg runs: with its bytecode compiled. Where PYTHONDONTWRITEBYTECODE is set
    # (this team's machines), every run would compile spacekg's sources again (~0.2 s): the bytecode
    # goes to a folder of its own instead, so that no checkout is written to.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="spacekg-bench-pycache-")
    # The baseline reads its own copy of the store (hard links, no copying of data): two versions
    # keep different cache files beside a store (STORE/cache) and would remove each other's.
    baseline_store = store
    if baseline:
        baseline_store = Path(tempfile.mkdtemp(prefix="spacekg-bench-baseline-")) / "store"
        shutil.copytree(store, baseline_store, copy_function=os.link, ignore=shutil.ignore_patterns("cache"))
    out(f"\nask forms on {store} (PLAYER = {player}; summaries ready in {time.perf_counter() - started:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f}; each command run once untimed first)")
    for form in ASK_FORMS:
        question = form.replace("PLAYER", player)
        walls, before = [], []
        timed(spacekg_cmd() + ["ask", question, "--store", str(store)], env=env)
        if baseline:
            timed(baseline + ["ask", question, "--store", str(baseline_store)], env=env)
        for _ in range(repeat):
            if baseline:
                b = timed(baseline + ["ask", question, "--store", str(baseline_store)], env=env)
                before.append(b["wall"])
            r = timed(spacekg_cmd() + ["ask", question, "--store", str(store)], env=env)
            walls.append(r["wall"])
        row = {"question": form, "p50_s": percentile(walls, 50), "p95_s": percentile(walls, 95),
               "exit": r["code"], "load_average": os.getloadavg()[0]}
        line = f"ask {form!r:<48} p50 {row['p50_s']:.3f} s   p95 {row['p95_s']:.3f} s   exit {r['code']}"
        if baseline:
            row.update({"baseline_p50_s": percentile(before, 50), "baseline_exit": b["code"]})
            row["speedup"] = row["baseline_p50_s"] / row["p50_s"]
            line += f"   | baseline p50 {row['baseline_p50_s']:.3f} s exit {b['code']}  {row['speedup']:.1f}x"
        figures.setdefault("ask_forms", []).append(row)
        out(line + f"   (load {row['load_average']:.1f})")
    if baseline:
        shutil.rmtree(baseline_store.parent, ignore_errors=True)


# ---------------------------------------------------------------- targets

def summary(figures: dict) -> None:
    """The issue's targets against what was measured."""
    def mark(ok: bool) -> str:
        return "ok  " if ok else "MISS"

    out("\ntargets")
    for row in figures.get("build", []):
        out(f"  {mark(row['ratio'] >= 0.8)} build {row['docs']} docs --jobs {row['jobs']}: {row['ratio']:.2f}x plain spaCy "
            f"(target >= 0.8x)")
        if row["docs"] >= 1000:
            out(f"  {mark(row['build_peak_rss'] < 2 * 2 ** 30)} peak RSS building {row['docs']} reports: "
                f"{mb(row['build_peak_rss'])} (target < 2 GB)")
    rows = [r for r in figures.get("queries", []) if "error" not in r]
    if rows:
        worst = max(rows, key=lambda r: r["ratio"])
        out(f"  {mark(worst['ratio'] <= 1.5)} named queries vs pyoxigraph: worst {worst['ratio']:.2f}x "
            f"({worst['query']}) (target <= 1.5x)")
        def listed(some):
            return ", ".join(f"{r['query']} {'+'.join(f'{k}={_short(v)}' for k, v in r['params'].items())} "
                             f"{r['p50_ms']:.0f} ms" for r in some)

        sel = [r for r in rows if r["selective"]]
        slow = [r for r in sel if r["p50_ms"] > 50]
        out(f"  {mark(sel and not slow)} the issue's selective questions (one player's targets or partners, who "
            f"targets lunar ice) with p50 <= 50 ms: {len(sel) - len(slow)} of {len(sel)}"
            + (f"; slower: {listed(slow)}" if slow else ""))
        other = [r for r in rows if r.get("bound") and not r["selective"]]
        out(f"  info other queries with a parameter bound, p50 <= 50 ms: "
            f"{sum(r['p50_ms'] <= 50 for r in other)} of {len(other)}; slower: "
            f"{listed(r for r in other if r['p50_ms'] > 50) or 'none'}")
    for r in figures.get("queries", []):
        if "error" in r:
            out(f"  MISS {r['query']} {'+'.join(r['params'])}: {r['error'][:100]}")
    forms = figures.get("ask_forms", [])
    if forms:
        slow = [r for r in forms if r["p50_s"] > 0.5]
        listed = ", ".join(f"{r['question']!r} {r['p50_s']:.2f} s" for r in slow)
        out(f"  {mark(not slow)} every ask form under 0.5 s on the largest store: {len(forms) - len(slow)} of "
            f"{len(forms)}" + (f"; slower: {listed}" if slow else ""))
    for row in figures.get("cli", []):
        if row["command"] == "spacekg --help":
            out(f"  {mark(row['p50_s'] <= 0.3)} spacekg --help: {row['p50_s']:.3f} s (target <= 0.3 s)")
        elif "bundled" in row["command"] and "players-by-reports" not in row["command"]:
            out(f"  {mark(row['p50_s'] <= 0.5)} {row['command']}: {row['p50_s']:.3f} s (target <= 0.5 s)")


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", help="corpus sizes, comma-separated (default 10,100,1000; --quick: 10)")
    ap.add_argument("--jobs", help="--jobs values to build with, comma-separated (default 1,2; --quick: 2)")
    ap.add_argument("--single-max", type=int, default=100,
                    help="build with --jobs 1 only up to this many documents (default 100)")
    ap.add_argument("--triples", type=int, help="size of the query store (default 1000000; --quick: 200000)")
    ap.add_argument("--repeat", type=int, help="runs per query and command (default 20; --quick: 5)")
    ap.add_argument("--query-budget", type=float, default=20.0,
                    help="seconds to spend on each query at most, roughly (default 20: slow queries run fewer times)")
    ap.add_argument("--query-limit", type=float, default=60.0,
                    help="a query running longer than this is reported and skipped (default 60 s)")
    ap.add_argument("--queries", help="only these named queries, comma-separated (default: every one)")
    ap.add_argument("--quick", action="store_true", help="a short run: small corpus, small store, few repeats")
    ap.add_argument("--skip-build", action="store_true", help="only queries and command line (needs --work)")
    ap.add_argument("--skip-queries", action="store_true", help="only the build figures")
    ap.add_argument("--work", type=Path, help="keep corpora and stores here (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    ap.add_argument("--ask-store", type=Path,
                    help="only time every `ask` form on this existing store (e.g. a 1,000-report build)")
    ap.add_argument("--ask-baseline", help="with --ask-store: also time this spacekg command (e.g. another "
                                           "checkout's .venv/bin/spacekg) on the same store, alternately")
    args = ap.parse_args()
    docs = [int(x) for x in (args.docs or ("10" if args.quick else "10,100,1000")).split(",")]
    jobs = [int(x) for x in (args.jobs or ("2" if args.quick else "1,2")).split(",")]
    triples = args.triples or (200_000 if args.quick else 1_000_000)
    repeat = args.repeat or (5 if args.quick else 20)

    if args.ask_store:
        figures = {"machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}}
        try:
            bench_ask_forms(args.ask_store, args.repeat or 5, figures,
                            args.ask_baseline.split() if args.ask_baseline else None)
            summary(figures)
        finally:
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2, default=str))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="spacekg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                                 "load_average_at_start": os.getloadavg()}}
    from importlib.metadata import version           # not `import spacy`: this process stays small
    figures["machine"].update({"spacy": version("spacy"), "pyoxigraph": version("pyoxigraph")})
    out(f"spacekg benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
        f"spaCy {version('spacy')}, pyoxigraph {version('pyoxigraph')}; work dir {work}")
    try:
        sample = work / "sample-store"
        if not (sample / "HEAD").exists():
            timed(spacekg_cmd() + ["build", "--store", str(sample)])
        big = None
        if not args.skip_build:
            out("\nbuild: spaCy = plain nlp.pipe(n_process=jobs), same pipeline, same texts; both timed as whole "
                "processes (start, model load, work)")
            out(f"{'docs':>6} {'jobs':>4} {'tokens':>9} | {'spaCy docs/s tok/s':>18} {'peakRSS':>8} | "
                f"{'build docs/s tok/s':>18} {'peakRSS':>8} | ratio | {'triples':>9} {'on disk':>8} | rebuild")
            for n in docs:
                for j in jobs:
                    if j == 1 and n > args.single_max and len(jobs) > 1:
                        continue
                    big = bench_build(n, j, work, figures)
        else:
            stores = sorted(work.glob("store-*"), key=lambda p: int(p.name.split("-")[1]))
            big = stores[-1] if stores else None
        if big is not None and not args.skip_queries:
            out("")
            top_up(big, triples, figures)
            bench_queries(big, repeat, args.query_budget, args.query_limit, figures,
                          set(args.queries.split(",")) if args.queries else None)
        if not args.skip_queries:
            bench_cli(sample, big, repeat, figures)
        summary(figures)
    finally:
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str))
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
