"""Building: files -> documents -> facts -> named graphs -> the store, in one atomic write.

    >>> from spacekg import build
    >>> report = build(["reports/"], store="my-store", jobs=2)
    >>> report.documents, report.unchanged, report.triples

How a build runs (a corpus of thousands of reports, in bounded memory):

1. Plan: expand directories (recursively), hash every file (SHA-256 of its bytes) and skip those
   whose hash is already in the store; two files with the same name are one document twice, so
   the second is refused (a document is identified by its file name). Two different names that
   make the same report IRI (`a b.txt`, `a-b.txt`, `A_B.txt`) would share one named graph: the
   second is refused with an error naming both, the one already in the store winning, so each
   document keeps its graph and its IRI across rebuilds.
2. Extract, in chunks of a few documents: each chunk is read, parsed with spaCy's `nlp.pipe` in
   shared batches (`Extractor.extract_many`), turned into its named graphs and serialised to
   N-Quads. With `jobs` > 1 the chunks go to worker processes, forked from a fork server that
   has loaded the pipeline once; only the N-Quads bytes travel back. Parsed spaCy Docs never
   outlive their chunk. A long document (over `extract.pieces.LONG_DOCUMENT_CHARS` characters) is
   extracted on its own in pieces cut at section and block boundaries, each parsed and let go
   before the next (spacekg/extract/pieces.py), so memory stays flat however long a document is;
   when the build runs in this process (one job, or a single document), `piece_progress` hears of
   each piece.
3. Write: the parent streams the documents' quads into one new store snapshot as they arrive,
   a few megabytes at a time through pyoxigraph's bulk loader (`Store.writer`, replacing each
   document's named graph); the snapshot becomes current only when the whole build has
   succeeded, so an interrupted build leaves the store as it was.

Bad files are reported one by one (`BuildReport.failed`) and never stop the good ones.
"""
from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import InputError, SpacekgError
from .graph import convert, iri
from .graph.aliases import Resolution, resolve as resolve_aliases
from .graph.namespaces import ONTOLOGY_GRAPH, SM
from .graph.ontology import ontology_graph
from .graph.rdf import GRAPH_FORMAT
from .graph.store import Store

SAMPLE_REPORT = "china-space-mining-market.txt"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CHUNK_DOCS = 8                   # documents per unit of work: enough to fill spaCy's batches, small in memory
# N-Quads collected before one bulk load into the store. Each load adds files that RocksDB then
# compacts in the background: 32 MB loads cost the build's process 0.6 s less CPU than 8 MB ones
# on 200 reports (83 MB of N-Quads), for 24 MB more memory.
LOAD_BATCH_BYTES = 32 * 1024 * 1024


def sample_report() -> Path:
    """The report bundled with the package (used when `spacekg build` gets no path)."""
    return Path(str(resources.files("spacekg").joinpath(f"data/{SAMPLE_REPORT}")))


@dataclass
class BuildReport:
    documents: list[str] = field(default_factory=list)      # built (new or changed)
    unchanged: list[str] = field(default_factory=list)      # skipped: same content hash as stored
    failed: list[InputError] = field(default_factory=list)
    players: int = 0                                          # distinct players in the documents built
    player_mentions: int = 0                                  # each document's players, summed
    relations: int = 0
    triples: int = 0                                          # quads in the whole store afterwards
    seconds: float = 0.0
    jobs: int = 1                                             # worker processes used
    aliases: Resolution = field(default_factory=Resolution)   # acronyms joined across reports


@dataclass
class Outcome:
    """What extracting one document yields, in a form that crosses process boundaries cheaply."""
    path: str
    name: str = ""
    graph: str = ""                      # the named graph's IRI
    nquads: bytes = b""
    players: int = 0
    player_iris: tuple[str, ...] = ()    # the players' IRIs (one player in many documents counts once)
    relations: int = 0
    problem: str | None = None           # set when the document failed
    acronyms: tuple = ()                 # the AcronymDefinitions it writes ("Full Name (ACR)"): graph/aliases.py

    def error(self) -> InputError:
        return InputError(self.path, self.problem or "failed")


# ---------------------------------------------------------------- planning

def find_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[InputError]]:
    """Expand directories (recursively, supported formats only); report missing paths."""
    from .extract.reader import SUPPORTED_SUFFIXES

    files: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                errors.append(InputError(str(raw), "no supported files in this directory "
                                                   f"({', '.join(sorted(SUPPORTED_SUFFIXES))})"))
            files += found
        elif p.exists() and not p.is_file():       # is_file follows symlinks: a FIFO, device or socket
            errors.append(InputError(str(raw), "is not a regular file (a FIFO, device or socket): give a file"))
        elif p.exists():
            files.append(p)
        else:
            errors.append(InputError(str(raw), "no such file or directory"))
    return files, errors


