"""The `spacekg` command line: click commands that parse options, call the package, print.

Errors meant for users (SpacekgError) print one line, `spacekg: error: ...`, on stderr and exit
non-zero; nothing else is caught here, so a traceback always means a bug.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import SpacekgError

STORE_HELP = "Store directory (env SPACEKG_STORE; default ~/.local/share/spacekg/store)."


def store_option(f):
    """--store on a command; the group's --store (which also reads SPACEKG_STORE) is the fallback."""
    return click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
                        help=STORE_HELP)(f)


def format_option(*choices: str, default: str = "table"):
    """--format CHOICE, with --json as its shorthand wherever JSON is a choice (datasette and
    sqlite-utils spell it so)."""
    def decorate(f):
        if "json" in choices:
            f = click.option("--json", "fmt", flag_value="json", help="Same as --format json.")(f)
        return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                            help="Output format.")(f)
    return decorate


def output_option(help: str, required: bool = False):
    """-o/--output FILE on every command that writes a file (`--out` is kept, hidden, for one release)."""
    def decorate(f):
        f = deprecated_alias("--out", "-o/--output", "output", type=click.Path(dir_okay=False, path_type=Path))(f)
        return click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
                            callback=or_alias("output"), help=help + (" Required." if required else ""))(f)
    return decorate


def timeout_option(default: float | None = None, what: str = "the queries"):
    """--timeout SECONDS on every command that queries the graph."""
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=default,
                        show_default=default is not None,
                        help=f"Stop {what} after this many seconds" + (" (default: no limit)." if default is None
                                                                        else "."))


def server_auth_options(when: str = ""):
    """--user, --password and --auth for commands that talk to a SPARQL server (`push`, `build
    --push-to`): one spelling and one help text for both. `when` prefixes the help ("With --push-to: ")."""
    def text(help: str) -> str:
        return when + help[0].lower() + help[1:] if when else help

    def decorate(f):
        f = click.option("--auth", type=click.Choice(["digest", "basic"]), default="digest", show_default=True,
                         help=when + "HTTP authentication scheme (Virtuoso: digest; Fuseki, GraphDB: basic).")(f)
        f = click.option("--password", envvar="SPACEKG_PASSWORD",
                         help=text("Password for HTTP authentication (env SPACEKG_PASSWORD)."))(f)
        return click.option("--user", help=text("User name for HTTP authentication."))(f)
    return decorate


def deprecated_alias(old: str, new: str, dest: str, **kwargs):
    """An old spelling of an option, hidden from --help: for one release it still works, with a
    notice on stderr; the new option takes its value through `or_alias(dest)`."""
    def note(ctx, param, value):
        if value is not None:
            click.echo(f"spacekg: warning: {old} is deprecated and will be removed in the next release; "
                       f"use {new}", err=True)
            ctx.meta.setdefault("spacekg.aliases", {})[dest] = value
    return click.option(old, f"old_{dest}", hidden=True, expose_value=False, callback=note, **kwargs)


def or_alias(dest: str):
    """The callback of an option with a deprecated spelling: its own value, else the old spelling's."""
    def take(ctx, param, value):
        return value if value is not None else ctx.meta.get("spacekg.aliases", {}).get(dest)
    return take


def store_path_or_default(store_path: Path | None) -> Path | None:
    """A command's --store, else the group's --store, else None (the default store)."""
    if store_path is not None:
        return store_path
    root = click.get_current_context().find_root()
    return (root.obj or {}).get("store")


def open_store(store_path: Path | None):
    from .graph.store import Store
    return Store.open(store_path_or_default(store_path))


def endpoint_option(f):
    """--endpoint URL on a read command: answer from a remote SPARQL server instead of the store."""
    return click.option("--endpoint", "endpoint_url", metavar="URL", envvar="SPACEKG_ENDPOINT",
                        help="Read from this SPARQL 1.1 query endpoint instead of the local store "
                             "(env SPACEKG_ENDPOINT), e.g. http://127.0.0.1:7878/query.")(f)


def open_source(store_path: Path | None, endpoint_url: str | None, timeout: float | None = None):
    """What a read command queries: the remote endpoint when given, else the local store; with
    `timeout`, every query it runs stops after that many seconds."""
    from .graph.source import open_source as open_either, with_timeout

    if endpoint_url and store_path is not None:
        fail("give --store or --endpoint, not both", 2)
    return with_timeout(open_either(None if endpoint_url else store_path_or_default(store_path), endpoint_url),
                        timeout)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"spacekg: error: {message}", err=True)
    sys.exit(code)


