"""Builds past one machine: extraction as Dask tasks, and documents streamed to a SPARQL server.

    spacekg build --scheduler tcp://HOST:8786 reports/                   # into the local store
    spacekg build --scheduler tcp://HOST:8786 reports/ --push-to http://HOST:7878/store \\
                  --endpoint http://HOST:7878/query                      # onto a server

    >>> from spacekg.cluster import cluster_build
    >>> report = cluster_build(["reports/"], store="my-store", scheduler="tcp://10.0.0.5:8786")

How a cluster build runs:

1. Plan, on this machine, before any task is sent: expand directories (local ones as
   `spacekg build` does; fsspec URLs such as `s3://bucket/reports/` with the file system's
   `find`), hash every document (SHA-256 of its bytes) and skip those whose hash is already in the
   store, or on the server with `--push-to` (read through `--endpoint`).
2. Extract: one Dask task per document (spacekg/daskworker.py). Each worker loads the spaCy
   pipeline once (a worker plugin, run again in a worker the nanny restarts); a task reads its
   document (a path the workers see at the same place, or the URL), runs the same pipeline as a
   local build and returns the document's N-Quads and counts: the bytes a local build writes.
   A bounded number of tasks are in flight, so memory stays flat however big the corpus; a long
   document is extracted in bounded pieces on its worker (extract_all -> Extractor.extract_many,
   spacekg/extract/pieces.py), so memory stays flat however big a document. A worker
   that dies costs its tasks a retry elsewhere (the scheduler reschedules them); a document whose
   workers keep dying (`distributed.scheduler.allowed-failures`) is reported as failed.
3. Land: into the local store through one writer, all or nothing (as a local build); or, with
   `--push-to`, each document's graph is sent as it arrives, in one Graph Store Protocol PUT
   (spacekg/graph/remote/push.py), which replaces that graph: a build stopped half-way leaves whole
   documents on the server, never half of one, and running it again sends only what is missing.

A document that fails is reported by name (`BuildReport.failed`); the rest land.
`PushSink` and `local_outcomes()` also let `--push-to` run with `--jobs` on one machine (no Dask needed).
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .corpus import (
    CHUNK_DOCS,
    BuildReport,
    LoadBatch,
    Outcome,
    chunks,
    extract_chunks,
    find_files,
    plan,
    sample_report,
    stored_hashes,
)
from .errors import InputError, RemoteError, SpacekgError
from .graph import convert
from .graph.aliases import Resolution, resolve as resolve_aliases
from .graph.namespaces import ONTOLOGY_GRAPH
from .graph.ontology import ontology_graph
from .graph.store import Store

IN_FLIGHT_PER_THREAD = 4          # tasks queued per worker thread: enough to keep every worker busy


@dataclass
class Progress:
    """What a progress display shows: documents done (built or failed) of total, and the rate."""
    done: int = 0
    failed: int = 0
    total: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Source:
    """One document to build: `shown` as given (what its graph and the messages name) and where a
    worker opens it (an absolute path, or the URL)."""
    shown: str
    location: str
    name: str


@dataclass
class Push:
    """Where `--push-to` sends each document: a Graph Store Protocol URL, and optionally the same
    server's query URL, read for the hashes of the documents it already holds."""
    graph_store: str
    endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "digest"
    timeout: float = 300.0


@dataclass
class ClusterBuild(BuildReport):
    """A BuildReport with where the work ran and where it went."""
    scheduler: str | None = None
    dashboard: str | None = None
    workers: int = 0
    pushed_to: str | None = None


# ---------------------------------------------------------------- planning