def stored_hashes(store: Store) -> dict[str, str]:
    """File name -> content hash of every document in the store whose graph has today's shape
    (GRAPH_FORMAT): one built by an older spacekg is rebuilt like a changed file."""
    res = store.query("SELECT ?name ?hash ?format { ?r a sm:Report ; sm:fileName ?name ; sm:contentHash ?hash ; "
                      "sm:graphFormat ?format }", substitutions={"format": GRAPH_FORMAT})
    return {r["name"]: r["hash"] for r in res.records()}


def file_hash(path: Path) -> str | None:
    """SHA-256 of a file's bytes (what the reader stores as sm:contentHash); None if unreadable or
    not a regular file (a FIFO would never end: the reader refuses it in its own words)."""
    import stat

    h = hashlib.sha256()
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None                      # the reader reports the problem in its own words
    return h.hexdigest()


def stored_names(store: Store) -> dict[str, str]:
    """Report IRI -> file name of every document in the store (whatever its graph's shape)."""
    res = store.query("SELECT ?r ?name { ?r a sm:Report ; sm:fileName ?name }")
    return {r["r"]: r["name"] for r in res.records()}


def plan(files: list[Path], known: dict[str, str], report: BuildReport,
         owners: dict[str, str] | None = None) -> list[Path]:
    """The files to (re)build: not yet stored, or changed. Fills report.unchanged and .failed.

    `owners` (report IRI -> file name, see `stored_names`) are the documents already stored: a
    file whose name makes the IRI of another name's document is refused."""
    todo: list[Path] = []
    first_of: dict[str, Path] = {}
    seen: set[Path] = set()
    owner_of: dict[str, str] = dict(owners or {})          # report IRI -> the file name that has it
    shown: dict[str, str] = {}                             # file name -> how to name it in an error
    for f in files:
        resolved = f.resolve()
        if resolved in seen:             # the same file given twice (a path and its directory)
            continue
        seen.add(resolved)
        if f.name in first_of:
            report.failed.append(InputError(str(f), f"has the same file name as {first_of[f.name]}; a document "
                                                    f"is identified by its file name, so only the first is built"))
            continue
        first_of[f.name] = f
        graph = iri.report(f.name)
        other = owner_of.setdefault(graph, f.name)
        shown.setdefault(f.name, str(f))
        if other != f.name:
            where = shown.get(other) or f"the stored document '{other}'"
            report.failed.append(InputError(str(f), f"its file name makes the same report IRI <{graph}> as {where}, "
                                                    f"so one would overwrite the other; rename one of them (or "
                                                    f"`spacekg remove` the stored one first)"))
            continue
        digest = file_hash(f)
        if digest is not None and known.get(f.name) == digest:
            report.unchanged.append(f.name)
        else:
            todo.append(f)
    return todo


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# ---------------------------------------------------------------- extracting (in this process or a worker)

def process_chunk(extractor, paths: list[str]) -> list[Outcome]:
    """Read, extract and serialise a few documents; a document that fails becomes an Outcome with a problem."""
    from .extract.reader import read_document

    out: list[Outcome] = []
    docs = []
    for p in paths:
        try:
            docs.append(read_document(p))
        except InputError as e:
            out.append(Outcome(e.path, problem=e.problem))
    for doc, extraction in extract_all(extractor, docs):
        if isinstance(extraction, Exception):
            out.append(Outcome(doc.path, doc.name, problem=f"extraction failed: {_one_line(extraction)}"))
        else:
            out.append(outcome_of(doc, extraction))
    return out


def extract_all(extractor, docs: list) -> Iterator[tuple]:
    """(document, Extraction) in shared spaCy batches; if that fails, document by document, so one
    document that breaks extraction (say, a block over spaCy's length limit) fails alone."""
    try:
        results = list(extractor.extract_many(docs))
    except Exception:
        results = None
    if results is not None:
        yield from zip(docs, results)
        return
    for doc in docs:
        try:
            yield doc, extractor.extract(doc)
        except Exception as e:                   # reported as this document's problem
            yield doc, e


