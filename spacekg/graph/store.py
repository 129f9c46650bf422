"""The persistent store: pyoxigraph (RocksDB) snapshots behind an atomically replaced HEAD file.

Layout of a store directory:

    STORE/HEAD              the name of the current snapshot (replaced atomically with os.replace)
    STORE/snapshots/000007  a pyoxigraph database; never written once HEAD points at it
    STORE/lock              held (flock) by the one process that writes

A write copies the current snapshot with pyoxigraph's backup (hard links, near-instant), applies
its changes to the copy, closes it, and only then moves HEAD. So a build that is interrupted or
killed leaves HEAD on the previous snapshot, and readers in other processes only ever open a
snapshot nobody writes to (pyoxigraph documents a read-only open beside a writer as undefined).
A snapshot is compacted before HEAD moves to it, so readers get a store laid out for lookups.

Queries see the union of all named graphs as their default graph. A query may run in a child
process with a time limit: the child is killed when the limit passes, which really stops work
that pyoxigraph offers no way to interrupt.
"""
from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import os
import resource
import shutil
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, QueryMemoryError, QueryTimeout, StoreError
from .binding import bind, term
from .guard import check_query, has_dataset_clause
from .namespaces import PREFIXES
from .results import Results

POLL_SECONDS = 0.1            # how often a waiting query looks whether its client went away
KEEP_SNAPSHOTS = 2            # the current one and its predecessor (a reader may still have it open)
STALE_SECONDS = 120           # older snapshots are removed once they are this old


class QueryCancelled(QueryError):
    """The query's client went away; its child process was killed."""


_limits = threading.local()


@contextlib.contextmanager
def query_limits(cancel: threading.Event | None = None, memory_bytes: int | None = None) -> Iterator[None]:
    """Limits for the queries this thread runs with a time limit (in a child process), whatever
    code runs them (a named query, `ask`): `cancel` set kills the child at once (the server sets it
    when the client disconnects); `memory_bytes` caps the memory the child may add to what it
    inherits (RLIMIT_AS): a query that needs more stops with QueryMemoryError."""
    before = getattr(_limits, "value", None)
    _limits.value = (cancel, memory_bytes)
    try:
        yield
    finally:
        _limits.value = before