def find_sources(paths: Iterable[str | os.PathLike]) -> tuple[list[Source], list[InputError]]:
    """Local paths (expanded as `spacekg build` does) and fsspec URLs (directories expanded with
    the file system's `find`, supported formats only)."""
    from .extract.reader import SUPPORTED_SUFFIXES
    from .urls import is_url, open_url, url_name

    local = [p for p in paths if not is_url(str(p))]
    files, errors = find_files(local) if local else ([], [])
    sources = [Source(str(f), os.path.abspath(f), f.name) for f in files]
    for url in (str(p) for p in paths if is_url(str(p))):
        try:
            fs, root = open_url(url, url)
            if fs.isdir(root):
                protocol = url.split("://", 1)[0]
                found = sorted(p for p in fs.find(root) if os.path.splitext(p)[1].lower() in SUPPORTED_SUFFIXES
                               and not any(part.startswith(".") for part in p[len(root):].split("/")))
                if not found:
                    errors.append(InputError(url, "no supported files under this URL"))
                for p in found:
                    u = fs.unstrip_protocol(p) if hasattr(fs, "unstrip_protocol") else f"{protocol}://{p}"
                    sources.append(Source(u, u, url_name(u)))
            elif fs.exists(root):
                sources.append(Source(url, url, url_name(url)))
            else:
                errors.append(InputError(url, "no such file or directory"))
        except InputError as e:
            errors.append(e)
        except Exception as e:                       # noqa: BLE001 - each fsspec back end has its own errors
            errors.append(InputError(url, f"cannot list: {' '.join(str(e).split())[:200]}"))
    return sources, errors


def plan_sources(sources: list[Source], known: dict[str, str], report: BuildReport) -> list[Source]:
    """The documents to (re)build, by the rules of a local build: local files through corpus.plan
    itself, URLs hashed here (their bytes are read once on this machine, before any task is sent)."""
    from .urls import is_url, url_hash

    local = {s.shown: s for s in sources if not is_url(s.shown)}
    todo = [local[str(p)] for p in plan([Path(shown) for shown in local], known, report)]
    names = {s.name: s.shown for s in local.values()}
    for s in sources:
        if s.shown in local:
            continue
        if s.name in names:
            report.failed.append(InputError(s.shown, f"has the same file name as {names[s.name]}; a document is "
                                                     f"identified by its file name, so only the first is built"))
            continue
        names[s.name] = s.shown
        digest = url_hash(s.shown, s.location)
        if digest is not None and known.get(s.name) == digest:
            report.unchanged.append(s.name)
        else:
            todo.append(s)
    return todo


# ---------------------------------------------------------------- extracting on the cluster

def connect(scheduler: str, timeout: float | None = None):
    """A distributed Client; one clear error when the scheduler cannot be reached (after `timeout`
    seconds, default Dask's `distributed.comm.timeouts.connect`, 30 s; env
    DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT)."""
    try:
        from distributed import Client
    except ImportError:
        raise SpacekgError('--scheduler needs Dask: pip install "spacekg[cluster]" (dask and distributed)') from None
    try:
        if timeout is None:
            import dask
            timeout = dask.config.get("distributed.comm.timeouts.connect")
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise SpacekgError(f"cannot reach the Dask scheduler at {scheduler}: {' '.join(str(e).split())[:200]}") \
            from None


def dashboard_link(client) -> str | None:
    """The scheduler's dashboard URL when it serves one (it needs bokeh on the scheduler: without
    it the scheduler still names a dashboard port, whose pages answer 404)."""
    import urllib.request

    try:
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        link = client.dashboard_link
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(link, timeout=3) as response:
            return link if response.status == 200 else None
    except Exception:                                # noqa: BLE001 - a link is a nicety
        return None


