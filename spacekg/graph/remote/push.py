"""`spacekg push`: send every named graph of the store to a SPARQL 1.1 server.

Two ways in, both of which replace a graph, so pushing twice leaves no duplicates:

- Graph Store Protocol (preferred, `--graph-store URL`): `PUT URL?graph=<g>` with the first batch
  of the graph's triples (PUT replaces the graph), then `POST` (adds) for each further batch.
- SPARQL 1.1 Update (`--endpoint URL`, and the fallback when the graph store answers 404, 405,
  415 or 501): `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }` in the first request,
  then one `INSERT DATA` per further batch.

Known traps this avoids: rdflib's SPARQLUpdateStore sends one request per triple and rejects blank
nodes; servers cap the size of one update (Oxigraph answers 400 to very large INSERT DATA,
Virtuoso hits its SQL length limit), hence batches. Blank nodes are never sent as they are: each
becomes a skolem IRI (`https://w3id.org/spacekg/.well-known/genid/<hash>`) derived from its graph
and its id, so a second push names them the same. Every HTTP status is checked.
"""
from __future__ import annotations

import hashlib
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
DEFAULT_TIMEOUT = 300.0


@dataclass
class PushReport:
    graphs: dict[str, int] = field(default_factory=dict)        # graph IRI -> triples sent
    method: str = ""                                             # "graph-store" | "update"
    requests: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)              # e.g. why it fell back to SPARQL Update

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
    job = _Job(store, names, batch_size, progress, report)
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

    def run(self, send: Callable[[str, list[ox.Triple], bool], None]) -> None:
        sizes = {g: sum(1 for _ in self.store.quads(g)) for g in self.names}
        total, done = sum(sizes.values()), 0
        self.report.graphs.clear()
        if self.progress:
            self.progress(0, total)
        for g in self.names:
            if sizes[g] == 0:              # an empty graph still replaces what the server has
                send(g, [], True)
            for first, batch in _flag_first(batches(self.store, g, self.batch_size)):
                send(g, batch, first)
                done += len(batch)
                if self.progress:
                    self.progress(done, total)
            self.report.graphs[g] = sizes[g]


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

    def _send(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        self.report.requests += 1
        try:
            return http.send(self.http, method, url, what, self.timeout, **kwargs)
        except requests.Timeout:
            raise RemoteError(f"{what}: no answer within {self.timeout:g} s") from None
