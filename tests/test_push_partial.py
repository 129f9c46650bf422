"""`spacekg push` that fails partway (issue 15 item 7): through a proxy that stops forwarding after a
few requests to a real `oxigraph serve`, a graph on the server is either the previous version or
the new one in full, never cut short; with a graph store alone, the error names the graph left
incomplete."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
import requests

from spacekg.errors import RemoteError
from spacekg.graph.remote.endpoint import Endpoint
from spacekg.graph.remote.push import STAGING_BASE, push
from spacekg.graph.store import Store
from triplestores import oxigraph

GRAPH = "https://w3id.org/spacekg/id/report/partial-push-txt"
OTHER = "https://w3id.org/spacekg/id/report/another-txt"


class FailingProxy:
    """Forwards requests to `upstream` until `healthy` of them have passed, then answers 502."""

    def __init__(self, upstream: str, healthy: int):
        self.forwarded = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _relay(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.forwarded >= healthy:
                    self.send_response(502)
                    self.send_header("Content-Length", "20")
                    self.end_headers()
                    self.wfile.write(b"upstream went away\r\n")
                    return
                proxy.forwarded += 1
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                with requests.Session() as s:
                    s.trust_env = False
                    r = s.request(self.command, upstream + self.path, data=body, headers=headers)
                self.send_response(r.status_code)
                self.send_header("Content-Length", str(len(r.content)))
                if "Content-Type" in r.headers:
                    self.send_header("Content-Type", r.headers["Content-Type"])
                self.end_headers()
                self.wfile.write(r.content)

            do_GET = do_POST = do_PUT = _relay

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def make_store(path, version: str, n: int = 861) -> Store:
    store = Store.open(path, create=True)
    with store.writer() as w:
        for graph, size in ((OTHER, 50), (GRAPH, n)):
            w.replace_graph(graph, [ox.Quad(ox.NamedNode(f"urn:x:{i}"), ox.NamedNode("urn:x:version"),
                                            ox.Literal(f"{version} {i}"), ox.NamedNode(graph)) for i in range(size)])
    return store


def server_versions(query_url: str, graph: str) -> tuple[int, set[str]]:
    ep = Endpoint(query_url, dataset="server")
    rows = ep.query(f"SELECT ?o {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").records()
    return len(rows), {r["o"].split()[0] for r in rows}


def staging_graphs(query_url: str) -> list[str]:
    ep = Endpoint(query_url, dataset="server")
    rows = ep.query(f'SELECT DISTINCT ?g {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING_BASE}")) }}')
    return [r["g"] for r in rows.records()]


@pytest.mark.parametrize("how", ["graph-store", "update"])
def test_a_push_cut_off_partway_leaves_the_previous_graph_whole(tmp_path, how):
    server = oxigraph("partial-push")
    first = make_store(tmp_path / "v1", "old")
    push(first, endpoint=server.base + "/update", graph_store=server.base + "/store")
    assert server_versions(server.base + "/query", GRAPH) == (861, {"old"})

    second = make_store(tmp_path / "v2", "new")
    before = set(staging_graphs(server.base + "/query"))
    proxy = FailingProxy(server.base, healthy=4)          # OTHER (1 request), then 3 batches of GRAPH
    try:
        target = {"endpoint": proxy.base + "/update"}
        if how == "graph-store":
            target["graph_store"] = proxy.base + "/store"
        with pytest.raises(RemoteError) as failure:
            push(second, batch_size=100, **target)
    finally:
        proxy.stop()
    message = str(failure.value)
    assert "HTTP 502" in message and f"<{GRAPH}> is unchanged" in message and "1 graph(s) before it" in message
    assert "\n" not in message
    assert server_versions(server.base + "/query", GRAPH) == (861, {"old"})    # not 300 new triples
    assert server_versions(server.base + "/query", OTHER) == (50, {"new"})

    for left in set(staging_graphs(server.base + "/query")) - before:     # the proxy refused the clean-up too: said so
        assert f"the partial upload <{left}> may remain there" in message

    report = push(second, batch_size=100, endpoint=server.base + "/update", graph_store=server.base + "/store")
    assert report.staged == [GRAPH]
    assert server_versions(server.base + "/query", GRAPH) == (861, {"new"})


def test_a_graph_store_alone_names_the_graph_left_incomplete(tmp_path):
    server = oxigraph("partial-push")
    second = make_store(tmp_path / "v2", "new")
    proxy = FailingProxy(server.base, healthy=4)
    try:
        with pytest.raises(RemoteError, match=rf"graph <{GRAPH}> is now INCOMPLETE \(300 of 861 triples\)"):
            push(second, batch_size=100, graph_store=proxy.base + "/store")
    finally:
        proxy.stop()


def test_a_staged_push_leaves_no_temporary_graph(tmp_path):
    server = oxigraph("partial-push-clean")
    store = make_store(tmp_path / "v", "new")
    report = push(store, batch_size=100, endpoint=server.base + "/update", graph_store=server.base + "/store")
    assert report.staged == [GRAPH] and staging_graphs(server.base + "/query") == []
    assert server_versions(server.base + "/query", GRAPH) == (861, {"new"})