def cluster_outcomes(client, todo: list[Source], report: ClusterBuild,
                     in_flight: int | None = None) -> Iterator[Outcome]:
    """One Outcome per document, in the order they finish, from tasks on the cluster."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError

    from .daskworker import LoadPipeline, extract_document

    if not todo:
        return
    try:
        client.register_plugin(LoadPipeline())
    except (ImportError, ModuleNotFoundError, AttributeError) as e:
        raise SpacekgError(f"the Dask workers cannot load spacekg ({' '.join(str(e).split())[:150]}): install "
                           f'"spacekg[cluster]" on every worker machine, the same version as here') from None
    info = client.scheduler_info()
    threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1
    report.workers = len(info.get("workers", {}))
    limit = in_flight or max(8, IN_FLIGHT_PER_THREAD * threads)
    pending = iter(todo)
    source_of = {}
    tasks = as_completed(loop=client.loop)

    def submit_next() -> bool:
        s = next(pending, None)
        if s is None:
            return False
        f = client.submit(extract_document, s.shown, s.location, key=f"spacekg-extract-{s.name}-{os.urandom(4).hex()}",
                          pure=False)
        source_of[f.key] = s
        tasks.add(f)
        return True

    for _ in range(limit):
        if not submit_next():
            break
    for future in tasks:
        s = source_of.pop(future.key)
        try:
            outcome = future.result()
        except FutureCancelledError:
            raise SpacekgError("the cluster build was cancelled (the scheduler went away?)") from None
        except Exception as e:                       # KilledWorker and what a task could not catch
            outcome = Outcome(s.shown, s.name, problem=_task_problem(e))
        future.release()
        yield outcome
        submit_next()


def _task_problem(e: Exception) -> str:
    if type(e).__name__ == "KilledWorker":
        return "the workers running it died again and again (out of memory?); its task was given up"
    return f"extraction failed on the cluster: {' '.join(str(e).split())[:200] or type(e).__name__}"


def local_outcomes(todo: list[Source], jobs: int, chunk_docs: int = CHUNK_DOCS) -> Iterator[Outcome]:
    """The same Outcomes from worker processes on this machine (`--jobs`), for `--push-to` without a cluster."""
    from .urls import is_url

    for s in (s for s in todo if is_url(s.shown)):
        yield Outcome(s.shown, s.name, problem="URLs are read by Dask workers: give --scheduler")
    todo = [s for s in todo if not is_url(s.shown)]
    if not todo:
        return
    size = max(1, min(chunk_docs, -(-len(todo) // max(1, 2 * jobs))))
    work = chunks([s.shown for s in todo], size)
    for outcomes in extract_chunks(work, max(1, min(jobs, len(work)))):
        yield from outcomes


# ---------------------------------------------------------------- landing: the store, or a server

class StoreSink:
    """Every document into the local store in one atomic write (as a local build)."""

    def __init__(self, store: Store):
        self.store = store
        self.landed: dict[str, tuple] = {}        # report IRI -> the acronyms it defines
        self.resolution = Resolution()

    def known(self) -> dict[str, str]:
        return stored_hashes(self.store)

    def __enter__(self):
        self._writer = self.store.writer()
        w = self._writer.__enter__()
        w.replace_graph(str(ONTOLOGY_GRAPH), convert.quads(ontology_graph()))
        self._batch = LoadBatch(w)
        return self

    def add(self, outcome: Outcome) -> None:
        self._batch.add(outcome.graph, outcome.nquads)
        self.landed[outcome.graph] = outcome.acronyms

    def __exit__(self, kind, value, tb):
        if kind is None:
            self._batch.flush()
            self.resolution = resolve_aliases(self._writer.db, self.landed)   # joins across reports (graph/aliases.py)
        return self._writer.__exit__(kind, value, tb)

    def triples(self) -> int:
        return len(self.store)


class PushSink:
    """Each document's graph to a server as it arrives: one Graph Store Protocol PUT per document,
    which replaces that graph whole (the ontology first)."""

    def __init__(self, target: Push):
        self.target = target
        self.sent = 0
        self.landed: dict[str, tuple] = {}        # report IRI -> the acronyms it defines
        self.resolution = Resolution()

    def known(self) -> dict[str, str]:
        if not self.target.endpoint:
            return {}
        from .graph.remote.endpoint import Endpoint
        ep = Endpoint(self.target.endpoint, self.target.user, self.target.password, self.target.auth,
                      timeout=self.target.timeout)
        if not ep.graphs():                          # nothing of spacekg's there yet
            return {}
        return stored_hashes(ep)

    def __enter__(self):
        ontology = convert.quads(ontology_graph())
        self._send(str(ONTOLOGY_GRAPH), list(ontology))
        return self

    def add(self, outcome: Outcome) -> None:
        quads = list(ox.parse(outcome.nquads, format=ox.RdfFormat.N_QUADS))
        try:
            self._send(outcome.graph, quads)
        except RemoteError as e:
            raise RemoteError(f"{e} (while sending {outcome.name}; the documents sent before it are on the "
                              f"server, each whole: run the build again to send the rest)") from None
        self.landed[outcome.graph] = outcome.acronyms

    def resolve(self) -> None:
        """Acronyms joined across the server's reports (graph/aliases.py), read through --endpoint;
        the graphs a join rewrites are sent again whole. Without --endpoint nothing can be read:
        the documents stay as built (`Resolution.unresolved`)."""
        from .graph.aliases import resolve_remote
        if not self.target.endpoint:
            self.resolution = Resolution(unresolved="aliases not joined on the server: give --endpoint "
                                                    "(its query URL) to join acronyms across its reports")
            return
        from .graph.remote.endpoint import Endpoint
        t = self.target
        ep = Endpoint(t.endpoint, t.user, t.password, t.auth, timeout=t.timeout)
        self.resolution, send = resolve_remote(ep, self.landed)
        for graph, triples in send.items():
            self._send(graph, [ox.Quad(x.subject, x.predicate, x.object, ox.NamedNode(graph)) for x in triples])

    def _send(self, graph: str, quads: list) -> None:
        from .graph.remote.push import push
        t = self.target
        report = push(_Quads(graph, quads), graph_store=t.graph_store, user=t.user, password=t.password,
                      auth=t.auth, batch_size=max(1, len(quads)), timeout=t.timeout, graphs=[graph])
        self.sent += report.triples

    def __exit__(self, kind, value, tb):
        if kind is None:
            self.resolve()
        return False

    def triples(self) -> int:
        return self.sent


class _Quads:
    """One graph's quads with the part of the Store interface that push() reads."""

    def __init__(self, graph: str, quads: list):
        self.graph, self._quads = graph, quads

    def quads(self, graph: str | None = None):
        return iter(self._quads)

    def graphs(self) -> list[str]:
        return [self.graph]