def outcome_of(doc, ex) -> Outcome:
    """A document's graph as N-Quads, validated against the shapes (data/shapes.ttl): a graph that
    does not conform is a bug in the graph builder, and the document fails instead of landing."""
    from rdflib import URIRef

    from .graph.rdf import document_triples

    report, triples = document_triples(ex, doc.sha256, doc.path, text_length=len(doc.text))
    lines = convert.statements(triples)
    data = convert.in_graph(lines, str(report))
    violations = _validator().check_statements(lines, str(report), {str(o) for _, _, o in triples
                                                                     if isinstance(o, URIRef)})
    if violations:
        more = f" (and {len(violations) - 1} more; `spacekg extract --json` shows the facts)" if len(violations) > 1 else ""
        return Outcome(doc.path, doc.name, problem=f"its graph violates the shapes: {violations[0].line()}{more}")
    relations = len(ex.targets) + len(ex.collaborations) + len(ex.technologies) + len(ex.developments)
    player_type = (RDF_TYPE, SM + "Player")
    players = tuple(sorted({str(s) for s, p, o in triples if (str(p), str(o)) == player_type}))
    from .extract.acronyms import definitions
    return Outcome(doc.path, doc.name, str(report), data, len(ex.players), players, relations,
                   acronyms=tuple(definitions(ex, doc.text)))


_VALIDATOR = None


def _validator():
    """The shapes validator of this process (its shapes are parsed once)."""
    global _VALIDATOR
    if _VALIDATOR is None:
        from .graph.shapes import Validator
        _VALIDATOR = Validator()
    return _VALIDATOR


def _one_line(e: Exception) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 200 else text[:197] + "..."


_WORKER_EXTRACTOR = None


def _worker_init(build_pid: int) -> None:
    """In a worker process: leave Ctrl-C to the build, end with it, load the pipeline (once).

    What the worker keeps for its whole life (the pipeline, the lexicon, the shapes) is then moved
    out of the garbage collector's sight (`gc.freeze`): every full collection would otherwise walk
    those objects again while documents are extracted (2-3 % of a worker's CPU time)."""
    global _WORKER_EXTRACTOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(build_pid,), daemon=True).start()
    from .extract.extractor import Extractor
    _WORKER_EXTRACTOR = Extractor()
    _validator()
    freeze_garbage_collection()


def freeze_garbage_collection() -> None:
    """Collect once, then leave every object alive now to the permanent generation (worker processes only)."""
    import gc

    gc.collect()
    gc.freeze()


@contextmanager
def garbage_collection_frozen() -> Iterator[None]:
    """While a build extracts in this process, what is alive when it starts (the pipeline, the
    lexicon, the shapes, and the caller's own objects) is out of the garbage collector's sight, as
    in a worker: full collections during extraction otherwise walk the loaded model again and
    again (0.5 s of CPU on 100 reports). Afterwards the objects are handed back to the collector.
    Does nothing when something in this process has frozen objects already (a worker): what it
    froze stays frozen."""
    import gc

    if gc.get_freeze_count():
        yield
        return
    freeze_garbage_collection()
    try:
        yield
    finally:
        gc.unfreeze()


def _exit_with(pid: int, every: float = 1.0) -> None:
    """End this worker when the build process is gone (killed with no chance to stop its workers):
    a worker would otherwise wait for work forever."""
    while _alive(pid):
        time.sleep(every)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:                 # Linux: a zombie is gone too
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _worker_chunk(paths: list[str]) -> list[Outcome]:
    return process_chunk(_WORKER_EXTRACTOR, paths)


def extract_chunks(work: list[list[str]], jobs: int,
                   piece_progress: Callable[[str, int, int], None] | None = None) -> Iterator[list[Outcome]]:
    """Outcomes chunk by chunk, in order; `jobs` > 1 spreads the chunks over worker processes.
    `piece_progress(document, pieces done, pieces)` follows a long document's pieces (one job only)."""
    if not work:
        return
    if jobs <= 1:
        from .extract.extractor import Extractor
        extractor = Extractor(on_piece=piece_progress)
        _validator()                # the shapes parsed now, so that they are frozen with the pipeline
        with garbage_collection_frozen():
            for paths in work:
                yield process_chunk(extractor, paths)
        return

    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(), initializer=_worker_init,
                               initargs=(os.getpid(),))
    restore = _interrupt_on_sigterm()
    try:
        futures = [pool.submit(_worker_chunk, paths) for paths in work]
        for f in futures:
            yield f.result()
    except BrokenProcessPool:
        raise SpacekgError("a build worker process died (out of memory?); the store is unchanged; "
                           "try fewer --jobs") from None
    finally:
        _stop(pool)
        restore()


