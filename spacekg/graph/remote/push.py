"""`spacekg push`: send every named graph of the store to a SPARQL 1.1 server.

Two ways in, both of which replace a graph, so pushing twice leaves no duplicates:

- Graph Store Protocol (preferred, `--graph-store URL`): `PUT URL?graph=<g>` with the first batch
  of the graph's triples (PUT replaces the graph), then `POST` (adds) for each further batch.
- SPARQL 1.1 Update (`--endpoint URL`, and the fallback when the graph store answers 404, 405,
  415 or 501): `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }` in the first request,
  then one `INSERT DATA` per further batch.

A push that fails partway never leaves a graph cut short on the server. A graph sent in one
request is replaced in one request (atomic on the server). A graph that takes several batches
is, when there is an update endpoint (`--endpoint`), uploaded under a temporary name outside
smr: (`urn:spacekg:push:<random>`) and moved into place with SPARQL 1.1 `MOVE` once complete
(one update: atomic); if a batch fails, the temporary graph is dropped and the graph on the
server is the previous version. With a graph store alone (no MOVE there), the error names the
graph that is now incomplete on the server.

Known traps this avoids: rdflib's SPARQLUpdateStore sends one request per triple and rejects blank
nodes; servers cap the size of one update (Oxigraph answers 400 to very large INSERT DATA,
Virtuoso hits its SQL length limit), hence batches. Blank nodes are never sent as they are: each
becomes a skolem IRI (`https://w3id.org/spacekg/.well-known/genid/<hash>`) derived from its graph
and its id, so a second push names them the same. Every HTTP status is checked.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import requests

from ...errors import RemoteError
from . import http

SKOLEM_BASE = "https://w3id.org/spacekg/.well-known/genid/"
DEFAULT_BATCH = 5000                  # triples per request (a few hundred KB of N-Triples)
GSP_UNSUPPORTED = {404, 405, 415, 501}
STAGING_BASE = "urn:spacekg:push:"        # temporary graphs: outside smr:, so no spacekg query sees them
DEFAULT_TIMEOUT = 300.0


@dataclass
class PushReport:
    graphs: dict[str, int] = field(default_factory=dict)        # graph IRI -> triples sent
    method: str = ""                                             # "graph-store" | "update"
    requests: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)              # e.g. why it fell back to SPARQL Update
    staged: list[str] = field(default_factory=list)             # graphs uploaded aside, then moved into place

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def skolemise(triple: ox.Triple, graph: str) -> ox.Triple:
    """The triple with each blank node replaced by a skolem IRI unique to (graph, blank node)."""
    s, o = triple.subject, triple.object
    if not isinstance(s, ox.BlankNode) and not isinstance(o, ox.BlankNode):
        return triple
    return ox.Triple(_skolem(s, graph), triple.predicate, _skolem(o, graph))


def _skolem(term, graph: str):
    if not isinstance(term, ox.BlankNode):
        return term
    digest = hashlib.sha256(f"{graph}\n{term.value}".encode("utf-8")).hexdigest()[:32]
    return ox.NamedNode(SKOLEM_BASE + digest)


def batches(store, graph: str, size: int) -> Iterator[list[ox.Triple]]:
    """The graph's triples, skolemised, in lists of at most `size`."""
    batch: list[ox.Triple] = []
    for quad in store.quads(graph):
        batch.append(skolemise(quad.triple, graph))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def push(store, endpoint: str | None = None, graph_store: str | None = None, user: str | None = None,
         password: str | None = None, auth: str = "digest", batch_size: int = DEFAULT_BATCH,
         progress: Callable[[int, int], None] | None = None, timeout: float = DEFAULT_TIMEOUT,
         graphs: Iterable[str] | None = None) -> PushReport:
    """Send the store's named graphs (or `graphs`) to a server; each replaces the graph of that name.

    `endpoint` is a SPARQL Update URL (Oxigraph `/update`, Virtuoso `/sparql-auth`), `graph_store`
    a Graph Store Protocol URL (Oxigraph `/store`, Virtuoso `/sparql-graph-crud-auth`).
    `progress(done, total)` counts triples.
    """
    if not endpoint and not graph_store:
        raise RemoteError("push needs --endpoint (SPARQL Update) and/or --graph-store (Graph Store Protocol)")
    if batch_size < 1:
        raise RemoteError("--batch-size must be at least 1")
    for url in filter(None, (endpoint, graph_store)):
        if not url.startswith(("http://", "https://")):
            raise RemoteError(f"not an http(s) URL: '{url}'")
    names = sorted(graphs) if graphs is not None else store.graphs()
    if not names:
        raise RemoteError("the store holds no graphs: run `spacekg build` first")
    started = time.perf_counter()
    report = PushReport(method="graph-store" if graph_store else "update")
    sender = _Sender(http.session(user, password, auth), timeout, report)
    job = _Job(store, names, batch_size, progress, report, sender, endpoint)
    try:
        if graph_store:
            job.run(lambda g, triples, first: sender.graph_store(graph_store, g, triples, first))
        else:
            job.run(lambda g, triples, first: sender.update(endpoint, g, triples, first))
    except _Unsupported as e:
        if not endpoint:
            raise RemoteError(f"{e}, and no --endpoint was given for SPARQL Update") from None
        report.notes.append(f"{e}: sent with SPARQL Update to {endpoint} instead")
        report.method = "update"
        job.run(lambda g, triples, first: sender.update(endpoint, g, triples, first))
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Job:
    """Sends every graph batch by batch through one `send(graph, triples, first)` and counts progress."""
    store: object
    names: list[str]
    batch_size: int
    progress: Callable[[int, int], None] | None
    report: PushReport
    sender: _Sender | None = None
    update_url: str | None = None          # where MOVE goes (None: no staging possible)

    def run(self, send: Callable[[str, list[ox.Triple], bool], None]) -> None:
        sizes = {g: sum(1 for _ in self.store.quads(g)) for g in self.names}
        total, done = sum(sizes.values()), 0
        self.report.graphs.clear()
        self.report.staged.clear()
        if self.progress:
            self.progress(0, total)
        for g in self.names:
            if sizes[g] == 0:              # an empty graph still replaces what the server has
                send(g, [], True)
            staged = self.update_url is not None and sizes[g] > self.batch_size
            target = f"{STAGING_BASE}{secrets.token_hex(12)}" if staged else g
            sent = 0
            try:
                for first, batch in _flag_first(batches(self.store, g, self.batch_size)):
                    send(target, batch, first)
                    sent += len(batch)
                    done += len(batch)
                    if self.progress:
                        self.progress(done, total)
                if staged:
                    self.sender.move(self.update_url, target, g)
            except _Unsupported:
                raise
            except RemoteError as e:
                raise RemoteError(self._failed(e, g, target, staged, sent, sizes[g])) from None
            if staged:
                self.report.staged.append(g)
            self.report.graphs[g] = sizes[g]

    def _failed(self, e: RemoteError, graph: str, target: str, staged: bool, sent: int, size: int) -> str:
        """The error, and what it left on the server: which graphs are replaced, which incomplete."""
        done = len(self.report.graphs)
        replaced = f"{done} graph(s) before it were replaced in full" if done else "no graph was replaced"
        if staged:
            left = "" if self.sender.drop_quietly(self.update_url, target) else \
                f" (the partial upload <{target}> may remain there, outside smr:)"
            return f"{e}; the server's <{graph}> is unchanged: uploaded aside, never moved in{left}; {replaced}"
        if sent == 0:
            return f"{e}; the server's <{graph}> is unchanged; {replaced}"
        return (f"{e}; the server's graph <{graph}> is now INCOMPLETE ({sent} of {size} triples): push again, "
                f"or give --endpoint too so large graphs are uploaded aside and moved in whole; {replaced}")