# ---------------------------------------------------------------- the build

def cluster_build(paths: Iterable[str | os.PathLike] | None = None, store: Store | str | os.PathLike | None = None,
                  scheduler: str | None = None, push_to: Push | None = None, force: bool = False,
                  jobs: int = 1, progress: Callable[[Progress], None] | None = None,
                  on_connect: Callable[[ClusterBuild], None] | None = None,
                  in_flight: int | None = None) -> ClusterBuild:
    """Build `paths` with extraction on the Dask cluster at `scheduler` (or in `jobs` local worker
    processes when it is None), into `store`, or onto the server of `push_to` instead.

    `on_connect(report)` is called once the cluster is reached (report.dashboard is known);
    `progress(Progress)` after every document."""
    started = time.perf_counter()
    report = ClusterBuild(scheduler=scheduler)
    if push_to is not None:
        if not push_to.graph_store.startswith(("http://", "https://")):
            raise RemoteError(f"--push-to must be an http(s) Graph Store Protocol URL, got '{push_to.graph_store}'")
        sink = PushSink(push_to)
        report.pushed_to = push_to.graph_store
    else:
        sink = StoreSink(store if isinstance(store, Store) else Store.open(store, create=True))
    sources, report.failed = find_sources(list(paths) if paths else [sample_report()])
    todo = plan_sources(sources, {} if force else sink.known(), report)

    client = connect(scheduler) if scheduler and todo else None
    try:
        if client is not None:
            report.dashboard = dashboard_link(client)
        if on_connect:
            on_connect(report)
        outcomes = cluster_outcomes(client, todo, report, in_flight) if client is not None \
            else local_outcomes(todo, jobs)
        seen = Progress(total=len(todo))
        order = {s.name: i for i, s in enumerate(todo)}
        if todo or isinstance(sink, StoreSink) and not sink.store.has_graph(str(ONTOLOGY_GRAPH)):
            with sink:
                for o in outcomes:
                    seen.done += 1
                    if o.problem is not None:
                        seen.failed += 1
                        report.failed.append(o.error())
                    else:
                        sink.add(o)
                        report.documents.append(o.name)
                        report.players += o.players
                        report.relations += o.relations
                    if progress:
                        seen.seconds = time.perf_counter() - started
                        progress(seen)
        report.documents.sort(key=lambda n: order.get(n, len(order)))
        report.jobs = report.workers if client is not None else max(1, jobs)
    finally:
        if client is not None:
            client.close()
    report.triples = sink.triples()
    report.aliases = getattr(sink, "resolution", report.aliases)
    report.seconds = time.perf_counter() - started
    return report