def _interrupt_on_sigterm() -> Callable[[], None]:
    """While workers run, `kill` (SIGTERM) interrupts the build like Ctrl-C, so that the workers
    are stopped and the store is left unchanged; returns what restores the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _worker_context():
    """Workers forked from a fork server that has loaded the pipeline once (spacekg.buildworker);
    where there is no fork server, fresh interpreters. Never a fork of this process: it holds an
    open RocksDB store, and forking a process with its threads running is unsafe."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["spacekg.buildworker"])
        return ctx
    return multiprocessing.get_context("spawn")


def _stop(pool) -> None:
    """Shut the pool down now: queued chunks are cancelled and running workers (ours) are ended."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)


# ---------------------------------------------------------------- the build

def build(paths: Iterable[str | os.PathLike] | None = None, store: Store | str | os.PathLike | None = None,
          force: bool = False, progress: Callable[[int, int], None] | None = None, jobs: int = 1,
          chunk_docs: int = CHUNK_DOCS,
          piece_progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Read, extract and store `paths` (files or directories; default: the bundled sample report).

    `jobs` worker processes extract in parallel (each loads the spaCy pipeline once); `progress`
    is called with (documents done, documents to build); `piece_progress` with (document, pieces
    done, pieces) as a long document is extracted in pieces, when extraction runs in this process
    (one job, or one document: a single huge document is the whole build)."""
    started = time.perf_counter()
    st = store if isinstance(store, Store) else Store.open(store, create=True)
    report = BuildReport()
    files, report.failed = find_files(list(paths) if paths else [sample_report()])
    todo = plan(files, {} if force else stored_hashes(st), report, stored_names(st))

    if todo or not st.has_graph(str(ONTOLOGY_GRAPH)):
        # Few documents per chunk when there are few documents, so every worker gets some.
        size = max(1, min(chunk_docs, -(-len(todo) // max(1, 2 * jobs))))
        work = chunks([str(f) for f in todo], size)
        report.jobs = max(1, min(jobs, len(work)))
        done = 0
        players: set[str] = set()
        landed: dict[str, tuple] = {}
        with st.writer() as w:
            w.replace_graph(str(ONTOLOGY_GRAPH), convert.quads(ontology_graph()))
            batch = LoadBatch(w)
            for outcomes in extract_chunks(work, report.jobs, piece_progress):
                for o in outcomes:
                    done += 1
                    if o.problem is not None:
                        report.failed.append(o.error())
                        continue
                    batch.add(o.graph, o.nquads)
                    landed[o.graph] = o.acronyms
                    report.documents.append(o.name)
                    players.update(o.player_iris)
                    report.player_mentions += o.players
                    report.relations += o.relations
                if progress:
                    progress(done, len(todo))
            batch.flush()
            report.aliases = resolve_aliases(w.db, landed)
        renamed = {j.joined: j.player for j in report.aliases.applied}
        report.players = len({renamed.get(p, p) for p in players})
    report.triples = len(st)
    report.seconds = time.perf_counter() - started
    return report


class LoadBatch:
    """Documents' quads on their way into the store, loaded a few megabytes at a time (the bulk
    loader is fast on large batches and slow on tiny ones; memory stays bounded by `max_bytes`)."""

    def __init__(self, writer, max_bytes: int = LOAD_BATCH_BYTES):
        self.writer, self.max_bytes = writer, max_bytes
        self.graphs: list[str] = []
        self.data: list[bytes] = []
        self.size = 0

    def add(self, graph: str, nquads: bytes) -> None:
        self.graphs.append(graph)
        self.data.append(nquads)
        self.size += len(nquads)
        if self.size >= self.max_bytes:
            self.flush()

    def flush(self) -> None:
        if self.graphs:
            self.writer.load_graphs(self.graphs, b"".join(self.data))
        self.graphs, self.data, self.size = [], [], 0


def remove(names: Iterable[str], store: Store | str | os.PathLike | None = None,
           on_aliases: Callable[[Resolution], None] | None = None) -> list[str]:
    """Drop documents (by file name; a path's directories are ignored) from the store, in one
    atomic write; returns the names that were there. Acronym joins are resolved again in the same
    write (a join its removed report defined is undone); `on_aliases` hears the result."""
    st = store if isinstance(store, Store) else Store.open(store)
    owners = stored_names(st)
    # only the document of exactly this name: another name with the same IRI is not this document
    present = [n for n in names if owners.get(iri.report(Path(n).name)) == Path(n).name]
    if present:
        with st.writer() as w:
            for name in present:
                w.remove_graph(iri.report(Path(name).name))
            resolution = resolve_aliases(w.db, dropped={iri.report(Path(n).name) for n in present})
        if on_aliases:
            on_aliases(resolution)
    return present
