"""spacekg.graph.remote.push and `spacekg push`: graphs sent to real Oxigraph and Virtuoso servers."""
from __future__ import annotations

import json
import math

import pyoxigraph as ox
import pytest

from spacekg.cli import cli
from spacekg.errors import RemoteError
from spacekg.graph.remote.endpoint import Endpoint
from spacekg.graph.remote.push import SKOLEM_BASE, push, skolemise
from spacekg.graph.results import plain
from spacekg.graph.store import Store
from triplestores import free_port, oxigraph, virtuoso

BNODE_GRAPH = "http://example.org/push-test/blank-nodes"     # outside smr:, so spacekg's own dataset ignores it
EX = "http://example.org/"


def server_graph(query_url: str, graph: str) -> set[tuple]:
    """The triples of one graph on a server, as plain values (servers may write literals differently)."""
    ep = Endpoint(query_url, dataset="server")
    res = ep.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {(plain(t.subject), plain(t.predicate), plain(t.object)) for t in res.triples}


def local_graph(store: Store, graph: str) -> set[tuple]:
    return {(plain(q.subject), plain(q.predicate), plain(q.object)) for q in store.quads(graph)}


def count(query_url: str, graph: str) -> int:
    ep = Endpoint(query_url, dataset="server")
    return int(ep.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").records()[0]["n"])


@pytest.fixture(scope="module")
def bnode_store(tmp_path_factory):
    """A store whose one graph is full of blank nodes (a list and a nested description)."""
    store = Store.open(tmp_path_factory.mktemp("bnodes") / "store", create=True)
    b1, b2 = ox.BlankNode("first"), ox.BlankNode("second")
    g = ox.NamedNode(BNODE_GRAPH)
    quads = [ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "has"), b1, g),
             ox.Quad(b1, ox.NamedNode(EX + "name"), ox.Literal("one \"quoted\"\nline"), g),
             ox.Quad(b1, ox.NamedNode(EX + "next"), b2, g),
             ox.Quad(b2, ox.NamedNode(EX + "name"), ox.Literal("two", language="en"), g)]
    with store.writer() as w:
        w.replace_graph(BNODE_GRAPH, quads)
    return Store.open(store.path)


# ---------------------------------------------------------------- Oxigraph server

def test_graph_store_push_twice_leaves_no_duplicates(sample_store):
    server = oxigraph("push")
    for _ in range(2):
        report = push(sample_store, graph_store=server.base + "/store")
        assert report.method == "graph-store" and report.triples == len(sample_store)
        assert report.requests == len(sample_store.graphs())            # one PUT per graph
    for g in sample_store.graphs():
        assert count(server.base + "/query", g) == len(list(sample_store.quads(g)))
        assert server_graph(server.base + "/query", g) == local_graph(sample_store, g)


def test_sparql_update_in_batches_with_progress(sample_store):
    server = oxigraph("push")
    seen = []
    report = push(sample_store, endpoint=server.base + "/update", batch_size=100,
                  progress=lambda done, total: seen.append((done, total)))
    sizes = [len(list(sample_store.quads(g))) for g in sample_store.graphs()]
    assert report.method == "update"
    moves = sum(1 for n in sizes if n > 100)           # a graph of several batches is moved into place at the end
    assert report.requests == sum(math.ceil(n / 100) for n in sizes) + moves and len(report.staged) == moves
    assert seen[0] == (0, sum(sizes)) and seen[-1] == (sum(sizes), sum(sizes))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    push(sample_store, endpoint=server.base + "/update", batch_size=100)        # again: still no duplicates
    for g in sample_store.graphs():
        assert server_graph(server.base + "/query", g) == local_graph(sample_store, g)
        assert count(server.base + "/query", g) == len(list(sample_store.quads(g)))


def test_graph_store_batches_put_then_post(sample_store):
    server = oxigraph("push")
    report = push(sample_store, graph_store=server.base + "/store", batch_size=200)
    sizes = [len(list(sample_store.quads(g))) for g in sample_store.graphs()]
    assert report.requests == sum(math.ceil(n / 200) for n in sizes)
    for g in sample_store.graphs():
        assert count(server.base + "/query", g) == len(list(sample_store.quads(g)))


def test_falls_back_to_sparql_update_when_the_graph_store_is_missing(sample_store):
    server = oxigraph("push")
    report = push(sample_store, graph_store=server.base + "/no-graph-store", endpoint=server.base + "/update")
    assert report.method == "update"
    assert "HTTP 404" in report.notes[0] and "SPARQL Update" in report.notes[0]
    for g in sample_store.graphs():
        assert server_graph(server.base + "/query", g) == local_graph(sample_store, g)
    with pytest.raises(RemoteError, match="HTTP 404.*no --endpoint"):
        push(sample_store, graph_store=server.base + "/no-graph-store")