def default_store_path() -> Path:
    """$SPACEKG_STORE, else $XDG_DATA_HOME/spacekg/store (~/.local/share/spacekg/store)."""
    if os.environ.get("SPACEKG_STORE"):
        return Path(os.environ["SPACEKG_STORE"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "spacekg" / "store"


class Store:
    """An RDF dataset on disk (or in memory) that spacekg builds and queries.

    >>> store = Store.open("my-store")            # existing store, read-only
    >>> store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").records()
    """

    def __init__(self, path: str | os.PathLike | None, _ox: ox.Store | None = None):
        self.path = Path(path) if path is not None else None
        self._db = _ox
        self._head: str | None = None

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, create: bool = False) -> Store:
        """Open the store at `path` (default: `default_store_path()`); with create, make it if missing."""
        p = Path(path) if path is not None else default_store_path()
        if not (p / "HEAD").exists():
            if p.exists() and any(p.iterdir()) and not create:
                raise StoreError(f"{p} is not a spacekg store (no HEAD file)")
            if p.exists() and any(p.iterdir()) and not (p / "snapshots").exists():
                raise StoreError(f"{p} exists and is not a spacekg store; choose another --store path")
            if not create:
                raise StoreError(f"no store at {p}: run `spacekg build` first (or pass --store PATH)")
            _initialise(p)
        store = cls(p)
        store._connect()
        return store

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives in memory only (notebooks, tests)."""
        return cls(None, ox.Store())

    def _connect(self) -> None:
        head = self._read_head()
        for attempt in range(3):
            try:
                self._db = ox.Store.read_only(str(self.path / "snapshots" / head))
                self._head = head
                return
            except OSError as e:                 # HEAD moved and the old snapshot went away: retry
                new_head = self._read_head()
                if new_head == head or attempt == 2:
                    raise StoreError(f"cannot open store {self.path}: {e}") from None
                head = new_head

    def _read_head(self) -> str:
        try:
            head = (self.path / "HEAD").read_text().strip()
        except OSError as e:
            raise StoreError(f"cannot read store {self.path}: {e.strerror or e}") from None
        if not head or not (self.path / "snapshots" / head).is_dir():
            raise StoreError(f"store {self.path} is damaged: HEAD names a missing snapshot '{head}'")
        return head

    def refresh(self) -> bool:
        """Reopen if another process has written since this store was opened; True if it changed."""
        if self.path is None or self._read_head() == self._head:
            return False
        self._connect()
        return True

    @property
    def db(self) -> ox.Store:
        return self._db

    @property
    def snapshot(self) -> Path | None:
        return None if self.path is None else self.path / "snapshots" / self._head

    # ---------------------------------------------------------------- reading

    def query(self, sparql: str, substitutions: dict[str, object] | None = None,
              timeout: float | None = None) -> Results:
        """Run a read-only SPARQL query. `substitutions` binds variables to values (see binding.bind).

        With `timeout` (seconds) the query runs in a child process that is killed when time runs out.
        """
        check_query(sparql, self.has_graph, PREFIXES)
        # pyoxigraph's union default graph would override a FROM clause: keep the query's own dataset
        union = not has_dataset_clause(sparql)          # read before binding: cached for each query text
        subs = {}
        if substitutions:
            if any(isinstance(term(v), ox.BlankNode) for v in substitutions.values()):
                subs = {ox.Variable(k): term(v) for k, v in substitutions.items()}  # no blank node in VALUES
            else:
                sparql = bind(sparql, substitutions)
        if timeout is None:
            return _run(self._db, sparql, subs, union)
        return _run_with_timeout(self, sparql, subs, union, timeout)

    def has_graph(self, name: str) -> bool:
        try:
            return self._db.contains_named_graph(ox.NamedNode(name))
        except ValueError:
            return False

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._db)

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self._db.quads_for_pattern(None, None, None, g)

    def dump(self, rdf_format: ox.RdfFormat, graph: str | None = None) -> bytes:
        """The whole dataset (quad formats) or its union as one graph (triple formats)."""
        if rdf_format.supports_datasets:
            return ox.serialize(self.quads(graph), format=rdf_format, prefixes=PREFIXES)
        triples = {q.triple for q in self.quads(graph)}
        return ox.serialize(sorted(triples, key=str), format=rdf_format,
                            prefixes=PREFIXES if rdf_format != ox.RdfFormat.N_TRIPLES else None)

    # ---------------------------------------------------------------- writing

    def writer(self) -> Writer:
        """A context manager for one atomic change: all of it lands, or none of it."""
        return Writer(self)


class Writer:
    """Applies changes to a fresh snapshot; HEAD moves to it only when the `with` block succeeds."""

    def __init__(self, store: Store):
        self.store = store
        self._lock_file = None
        self._tmp: Path | None = None
        self.db: ox.Store | None = None

    def __enter__(self) -> Writer:
        st = self.store
        if st.path is None:                              # in memory: write in place
            self.db = st._db
            return self
        try:
            self._lock_file = open(st.path / "lock", "a+")
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            raise StoreError(f"another spacekg process is writing to {st.path}; try again when it finishes") \
                from None
        except OSError as e:
            raise StoreError(f"cannot write to store {st.path}: {e.strerror or e}") from None
        try:
            _remove_stale(st.path)
            head = st._read_head()
            self._tmp = st.path / "snapshots" / f"tmp-{os.getpid()}-{time.time_ns()}"
            ox.Store.read_only(str(st.path / "snapshots" / head)).backup(str(self._tmp))
            gc.collect()
            self.db = ox.Store(str(self._tmp))
        except OSError as e:
            self._abort()
            raise StoreError(f"cannot write to store {st.path}: {e}") from None
        return self

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Drop the named graph and put `quads` in its place."""
        g = ox.NamedNode(graph)
        if self.db.contains_named_graph(g):
            self.db.remove_graph(g)
        self.db.extend(quads)

    def load_graphs(self, graphs: Iterable[str], nquads: bytes) -> None:
        """Replace the named `graphs` with the quads of `nquads` (N-Quads), through pyoxigraph's bulk
        loader: several times faster than `replace_graph` for a corpus. The bulk loader is not
        transactional, which is safe here: this snapshot stays private until the `with` block ends."""
        for graph in graphs:
            self.remove_graph(graph)
        if nquads:
            self.db.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def remove_graph(self, graph: str) -> bool:
        g = ox.NamedNode(graph)
        if self.db.contains_named_graph(g):
            self.db.remove_graph(g)
            return True
        return False

    def __exit__(self, exc_type, exc, tb) -> None:
        st = self.store
        if st.path is None:
            return
        if exc_type is not None:
            self._abort()
            return
        try:
            # Compact before publishing: the bulk loader adds its files to RocksDB's top level,
            # where every lookup has to try each of them. Compacted, the same named queries ran
            # 1.3-1.8x faster on a 1,000-report store; compacting it (450 MB) took 5 s.
            self.db.optimize()
            self.db.flush()
            self.db = None
            gc.collect()                                  # closes the RocksDB handle
            name = _next_name(st.path)
            os.rename(self._tmp, st.path / "snapshots" / name)
            _write_head(st.path, name)
        except OSError as e:
            self._abort()
            raise StoreError(f"cannot write to store {st.path}: {e}") from None
        finally:
            self._unlock()
        st._connect()

    def _abort(self) -> None:
        self.db = None
        gc.collect()
        if self._tmp is not None and self._tmp.exists():
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None


# ---------------------------------------------------------------- helpers

def _initialise(path: Path) -> None:
    """A new store: an empty first snapshot and HEAD naming it."""
    try:
        (path / "snapshots").mkdir(parents=True, exist_ok=True)
        first = path / "snapshots" / "000001"
        db = ox.Store(str(first))
        db.flush()
        del db
        gc.collect()
        _write_head(path, "000001")
    except OSError as e:
        raise StoreError(f"cannot create store at {path}: {e.strerror or e}") from None


def _write_head(path: Path, name: str) -> None:
    tmp = path / f"HEAD.tmp-{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path / "HEAD")
    dir_fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _next_name(path: Path) -> str:
    numbers = [int(p.name) for p in (path / "snapshots").iterdir() if p.name.isdigit()]
    return f"{max(numbers, default=0) + 1:06d}"


def _remove_stale(path: Path) -> None:
    """Called with the write lock held: drop leftovers of killed writes and old snapshots."""
    snapshots = path / "snapshots"
    head = (path / "HEAD").read_text().strip()
    numbered = sorted((p for p in snapshots.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    keep = {p.name for p in numbered[-KEEP_SNAPSHOTS:]} | {head}
    now = time.time()
    for p in snapshots.iterdir():
        if p.name.startswith("tmp-") or (p.name.isdigit() and p.name not in keep
                                         and now - p.stat().st_mtime > STALE_SECONDS):
            shutil.rmtree(p, ignore_errors=True)
    for p in path.glob("HEAD.tmp-*"):
        p.unlink(missing_ok=True)


def _run(db: ox.Store, sparql: str, subs: dict, union: bool) -> Results:
    try:
        answer = db.query(sparql, use_default_graph_as_union=union, substitutions=subs or None, prefixes=PREFIXES)
        return Results.from_pyoxigraph(answer)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {_first_line(e)}") from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"query failed: {_first_line(e)}") from None


def _first_line(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _child(conn, store: Store, sparql: str, subs: dict, union: bool, memory_bytes: int | None) -> None:
    """In the child process: open the snapshot afresh, run the query, send back bytes."""
    try:
        if memory_bytes:
            _limit_memory(memory_bytes)
            _quiet_stderr()              # pyoxigraph's abort message: the parent says it in one line
        db = store._db if store.path is None else ox.Store.read_only(str(store.snapshot))
        res = _run(db, sparql, subs, union)
        conn.send(("ok", res.kind, res.raw))
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except Exception as e:             # sent to the parent, which raises it as one clear line
        conn.send(("error", type(e).__name__, str(e)))
    finally:
        conn.close()


MEMORY_EXIT = 107                      # the child's exit status when it ran out of its memory limit


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at what it has now plus `extra` bytes. (A forked child
    inherits the parent's whole address space, so a fixed cap would mean nothing.) pyoxigraph
    aborts when an allocation fails: the parent tells that apart by the exit status."""
    with open("/proc/self/statm") as f:
        size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = size + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _quiet_stderr() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _run_with_timeout(store: Store, sparql: str, subs: dict, union: bool, timeout: float) -> Results:
    cancel, memory_bytes = getattr(_limits, "value", None) or (None, None)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, store, sparql, subs, union, memory_bytes), daemon=True)
    proc.start()
    child.close()
    try:
        deadline = time.monotonic() + timeout
        while not parent.poll(min(POLL_SECONDS, max(0.0, deadline - time.monotonic()))):
            if cancel is not None and cancel.is_set():
                raise QueryCancelled("query cancelled: the client went away")
            if time.monotonic() >= deadline:
                raise QueryTimeout(f"query stopped: it ran longer than the {timeout:g} s time limit "
                                   f"(raise it with --timeout)")
        status, kind, payload = parent.recv()
    except EOFError:
        proc.join(timeout=5)
        if memory_bytes and proc.exitcode in (MEMORY_EXIT, -signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
            raise QueryMemoryError(f"query stopped: it needed more than the {memory_bytes / 2**20:,.0f} MiB "
                                   f"memory limit") from None
        raise QueryError("query failed: the query process ended without an answer") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status == "error":
        raise (QueryError if kind == "QueryError" else StoreError)(payload)
    return Results.from_ntriples(payload) if kind == "graph" else Results.from_json(payload)