class Group(click.Group):
    """Turns SpacekgError into one line on stderr and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SpacekgError as e:
            fail(str(e), e.exit_code)
        except KeyboardInterrupt:
            fail("interrupted; the store is unchanged", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spacekg")
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), envvar="SPACEKG_STORE",
              help=STORE_HELP)
@click.pass_context
def cli(ctx, store_path):
    """Turn space-mining market reports into a knowledge graph you can question.

    \b
    spacekg build                      build the graph of the bundled sample report
    spacekg build reports/             ... or of your own reports (.txt .md .html .pdf)
    spacekg sparql 'SELECT ...'        query it with SPARQL
    spacekg export --format ttl        export it
    """
    ctx.obj = {"store": store_path}


# ---------------------------------------------------------------- build / extract

@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--force", is_flag=True, help="Rebuild documents even when their content is unchanged.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes that extract in parallel (0: one per CPU core).")
@click.option("--scheduler", metavar="ADDRESS", envvar="SPACEKG_SCHEDULER",
              help="Extract on a Dask cluster instead: its scheduler, e.g. tcp://10.0.0.5:8786 "
                   "(env SPACEKG_SCHEDULER; needs spacekg[cluster]). PATHS may then be fsspec URLs (s3://...).")
@click.option("--push-to", metavar="URL",
              help="Send each document's graph to this SPARQL Graph Store Protocol URL "
                   "(Oxigraph: .../store) instead of the local store.")
@click.option("--endpoint", "endpoint_url", metavar="URL",
              help="With --push-to: the same server's query URL (Oxigraph: .../query), read to skip "
                   "documents it already holds unchanged.")
@server_auth_options(when="With --push-to: ")
@format_option("table", "json")
def build(paths, store_path, force, jobs, scheduler, push_to, endpoint_url, user, password, auth, fmt):
    """Read reports, extract facts and store them as RDF (no PATHS: the bundled sample report).

    PATHS are files or directories (searched recursively). A document is identified by its file
    name: an unchanged one (same SHA-256) is skipped, a changed one has its named graph replaced.
    The whole build lands in the store at once, or not at all. Exit code 1 when any file failed;
    the good files are stored all the same.

    \b
    On a Dask cluster (see README, "Running on a cluster"):
    spacekg build --scheduler tcp://HOST:8786 reports/
    spacekg build --scheduler tcp://HOST:8786 reports/ --push-to http://HOST:7878/store --endpoint http://HOST:7878/query
    """
    import os

    if (endpoint_url or user) and not push_to:
        fail("--endpoint and --user go with --push-to", 2)
    if scheduler or push_to:
        return _build_elsewhere(paths, store_path, force, jobs or os.cpu_count() or 1, scheduler, push_to,
                                endpoint_url, user, password, auth, fmt == "json")

    from .corpus import build as run_build
    from .graph.store import Store

    store = Store.open(store_path_or_default(store_path), create=True)
    bar = _progress_bar("building")
    try:
        report = run_build(paths, store, force=force, progress=bar, jobs=jobs or os.cpu_count() or 1,
                           piece_progress=bar.piece)
    finally:
        if bar:
            bar.close()
    _summarise(store)
    for err in report.failed:
        click.echo(f"spacekg: error: {err}", err=True)
    if fmt == "json":
        click.echo(json.dumps({"documents": report.documents, "unchanged": report.unchanged,
                               "failed": [{"path": e.path, "error": e.problem} for e in report.failed],
                               "players": report.players, "player_mentions": report.player_mentions,
                               "relations": report.relations,
                               "triples": report.triples, "seconds": round(report.seconds, 3),
                               "jobs": report.jobs, "store": str(store.path),
                               **report.aliases.to_json()}, indent=2))
    else:
        click.echo(f"Built {len(report.documents)} document(s) in {report.seconds:.1f} s "
                   f"({len(report.unchanged)} unchanged, {len(report.failed)} failed)")
        summed = (f" ({report.player_mentions} counted per document)"
                  if report.player_mentions != report.players else "")
        click.echo(f"  players: {report.players}{summed}   relations: {report.relations}   "
                   f"triples in store: {report.triples}")
        click.echo(f"  store: {store.path}")
        for line in report.aliases.lines():
            click.echo(f"  {line}")
    if report.failed:
        sys.exit(1)


def _summarise(store) -> None:
    """The whole-store summaries of the snapshot a build or remove made, so that the first question
    about every report is as fast as the next (queries/summaries.py)."""
    from .queries.summaries import summarise

    summarise(store)


class ProgressLines:
    """Progress when stderr is not a terminal (a log, CI): a line `building: 16/120 documents` at
    most every `every` seconds, and the last one if any was printed; a short build prints none."""

    def __init__(self, label: str, unit: str = "documents", every: float = 10.0, clock=None):
        import time
        self.label, self.unit, self.every = label, unit, every
        self.clock = clock or time.monotonic
        self.last = self.clock()
        self.printed = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if (done < total and now - self.last >= self.every) or (done >= total and self.printed):
            click.echo(f"{self.label}: {done:,}/{total:,} {self.unit}", err=True)
            self.last, self.printed = now, True

    def piece(self, name: str, done: int, total: int) -> None:
        """A long document extracted in pieces: `building: big.txt: piece 3/40`, at the same pace."""
        now = self.clock()
        if now - self.last >= self.every or (done >= total and self.printed):
            click.echo(f"{self.label}: {name}: piece {done:,}/{total:,}", err=True)
            self.last, self.printed = now, True

    def close(self) -> None:
        pass


def _build_elsewhere(paths, store_path, force, jobs, scheduler, push_to, endpoint_url, user, password, auth,
                     as_json):
    """`build --scheduler` and/or `--push-to`: extraction on a Dask cluster, documents to a server."""
    from .cluster import Push, cluster_build

    target = Push(push_to, endpoint_url, user, password, auth) if push_to else None
    store = None
    if target is None:
        from .graph.store import Store
        store = Store.open(store_path_or_default(store_path), create=True)
    elif store_path is not None:
        fail("give --store or --push-to, not both", 2)
    line = _StatusLine()

    def connected(report):
        if report.dashboard and sys.stderr.isatty():
            click.echo(f"spacekg: Dask dashboard: {report.dashboard}", err=True)

    try:
        report = cluster_build(paths, store, scheduler=scheduler, push_to=target, force=force, jobs=jobs,
                               progress=line, on_connect=connected)
    finally:
        line.close()
    if store is not None:
        _summarise(store)
    for err in report.failed:
        click.echo(f"spacekg: error: {err}", err=True)
    where = {"store": str(store.path)} if store is not None else {"pushed_to": report.pushed_to}
    if as_json:
        click.echo(json.dumps({"documents": report.documents, "unchanged": report.unchanged,
                               "failed": [{"path": e.path, "error": e.problem} for e in report.failed],
                               "players": report.players, "relations": report.relations,
                               "triples": report.triples, "seconds": round(report.seconds, 3),
                               "jobs": report.jobs, "scheduler": report.scheduler, "workers": report.workers,
                               "dashboard": report.dashboard, **where, **report.aliases.to_json()}, indent=2))
    else:
        on = f" on {report.workers} Dask worker(s) at {scheduler}" if scheduler and report.workers else ""
        click.echo(f"Built {len(report.documents)} document(s){on} in {report.seconds:.1f} s "
                   f"({len(report.unchanged)} unchanged, {len(report.failed)} failed)")
        if store is not None:
            click.echo(f"  players: {report.players}   relations: {report.relations}   "
                       f"triples in store: {report.triples}")
            click.echo(f"  store: {store.path}")
            for line in report.aliases.lines():
                click.echo(f"  {line}")
        else:
            click.echo(f"  players: {report.players}   relations: {report.relations}   "
                       f"triples sent: {report.triples}")
            click.echo(f"  pushed to: {report.pushed_to}")
            for line in report.aliases.lines():
                click.echo(f"  {line}")
    if report.failed:
        sys.exit(1)


class _StatusLine:
    """Documents done, failed and the rate, on one line of a terminal; nothing when piped."""

    def __init__(self):
        self.shown = False

    def __call__(self, p) -> None:
        if not sys.stderr.isatty():
            return
        left = (p.total - p.done) / p.rate if p.rate else 0
        click.echo(f"\rbuilding: {p.done}/{p.total} done, {p.failed} failed, {p.rate:.2f} docs/s, "
                   f"{left:.0f} s left ", nl=False, err=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo(err=True)


def _progress_bar(label: str = "extracting", unit: str = "documents"):
    """A progress bar on a terminal; progress lines when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        return ProgressLines(label, unit)

    class Bar:
        def __init__(self):
            self.bar = None

        def __call__(self, done: int, total: int):
            if self.bar is None:
                self.bar = click.progressbar(length=total, label=label, file=sys.stderr,
                                             show_eta=True, show_pos=True)
            self.bar.update(done - self.bar.pos)

        def piece(self, name: str, done: int, total: int):
            if self.bar is None:        # a long document's pieces, before its documents' bar starts
                click.echo(f"\r{label}: {name}: piece {done}/{total} ", nl=done >= total, err=True)

        def close(self):
            if self.bar is not None:
                self.bar.render_finish()

    return Bar()


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction JSON (the contract in README.md).")
@click.option("--explain", is_flag=True,
              help="For every player and fact the rule that produced it and its sentence; every rejected name "
                   "with the rule that refused it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="With --explain: text for reading, json for scripts.")
def extract(file, as_json, explain, fmt):
    """Extract the facts of one document, without touching any store."""
    from .extract import extract as run_extract

    extraction = run_extract(file)
    if explain:
        from .extract.explain import explain as explain_facts, render
        explained = explain_facts(extraction)
        click.echo(json.dumps(explained, indent=2, ensure_ascii=False) if fmt == "json" else render(explained))
        return
    result = extraction.to_json()
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    from .queries.format import table
    click.echo(f"{result['doc']}: {result['title'] or ''}")
    click.echo(f"\nplayers ({len(result['players'])})")
    click.echo(table(["name", "kind", "aliases"],
                     [[p["name"], p["kind"], "; ".join(p["aliases"])] for p in result["players"]]))
    click.echo(f"\ntargets ({len(result['targets'])})")
    click.echo(table(["player", "resource", "platform", "evidence"],
                     [[t["player"], _join(t.get("resource")), _join(t.get("platform")), t.get("evidence")]
                      for t in result["targets"]]))
    click.echo(f"\ncollaborations ({len(result['collaborations'])})")
    click.echo(table(["player", "player"], result["collaborations"]))
    click.echo(f"\ntechnologies ({len(result['technologies'])})")
    click.echo(table(["player", "technology"], [[t["player"], t["technology"]] for t in result["technologies"]]))
    click.echo(f"\nmarket ({len(result['market'])})")
    click.echo(table(["metric", "value", "year/period"],
                     [[m["metric"], m.get("value_usd", m.get("percent")),
                       m.get("year") or f"{m.get('from')}-{m.get('to')}"] for m in result["market"]]))


def _join(v) -> str:
    return "; ".join(v) if isinstance(v, list) else (v or "")


# ---------------------------------------------------------------- querying

@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r"), help="Read the query from a .rq file.")
@store_option
@click.option("--json", "fmt", flag_value="json", help="Same as --format json.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"]),
              default="table", show_default=True,
              help="SELECT/ASK: table, csv, tsv, json (SPARQL 1.1 JSON), xml. CONSTRUCT/DESCRIBE: ttl, nt, jsonld.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Stop the query after this many seconds.")