def _flag_first(items: Iterable) -> Iterator[tuple[bool, object]]:
    first = True
    for item in items:
        yield first, item
        first = False


class _Unsupported(RemoteError):
    """The graph store does not take this request (404/405/415/501)."""


class _Sender:
    def __init__(self, session: requests.Session, timeout: float, report: PushReport):
        self.http, self.timeout, self.report = session, timeout, report

    def graph_store(self, url: str, graph: str, triples: list[ox.Triple], replace: bool) -> None:
        method = "PUT" if replace else "POST"
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        what = f"{method} {url} (graph <{graph}>)"
        response = self._send(method, url, what, params={"graph": graph}, data=body,
                              headers={"Content-Type": "application/n-triples"})
        if response.status_code in GSP_UNSUPPORTED:
            raise _Unsupported(f"the graph store {url} answered {http.describe(response)}")
        http.check(response, what)

    def update(self, url: str, graph: str, triples: list[ox.Triple], replace: bool) -> None:
        g = str(ox.NamedNode(graph))
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
        parts = [f"DROP SILENT GRAPH {g}"] if replace else []
        if data:
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{data}}} }}")
        what = f"SPARQL Update to {url} (graph <{graph}>)"
        response = self._send("POST", url, what, data=" ;\n".join(parts).encode("utf-8"),
                              headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        http.check(response, what)

    def move(self, url: str, source: str, graph: str) -> None:
        """MOVE the complete temporary graph onto `graph` (replacing it) in one update."""
        what = f"SPARQL Update to {url} (MOVE into <{graph}>)"
        body = f"MOVE SILENT GRAPH {ox.NamedNode(source)} TO GRAPH {ox.NamedNode(graph)}"
        response = self._send("POST", url, what, data=body.encode("utf-8"),
                              headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        http.check(response, what)

    def drop_quietly(self, url: str, graph: str) -> bool:
        """Best effort: drop a temporary graph after a failure (the server may be gone); True if done."""
        try:
            response = self._send("POST", url, f"DROP <{graph}>",
                                  data=f"DROP SILENT GRAPH {ox.NamedNode(graph)}".encode(),
                                  headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        except RemoteError:
            return False
        return 200 <= response.status_code < 300

    def _send(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        self.report.requests += 1
        try:
            return http.send(self.http, method, url, what, self.timeout, **kwargs)
        except requests.Timeout:
            raise RemoteError(f"{what}: no answer within {self.timeout:g} s") from None
