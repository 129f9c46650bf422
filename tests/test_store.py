"""The store: atomic snapshot writes, rebuilds without duplicates, refused queries, time limits."""
import pyoxigraph as ox
import pytest

from spacekg.corpus import build
from spacekg.errors import QueryError, StoreError
from spacekg.graph.store import Store

Q_PLAYERS = "SELECT (COUNT(*) AS ?n) { ?p a sm:Player }"


def quad(i, graph="http://example.org/g"):
    return ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(str(i)), ox.NamedNode(graph))


def test_failed_write_leaves_previous_content(tmp_path):
    store = Store.open(tmp_path / "s", create=True)
    with store.writer() as w:
        w.replace_graph("http://example.org/g", [quad(1), quad(2)])
    assert len(store) == 2
    with pytest.raises(RuntimeError):
        with store.writer() as w:
            w.replace_graph("http://example.org/g", [quad(3)])
            raise RuntimeError("killed midway")
    assert len(Store.open(tmp_path / "s")) == 2
    assert not [p for p in (tmp_path / "s" / "snapshots").iterdir() if p.name.startswith("tmp-")]


def test_replace_graph_replaces(tmp_path):
    store = Store.open(tmp_path / "s", create=True)
    for n in (3, 2):
        with store.writer() as w:
            w.replace_graph("http://example.org/g", [quad(i) for i in range(n)])
    assert len(store) == 2


def test_one_writer_at_a_time(tmp_path):
    store = Store.open(tmp_path / "s", create=True)
    with store.writer():
        with pytest.raises(StoreError, match="another spacekg process is writing"):
            with Store.open(tmp_path / "s").writer():
                pass


def test_rebuild_gives_no_duplicates(tmp_path, nlp):
    store = Store.open(tmp_path / "s", create=True)
    build(None, store)
    before = len(store), store.query(Q_PLAYERS).records()
    build(None, store, force=True)
    assert (len(store), store.query(Q_PLAYERS).records()) == before


def test_missing_and_foreign_stores(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store.open(tmp_path / "missing")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "file.txt").write_text("x")
    with pytest.raises(StoreError, match="not a spacekg store"):
        Store.open(tmp_path / "other")


def test_damaged_head(tmp_path):
    Store.open(tmp_path / "s", create=True)
    (tmp_path / "s" / "HEAD").write_text("999999\n")
    with pytest.raises(StoreError, match="damaged"):
        Store.open(tmp_path / "s")


@pytest.mark.parametrize("query, message", [
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
    ("LOAD <http://example.org/data.ttl>", "read-only"),
    ("DROP ALL", "read-only"),
    ("SELECT * FROM <http://example.org/remote.ttl> { ?s ?p ?o }", "not in the store"),
    ("SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }", "not in the store"),
    ("SELECT * { ?s ?p ", "syntax error"),
])
def test_refused_and_bad_queries(sample_store, query, message):
    with pytest.raises(QueryError, match=message):
        sample_store.query(query)


def test_keywords_inside_strings_are_fine(sample_store):
    res = sample_store.query('SELECT ?x { BIND("SERVICE DROP ALL" AS ?x) }  # LOAD <http://x>')
    assert res.records() == [{"x": "SERVICE DROP ALL"}]


def test_runaway_query_is_stopped(sample_store):
    with pytest.raises(QueryError, match="time limit"):
        sample_store.query("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=1)


def test_query_with_timeout_gives_same_answer(sample_store):
    assert sample_store.query(Q_PLAYERS, timeout=10).records() == sample_store.query(Q_PLAYERS).records()


def test_substitutions_bind_values_not_text(sample_store):
    hostile = '"} ; DROP ALL ; SELECT * {'
    res = sample_store.query("SELECT ?p ?name { ?p rdfs:label ?name }", substitutions={"name": hostile})
    assert res.records() == []