@endpoint_option
def sparql(query, query_file, store_path, fmt, timeout, endpoint_url):
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the store.

    The prefixes sm:, smr:, skos:, prov:, schema:, rdf:, rdfs:, xsd:, owl: and dcterms: are
    predeclared; the default graph is the union of all documents. Updates, LOAD, SERVICE and
    FROM graphs outside the store are refused.
    """
    if query_file is not None:
        query = query_file.read()
    if not query or not query.strip():
        fail("give a query, or -f FILE.rq", 2)
    results = open_source(store_path, endpoint_url).query(query, timeout=timeout)
    click.echo(render_results(results, fmt))


def render_results(results, fmt: str) -> str:
    from .graph.results import compact
    from .queries.format import render

    if results.kind == "graph":
        return results.serialize(fmt if fmt in ("nt", "jsonld", "xml") else "ttl").decode("utf-8").rstrip("\n")
    if results.kind == "ask":
        if fmt == "table":
            return "yes" if results.boolean else "no"
        return results.serialize(fmt if fmt != "table" else "json").decode("utf-8").rstrip("\n")
    if fmt in ("json", "xml", "csv", "tsv"):
        return results.serialize(fmt).decode("utf-8").rstrip("\n")
    return render(results.variables, [[compact(t) for t in row] for row in results.rows], "table")


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a parameter: an IRI (<...> or smr:...) or a literal. Repeatable.")
@click.option("--show", is_flag=True, help="Print the query's SPARQL instead of running it.")
@store_option
@click.option("--json", "fmt", flag_value="json", help="Same as --format json.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="Output format.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Stop the query after this many seconds.")
@click.option("--iris", is_flag=True, help="Show IRIs in the table instead of labels.")
@endpoint_option
def query(name, list_, params, show, store_path, fmt, timeout, endpoint_url, iris):
    """Run a named query from the library (queries/*.rq).

    Parameters take plain names as `ask` does (-p platform=Moon, -p target="lunar ice") or IRIs
    (-p platform=smr:platform/moon); a name that matches nothing is an error (exit code 2).
    """
    from .queries.library import get, named_queries, run_named
    from .queries.names import resolve_params

    if list_ or not name:
        from .queries.format import table
        rows = [[q.name, ", ".join(q.params), q.summary.split(". ")[0].rstrip(".") + "."]
                for q in named_queries().values()]
        click.echo(table(["name", "parameters", "answers (query NAME --show for more)"], rows))
        return
    if show:
        click.echo(get(name).text.rstrip("\n"))
        return
    bindings = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep:
            fail(f"--param takes KEY=VALUE, got '{p}'", 2)
        bindings[key.strip()] = value
    source = open_source(store_path, endpoint_url)
    bindings = resolve_params(source, name, bindings)
    results = run_named(source, name, timeout=timeout, **bindings)
    if fmt == "table" and results.kind == "select":
        from .graph.results import compact, plain
        from .queries.access import Reader
        from .queries.format import readable, table
        from .queries.names import Names

        labels = {} if iris else {e.iri: e.label for e in Names.load(Reader(source)).entities}
        headers, rows = readable(results.variables, [[plain(t) for t in row] for row in results.rows], labels, iris)
        if iris:
            rows = [[compact(t) for t in row] for row in results.rows]
        click.echo(table(headers, rows))
        return
    click.echo(render_results(results, fmt))


# ---------------------------------------------------------------- export / stats

EXPORT_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD",
                  "rdfxml": "RDF_XML"}


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="ttl", show_default=True,
              help="ttl/nt/rdfxml: all documents merged into one graph; trig/nq/jsonld: one named graph each.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default stdout); a FIFO or device is written as it is.")
def export(store_path, fmt, output):
    """Export the graph as Turtle, N-Triples, JSON-LD, TriG, N-Quads or RDF/XML."""
    import pyoxigraph as ox

    store = open_store(store_path)
    data = store.dump(getattr(ox.RdfFormat, EXPORT_FORMATS[fmt]))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from .output import write_bytes
    try:
        write_bytes(output, data)
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}")
    click.echo(f"wrote {len(data):,} bytes to {output}", err=True)


@cli.command()
@store_option
@endpoint_option
@format_option("table", "json")
@click.option("--centrality", is_flag=True,
              help="Rank the players by degree, betweenness and PageRank, and list the clusters.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="With --centrality: how many players per measure.")
@timeout_option()
def stats(store_path, endpoint_url, fmt, centrality, top, timeout):
    """Counts of documents, players, relations and triples in the store.

    With --centrality: the most central players of the network view (the graph `spacekg viz`
    draws) by degree, betweenness and PageRank, and its clusters (Louvain communities).
    """
    source = open_source(store_path, endpoint_url, timeout)
    if centrality:
        _print_centrality(source, fmt, top)
        return
    from .queries.stats import store_stats

    figures = store_stats(source)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2))
    else:
        from .queries.format import table
        click.echo(table(["what", "count"], list(figures.items())))


def _print_centrality(store, fmt: str, top: int) -> None:
    from dataclasses import asdict

    from .queries.analytics import centrality, communities
    from .queries.network import project
    from .queries.format import table

    graph = project(store)
    ranked = centrality(graph, top)
    clusters = [c for c in communities(graph) if c.size > 1]
    if fmt == "json":
        out = {measure: [asdict(r) for r in rows] for measure, rows in ranked.items()}
        out["communities"] = [asdict(c) for c in clusters]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    titles = {"degree": "degree centrality", "betweenness": "betweenness centrality", "pagerank": "PageRank"}
    for measure, rows in ranked.items():
        click.echo(f"top players by {titles[measure]}")
        click.echo(table(["rank", "player", "score", "edges"], [[r.rank, r.player, f"{r.score:.4f}", r.degree]
                                                                 for r in rows]))
        click.echo()
    click.echo(f"clusters ({len(clusters)} with more than one member)")
    click.echo(table(["cluster", "size", "players", "other members"],
                     [[c.id + 1, c.size, ", ".join(c.players),
                       ", ".join(m for m in c.members if m not in c.players)] for c in clusters]))


@cli.command()
@click.argument("names", nargs=-1, required=True)
@store_option
def remove(names, store_path):
    """Drop documents from the store, by file name (a path works too: its folders are ignored).

    All of them go in one atomic write. Exit code 1 when a name is not in the store.
    """
    from .corpus import remove as run_remove

    resolved = []
    store = open_store(store_path)
    removed = run_remove(names, store, on_aliases=resolved.append)
    _summarise(store)
    for name in names:
        click.echo(f"{'removed' if name in removed else 'not in store'}: {name}")
    for line in (resolved[0].lines() if resolved else []):
        click.echo(line)
    if len(removed) < len(names):
        sys.exit(1)


# ---------------------------------------------------------------- questions: ask, players, map

@cli.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--show-sparql", is_flag=True, help="Also print the named queries it ran, with their parameters.")
@store_option
@endpoint_option
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Rows to show in each table (default 50 in a table, every row in JSON and CSV; 0: all).")
@format_option("table", "json", "csv")
@timeout_option()
def ask(question, show_sparql, limit, store_path, endpoint_url, fmt, timeout):
    """Answer a plain-English QUESTION from the graph, with the evidence sentences.

    \b
    spacekg ask "which players target lunar ice?"
    spacekg ask "who mines helium-3 on the Moon?"
    spacekg ask "what does PLAYER develop?"
    spacekg ask "who collaborates with PLAYER?"
    spacekg ask "which developments involve the Moon?"
    spacekg ask "what is the CAGR?"
    spacekg ask "compare PLAYER and PLAYER"
    spacekg ask "who partners with whom?"
    spacekg ask "what happened in 2029?"
    spacekg ask "how many players target the Moon?"
    spacekg ask "which players are based in Japan?"

    Every word of the question must be understood: a question with a word no answer takes into
    account is declined with what was understood, the nearest forms, and exit code 2. Understood
    and nothing found: "the reports don't say", exit code 0.
    """
    from .queries.answer import render_answer
    from .queries.ask import ask as answer_question

    from .queries.answer import TABLE_ROWS

    shown = limit if limit is not None else (TABLE_ROWS if fmt == "table" else 0)
    answer = answer_question(open_source(store_path, endpoint_url), " ".join(question), limit=shown, timeout=timeout)
    click.echo(render_answer(answer, fmt, show_sparql, limit))


@cli.command()
@click.option("--resource", help="Only players targeting this resource (a name, alias or synonym: 'lunar ice', 'PGMs').")
@click.option("--platform", help="Only players targeting this platform ('Moon', 'NEAs').")
@click.option("--technology", help="Only players developing or using this technology ('ISRU').")
@click.option("--sort", type=click.Choice(["name", "reports"]), default="name", show_default=True,
              help="Order by name, or by the number of reports that mention each player (most first).")
@click.option("--aliases", "show_aliases", is_flag=True,
              help="Instead: the acronyms reports define ('Full Name (ACR)') and the reports whose bare "
                   "acronym was joined to that player, with the defining sentence.")
@store_option
@endpoint_option
@format_option("table", "json", "csv", "tsv")
@timeout_option()
def players(resource, platform, technology, sort, show_aliases, store_path, endpoint_url, fmt, timeout):
    """The players in the store, with what they target and develop; filter by resource, platform, technology.

    A resource and a platform together must be named by the same claim (Water/Ice AND Moon).
    The reports column counts the reports that mention each player.
    """
    from .queries.format import render
    from .queries.players import alias_table, players_table

    if show_aliases:
        if resource or platform or technology:
            fail("--aliases lists acronyms: it takes no --resource, --platform or --technology", 2)
        result = alias_table(open_source(store_path, endpoint_url, timeout))
        if fmt == "table":                       # every report and the whole sentence in json, csv and tsv
            from .text import shorten
            result.columns = ["acronym", "player", "status", "defined in", "joined in", "sentence"]
            result.rows = [[a, p, st, d, j if j.count("; ") < 1 else f"{j.count('; ') + 1} reports", shorten(sentence, 70)]
                           for a, p, st, d, j, _rule, sentence in result.rows]
    else:
            result = players_table(open_source(store_path, endpoint_url, timeout), resource=resource,
                               platform=platform, technology=technology, sort=sort)
    if fmt == "table":
        click.echo(f"{result.understood}: {len(result.rows)}")
    click.echo(render(result.columns, result.rows, fmt))


@cli.command(name="map")
@click.option("--dimension", "dimensions", multiple=True,
              type=click.Choice(["resource", "platform", "phase", "application"]),
              help="Only these dimensions (repeatable; default: all that have claims).")
@click.option("--evidence", is_flag=True, help="List the statements behind every cell.")
@output_option("Also draw a labelled heatmap to FILE (.png, .svg or .pdf).")
@store_option
@endpoint_option
@format_option("table", "json", "csv")
@timeout_option()
def competitive_map(dimensions, evidence, output, store_path, endpoint_url, fmt, timeout):
    """The competitive map: players x resources, platforms, phases and applications.

    A cell counts the statements (target claims and developments, one per sentence) that put a
    player on a resource, platform, phase or application.
    """
    from .queries import competitive_map as cm

    maps = cm.competitive_map(open_source(store_path, endpoint_url, timeout), dimensions or None, evidence=evidence)
    click.echo(cm.render(maps, fmt, evidence))
    if output is not None:
        cm.heatmap(maps, output)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.option("--compare", "compare_", is_flag=True,
              help="Project every publisher's estimate to a common year with its own CAGR; show the spread.")
@click.option("--year", type=click.IntRange(1900, 2200), help="With --compare: the common year (default: per market, "
              "the year most estimates cover).")
@click.option("--check", "check_", is_flag=True,
              help="Check base x (1 + CAGR)^years against the forecast (within 2%, after rounding), and pages "
                   "that state two values for one year.")
@click.option("--optimistic", is_flag=True, help="Per market, the estimate that expects the fastest growth.")
@click.option("--market", "market_name", metavar="SCOPE", help="Only this market scope ('space mining').")
@output_option("With --compare: also draw the estimates to FILE (.png, .svg or .pdf).")
@store_option
@endpoint_option
@format_option("table", "csv", "json")
@timeout_option()
def market(compare_, year, check_, optimistic, market_name, output, store_path, endpoint_url, fmt, timeout):
    """Market sizings by market and region: publisher, year, USD value, CAGR window, evidence.

    \b
    spacekg market                          every figure
    spacekg market --compare --year 2030    every estimate in 2030, the spread, -o compare.png
    spacekg market --check                  do base, forecast and CAGR agree? (exit 1 when not)
    spacekg market --optimistic             who expects the fastest growth
    """
    from .queries import market as mk
    from .queries.format import render

    if sum(map(bool, (compare_, check_, optimistic))) > 1:
        fail("give one of --compare, --check, --optimistic", 2)
    if year is not None and not (compare_ or optimistic):
        fail("--year needs --compare or --optimistic", 2)
    out = output
    if out is not None and not compare_:
        fail("--output needs --compare", 2)
    source = open_source(store_path, endpoint_url, timeout)
    if compare_:
        result = mk.compare(source, year, market_name)
        if fmt == "json":
            click.echo(json.dumps({**_plain(result), "summary": result.summary}, indent=2, ensure_ascii=False))
        else:
            click.echo(render(result.columns, result.rows, fmt))
            if fmt == "table":
                click.echo()
                click.echo(render(mk.SPREAD_COLUMNS, result.spread_rows, fmt))
                click.echo()
                click.echo(result.summary)
        if out is not None:
            mk.chart(result, out, source)
            click.echo(f"wrote {out}", err=True)
        return
    if check_:
        result = mk.check(source, market_name)
        if fmt == "json":
            click.echo(json.dumps({**_plain(result), "summary": result.summary}, indent=2, ensure_ascii=False))
        else:
            rows = result.rows if fmt != "table" else [r[:-1] for r in result.rows]
            click.echo(render(result.columns if fmt != "table" else result.columns[:-1], rows, fmt))
            if fmt == "table":
                click.echo()
                for f in result.inconsistent:
                    click.echo(f"not consistent: {f.message}")
                click.echo(result.summary)
        if result.inconsistent:
            sys.exit(1)
        return
    result = mk.most_optimistic(source, year, market_name) if optimistic else mk.figure_table(source, market_name)
    if fmt == "json":
        click.echo(json.dumps({"summary": result.summary,
                               "rows": [dict(zip(result.columns, r)) for r in result.rows]}, indent=2,
                              ensure_ascii=False))
        return
    if fmt == "table":
        click.echo(result.summary)
    click.echo(render(result.columns, result.rows, fmt))


def _plain(result) -> dict:
    from dataclasses import asdict
    return asdict(result)


# ---------------------------------------------------------------- visualisation: viz

@cli.command()
@output_option("File to write; its extension picks the format: .html .png .svg .graphml .gexf .dot.",
               required=True)
@click.option("--focus", metavar="ENTITY", help="Show only the neighbourhood of this entity (name, alias or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many steps away from the entity to go.")
@click.option("--types", metavar="LIST",
              help="Node types to show, comma-separated: player,resource,platform,technology,development,region,counterparty (unnamed).")
@click.option("--min-degree", type=click.IntRange(min=0), default=0, show_default=True,
              help="Drop nodes with fewer edges than this (after --types and --focus).")
@click.option("--title", help="Title of the page or picture.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the layout and the clusters.")
@store_option
@endpoint_option
@timeout_option(60.0)
def viz(output, focus, depth, types, min_degree, title, seed, store_path, endpoint_url, timeout):
    """Draw the market network: players, resources, platforms, technologies, developments.

    \b
    spacekg viz -o market.html                       interactive page (works offline)
    spacekg viz -o moon.png --focus Moon --depth 2   a picture of one neighbourhood
    spacekg viz -o market.graphml                    for Gephi, Cytoscape, yEd
    """
    from .queries.network import parse_types, project, view
    from .viz import format_of, write

    if output is None:
        fail("give -o/--output FILE (its extension picks the format)", 2)
    out = output
    fmt = format_of(out)
    wanted = parse_types(types)
    if focus is None and depth != 1:
        fail("--depth needs --focus", 2)
    whole = project(open_source(store_path, endpoint_url), timeout=timeout)
    graph = view(whole, focus=focus, depth=depth, types=wanted, min_degree=min_degree, seed=seed)
    write(graph, out, title=title, seed=seed)
    clusters = len({d["community"] for _, d in graph.nodes(data=True)})
    click.echo(f"wrote {fmt}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
               f"{clusters} clusters to {out}", err=True)


# ---------------------------------------------------------------- serving: serve, push

@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can connect to 127.0.0.1; 0.0.0.0 opens it to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="Stop each query after this many seconds (HTTP 408).")
@click.option("--max-request-bytes", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Refuse larger requests (HTTP 413).")
@click.option("--max-query-memory", type=click.IntRange(min=0), default=1024, show_default=True,
              help="MiB of memory each query may use (HTTP 507 beyond; 0: no limit).")
def serve(store_path, host, port, timeout, max_request_bytes, max_query_memory):
    """Serve the store: a read-only SPARQL 1.1 endpoint at /sparql and a query page at /.

    \b
    curl http://127.0.0.1:8000/sparql --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3'
    SERVICE, updates, LOAD and FROM graphs outside the store are refused (HTTP 400). A new
    `spacekg build` is seen by the next query, without a restart.
    """
    from .server.run import serve as run_server

    store = open_store(store_path)

    def announce(url: str) -> None:
        click.echo(f"spacekg: serving {store.path} at {url} (SPARQL endpoint: {url}sparql); Ctrl-C stops")

    run_server(store, host=host, port=port, timeout=timeout, max_request_bytes=max_request_bytes, announce=announce,
               query_memory=max_query_memory * 2**20 or None)


@cli.command()
@store_option
@endpoint_option
@format_option("table", "json", "ttl")
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default=None,
              help="SHACL engine (default: pyshacl-turbo when installed, else pySHACL).")
@timeout_option()
def validate(store_path, endpoint_url, fmt, engine, timeout):
    """Check every document graph against the SHACL shapes (spacekg/data/shapes.ttl).

    Prints each violation with its graph, focus node, path and message; exits 1 when any.
    With --endpoint, checks the spacekg graphs on a SPARQL server (what `spacekg push` sent).
    """
    from .graph.shapes import report_ttl, short, validate_source

    source = open_source(store_path, endpoint_url, timeout)
    bar = _progress_bar("validating")
    try:
        found = validate_source(source, engine=engine, progress=bar)
    finally:
        if bar:
            bar.close()
    bad = {g: vs for g, vs in found.items() if vs}
    count = sum(len(vs) for vs in bad.values())
    if fmt == "json":
        click.echo(json.dumps({"conforms": not bad, "graphs": len(found), "violations": count,
                               "results": [{"graph": g, **v.to_json()} for g, vs in bad.items() for v in vs]},
                              indent=2))
    elif fmt == "ttl":
        click.echo(report_ttl(found), nl=False)
    else:
        from .queries.format import table
        if bad:
            rows = [(short(g), short(v.focus), short(v.path), v.message)
                    for g, vs in bad.items() for v in vs]
            click.echo(table(["graph", "focus", "path", "message"], rows))
        where = endpoint_url or "the store"
        verdict = "conform" if not bad else f"do not conform: {count} violation(s) in {len(bad)} graph(s)"
        click.echo(f"{len(found)} document graph(s) in {where} checked against the shapes: "
                   f"{'all ' if not bad else ''}{verdict}", err=bool(bad))
    if bad:
        sys.exit(1)


@cli.command()
@store_option
@click.option("--update-endpoint", "endpoint_url", metavar="URL", callback=or_alias("endpoint_url"),
              help="SPARQL 1.1 Update URL (Oxigraph: .../update, Virtuoso: .../sparql-auth).")
@deprecated_alias("--endpoint", "--update-endpoint", "endpoint_url", metavar="URL")
@click.option("--graph-store", metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol URL, used first when given "
                   "(Oxigraph: .../store, Virtuoso: .../sparql-graph-crud-auth).")
@server_auth_options()
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Triples per request.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds to wait for each request.")
@format_option("table", "json")
@click.option("--no-validate", is_flag=True,
              help="Push even when the store's graphs do not conform to the shapes (`spacekg validate`).")
def push(store_path, endpoint_url, graph_store, user, password, auth, batch_size, timeout, fmt, no_validate):
    """Send every named graph to a SPARQL 1.1 server (Oxigraph, Virtuoso, Fuseki, GraphDB ...).

    Each graph replaces the server's graph of the same name, so pushing twice leaves no
    duplicates: Graph Store Protocol PUT when --graph-store is given, else (or when the graph store
    does not take it) DROP + INSERT DATA through --endpoint, in batches.
    """
    from .graph.remote.push import push as run_push

    if not endpoint_url and not graph_store:
        fail("give --update-endpoint URL (SPARQL Update) and/or --graph-store URL (Graph Store Protocol)", 2)
    from click.core import ParameterSource
    given = click.get_current_context().get_parameter_source("password") == ParameterSource.COMMANDLINE
    if given and user is None:
        fail("--password needs --user", 2)
    store = open_store(store_path)
    if not no_validate:
        from .graph.shapes import validate_source
        bad = {g: vs for g, vs in validate_source(store).items() if vs}
        if bad:
            graph, violations = next(iter(bad.items()))
            fail(f"the store does not conform to the shapes ({sum(map(len, bad.values()))} violation(s) in "
                 f"{len(bad)} graph(s); first, in {graph}: {violations[0].line()}); nothing was pushed; "
                 f"`spacekg validate` lists them, --no-validate pushes anyway")
    bar = _progress_bar("pushing", "triples")
    try:
        report = run_push(store, endpoint=endpoint_url, graph_store=graph_store, user=user, password=password,
                          auth=auth, batch_size=batch_size, progress=bar, timeout=timeout)
    finally:
        if bar:
            bar.close()
    for note in report.notes:
        click.echo(f"spacekg: note: {note}", err=True)
    target = graph_store if report.method == "graph-store" else endpoint_url
    if fmt == "json":
        click.echo(json.dumps({"target": target, "method": report.method, "graphs": report.graphs,
                               "triples": report.triples, "requests": report.requests,
                               "seconds": round(report.seconds, 3)}, indent=2))
    else:
        how = "Graph Store Protocol" if report.method == "graph-store" else "SPARQL Update"
        click.echo(f"Pushed {report.triples} triples in {len(report.graphs)} graph(s) to {target} "
                   f"with {how} ({report.requests} requests, {report.seconds:.1f} s)")



# ---------------------------------------------------------------- evaluation: eval

@cli.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--docs", type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding the documents (default: beside each gold file).")
@format_option("table", "json")
@click.option("--errors", is_flag=True, help="Also list what was missed and what was extra, per document.")
def eval_(gold, docs, fmt, errors):
    """Score extraction against gold annotations: precision, recall and F1 per category.

    GOLD is a gold JSON file (schema of tests/gold/seed.json) or a folder of them; each is
    matched to its document by its "doc" field. A folder's figures sum the counts over its
    documents.
    """
    from .evaluate import CATEGORIES, evaluate, total

    result = evaluate(gold, docs)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(details=errors), indent=2))
        return
    from .queries.format import table

    def rows(scores):
        out = [[c, f"{s.p:.3f}", f"{s.r:.3f}", f"{s.f1:.3f}", s.tp, s.pred, s.gold] for c, s in scores.items()]
        t = total(scores)
        return out + [["overall", f"{t.p:.3f}", f"{t.r:.3f}", f"{t.f1:.3f}", t.tp, t.pred, t.gold]]

    header = ["category", "P", "R", "F1", "tp", "pred", "gold"]
    if len(result.documents) > 1:
        click.echo(table(["document"] + [c for c in CATEGORIES] + ["overall F1"],
                         [[d.doc_path.name] + [f"{d.scores[c].f1:.2f}" for c in CATEGORIES]
                          + [f"{total(d.scores).f1:.2f}"] for d in result.documents]))
        click.echo()
    for d in result.documents if errors else []:
        click.echo(f"{d.doc_path.name}:")
        for c, s in d.scores.items():
            for m in s.missing:
                click.echo(f"  {c:15} missing  {m}")
            for x in s.extra:
                click.echo(f"  {c:15} extra    {x}")
    click.echo(table(header, rows(result.scores)))



def main() -> None:
    cli(prog_name="spacekg")


if __name__ == "__main__":
    main()