@pytest.mark.parametrize("how", ["graph-store", "update"])
def test_blank_nodes_are_skolemised_the_same_way_every_time(bnode_store, how):
    server = oxigraph("push")
    target = {"graph_store": server.base + "/store"} if how == "graph-store" else {"endpoint": server.base + "/update"}
    push(bnode_store, **target)
    first = server_graph(server.base + "/query", BNODE_GRAPH)
    push(bnode_store, **target)
    assert server_graph(server.base + "/query", BNODE_GRAPH) == first
    assert count(server.base + "/query", BNODE_GRAPH) == 4
    ep = Endpoint(server.base + "/query", dataset="server")
    assert not ep.query(f"ASK {{ GRAPH <{BNODE_GRAPH}> {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}").boolean
    skolems = {v for t in first for v in (t[0], t[2]) if str(v).startswith(SKOLEM_BASE)}
    assert len(skolems) == 2
    assert ("one \"quoted\"\nline" in {t[2] for t in first}) and ("two" in {t[2] for t in first})


def test_skolem_iris_depend_on_graph_and_node():
    t = ox.Triple(ox.BlankNode("x"), ox.NamedNode(EX + "p"), ox.BlankNode("y"))
    a, b = skolemise(t, EX + "g1"), skolemise(t, EX + "g2")
    assert a == skolemise(t, EX + "g1") and a.subject != b.subject and a.subject != a.object
    plain_triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("o"))
    assert skolemise(plain_triple, EX + "g1") is plain_triple


def test_http_failures_are_one_clear_line(sample_store):
    server = oxigraph("push")
    with pytest.raises(RemoteError, match=r"SPARQL Update to .*/query \(graph <.*>\): HTTP 4\d\d"):
        push(sample_store, endpoint=server.base + "/query")           # not an update endpoint
    with pytest.raises(RemoteError, match="cannot connect"):
        push(sample_store, endpoint=f"http://127.0.0.1:{free_port()}/update")
    with pytest.raises(RemoteError, match="not an http"):
        push(sample_store, endpoint="file:///etc/passwd")
    with pytest.raises(RemoteError, match="--endpoint"):
        push(sample_store)


# ---------------------------------------------------------------- Virtuoso

@pytest.mark.parametrize("how", ["graph-store", "update"])
def test_virtuoso_push_twice_with_digest_auth(sample_store, how):
    server = virtuoso()
    target = ({"graph_store": server.base + "/sparql-graph-crud-auth"} if how == "graph-store"
              else {"endpoint": server.base + "/sparql-auth"})
    for _ in range(2):
        report = push(sample_store, user="dba", password="dba", batch_size=400, **target)
        assert report.method == how and report.triples == len(sample_store)
    for g in sample_store.graphs():
        assert count(server.base + "/sparql", g) == len(list(sample_store.quads(g)))
        assert server_graph(server.base + "/sparql", g) == local_graph(sample_store, g)


def test_virtuoso_blank_nodes(bnode_store):
    server = virtuoso()
    push(bnode_store, graph_store=server.base + "/sparql-graph-crud-auth", user="dba", password="dba")
    push(bnode_store, graph_store=server.base + "/sparql-graph-crud-auth", user="dba", password="dba")
    assert count(server.base + "/sparql", BNODE_GRAPH) == 4
    assert all(not str(v).startswith("nodeID:") for t in server_graph(server.base + "/sparql", BNODE_GRAPH)
               for v in t)


def test_virtuoso_refusals_are_reported(sample_store):
    server = virtuoso()
    with pytest.raises(RemoteError, match=r"HTTP 401.*--user and --password"):
        push(sample_store, graph_store=server.base + "/sparql-graph-crud-auth", user="dba", password="wrong")
    with pytest.raises(RemoteError, match=r"HTTP [45]\d\d"):
        push(sample_store, endpoint=server.base + "/sparql")         # the anonymous endpoint is read-only


# ---------------------------------------------------------------- the command

def test_cli_push(sample_store, runner):
    server = oxigraph("push")
    result = runner.invoke(cli, ["--store", str(sample_store.path), "push", "--graph-store", server.base + "/store",
                                 "--update-endpoint", server.base + "/update", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["method"] == "graph-store" and summary["triples"] == len(sample_store)
    assert set(summary["graphs"]) == set(sample_store.graphs())
    text = runner.invoke(cli, ["--store", str(sample_store.path), "push", "--update-endpoint", server.base + "/update"])
    assert text.exit_code == 0 and text.output.startswith(f"Pushed {len(sample_store)} triples in ")


def test_cli_push_errors(sample_store, runner):
    missing = runner.invoke(cli, ["--store", str(sample_store.path), "push"])
    assert missing.exit_code == 2 and "--update-endpoint" in missing.output
    down = runner.invoke(cli, ["--store", str(sample_store.path), "push", "--update-endpoint",
                               f"http://127.0.0.1:{free_port()}/update"])
    assert down.exit_code == 1
    assert down.output.startswith("spacekg: error: SPARQL Update to ") and "cannot connect" in down.output
    assert "Traceback" not in down.output and down.output.count("\n") == 1
    lonely = runner.invoke(cli, ["--store", str(sample_store.path), "push", "--update-endpoint", "http://127.0.0.1:1/u",
                                 "--password", "x"])
    assert lonely.exit_code == 2 and "--user" in lonely.output
