"""The read-only guard (spacekg/graph/guard.py): SERVICE, FROM and updates hidden behind escapes,
strings and comments are refused, nothing ever reaches the network, and the guard's cache stays
small. Queries that try to leave aim at the session's canary server (tests/canary.py), which must
never receive a request."""
from __future__ import annotations

import glob
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canary import Canary
from spacekg.errors import QueryError
from spacekg.graph import guard
from spacekg.graph.remote.endpoint import Endpoint
from spacekg.graph.namespaces import PREFIXES
from spacekg.graph.store import Store

QUERIES = Path(__file__).parent.parent / "spacekg" / "queries"
MARKER_GRAPH = "urn:spacekg-test:marker-graph"


@pytest.fixture(scope="module")
def store():
    s = Store.in_memory()
    s.db.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("in a named graph"),
                     ox.NamedNode("urn:spacekg-test:g")))
    return s


def bypasses(url: str) -> list[str]:
    """The issue's bypasses and their relatives, each aimed at `url`."""
    return [
        f"PREFIX ex: <http://ex/> SELECT * {{ OPTIONAL {{ ?s ?p ex:a\\# }} SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"PREFIX sm: <http://ex/> SELECT * {{ OPTIONAL {{ ?s ?p sm:a\\' }} SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"PREFIX ex: <http://ex/> SELECT * {{ ?s ?p ex:a\\#b\\' . SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"PREFIX ex: <http://ex/> SELECT * {{ ?s ?p ex:%41\\\" }} SERVICE <{url}> {{ ?x ?y ?z }}",
        f"SELECT * {{ ?s ?p 'a\\\\' SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * {{ ?s ?p \"\"\"a\"\"b\"\"\" SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * {{ ?s ?p ?o }} #\\\n SERVICE <{url}> {{ ?x ?y ?z }}",
        f"SELECT * {{ ?s ?p \"a\\u0022 }} SERVICE <{url}> {{ ?x ?y ?z }} #\" }}",
        f"SELECT * {{ ?s ?p ?o \\u0053ERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"SELECT * {{ ?s ?p ?o sErViCe<{url}>{{?x ?y ?z}} }}",
    ]


@pytest.mark.parametrize("i", range(10))
def test_the_issues_bypasses_are_refused(store, canary, i):
    query = bypasses(canary.url)[i]
    with pytest.raises(QueryError, match="SERVICE is not allowed|cannot be read"):
        store.query(query)
    with pytest.raises(QueryError, match="SERVICE is not allowed|cannot be read"):
        store.query(query, timeout=5)
    with pytest.raises(QueryError, match="SERVICE is not allowed|cannot be read"):
        Endpoint(canary.url).query(query)
    assert canary.requests == []


def test_the_first_bypass_did_reach_the_network_without_the_guard():
    """The check above means something: pyoxigraph itself does follow this query's SERVICE."""
    witness = Canary()                       # a server of its own: the session canary stays clean
    try:
        db = ox.Store()
        list(db.query(bypasses(witness.url)[0]))
        assert witness.requests, "pyoxigraph did not federate: the bypass test would prove nothing"
    finally:
        witness.stop()


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://x> { }" }',
    "SELECT * { ?s ?p '''FROM <http://x> ''' } # INSERT DATA",
    "PREFIX ex: <http://ex/> SELECT * { ?s ex:service\\#x ex:drop\\' }",
    "PREFIX service: <http://ex/> SELECT * { ?s service:from ?o }",
    'SELECT ?x { BIND("\\u0041" AS ?x) }',
    "SELECT * { ?s ?p ?o FILTER(?o != 'it\\'s') }",
])
def test_keywords_that_are_not_keywords_are_fine(store, query):
    store.query(query)


@pytest.mark.parametrize("query", [
    "SELECT * { ?s ?p ?o } \\",
    'SELECT * { ?s ?p "never closed }',
    "SELECT * { ?s ?p ?o } \x00",
    "SELECT * { ?s ?p ?o . ?s ?p ex:a\\z }",
])
def test_what_the_guard_cannot_read_is_refused(store, query):
    with pytest.raises(QueryError, match="cannot be read"):
        store.query(query)


def test_from_hidden_after_an_escape_is_checked(store):
    with pytest.raises(QueryError, match="not in the store"):
        store.query("PREFIX ex: <http://ex/> SELECT * FROM <urn:elsewhere> { ?s ?p ex:a\\# }")
    with pytest.raises(QueryError, match="not in the store"):
        store.query("PREFIX g: <urn:> SELECT * FROM NAMED g:else\\#where { GRAPH ?g { ?s ?p ?o } }")
    rows = store.query("SELECT ?o FROM <urn:spacekg-test:g> { ?s ?p ?o }").records()
    assert rows == [{"o": "in a named graph"}]


def test_every_named_query_is_accepted():
    files = sorted(glob.glob(str(QUERIES / "*.rq")))
    assert files
    for f in files:
        decision = guard.decide(Path(f).read_text(), PREFIXES)
        assert decision.refused is None, (f, decision.refused)


def test_the_cache_is_keyed_by_digest_and_bounded_in_bytes():
    guard._CACHE.clear()
    filler = "x" * 100_000
    for i in range(200):                                   # 20 MB of distinct query texts
        guard.check_query(f"SELECT * {{ ?s ?p {i} }} # {filler}")
    assert guard._CACHE.bytes <= guard.CACHE_BYTES
    assert guard._CACHE.bytes < 200 * 200                  # digests and decisions, never the texts
    assert all(len(k) <= 64 for k in guard._CACHE._items)


def test_a_bounded_cache_evicts_the_least_recently_used():
    cache = guard._BoundedCache(3 * (32 + guard.Decision().size()))
    keys = [bytes([i]) * 32 for i in range(4)]
    for k in keys[:3]:
        cache.put(k, guard.Decision())
    cache.get(keys[0])
    cache.put(keys[3], guard.Decision())
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is not None and len(cache) == 3


# ---------------------------------------------------------------- property-based

# Group-pattern pieces that are valid SPARQL (each binds its own variable), and raw fragments that
# mostly are not: the texts are mostly valid queries, so that oxigraph runs what the guard lets by.
# The pieces match on an empty store (OPTIONAL, BIND): a pattern with no solution would keep
# oxigraph from ever calling SERVICE, and the test would prove nothing.
PIECES = [
    r"OPTIONAL { ?s ?p ex:a\# }", r"OPTIONAL { ?s ?p ex:a\' }", r"OPTIONAL { ?s ?p ex:b\#c\' }",
    r"OPTIONAL { ?s ?p ex:%41\. }", r"BIND('a\'b' AS ?q1)", r'BIND("a\"#" AS ?q2)', "BIND('''a''b' AS ?q3)",
    'BIND("""a""b\n#""" AS ?q4)', r'BIND("a\u0022" AS ?q5)', r"BIND('a\u0027' AS ?q6)",
    "# a comment } \" '\n", "FILTER(STRLEN('#') = 1)", r"OPTIONAL { ?s ex:p\# ?o2 }",
]
RAW = [r"ex:a\#", r"ex:a\'", "'", '"', "'''", '"""', "\\", r"\u0022", r"\u0027", r"\u0023", "#", "\n", "}", "{", "."]
# what comes just before the payload: escapes the old guard misread, strings, comments that end
# (the payload runs) or do not (it is hidden for real)
HIDERS = ["", r"OPTIONAL { ?s ?p ex:a\# } ", r"OPTIONAL { ?s ?p ex:a\' } ", "# comment\n", "# comment ", r'BIND("x\"y" AS ?h1) ',
          "BIND('''a'b''' AS ?h2) ", 'BIND("""a"" #""" AS ?h3) ', r"BIND('a\u0027 AS ?h4) #' AS ?h5) ",
          r'BIND("a\u0022 AS ?h6) #" AS ?h7) ', r"OPTIONAL { ?s ?p ex:a\u0023 } "]
SERVICE_SPELLINGS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", r"SERV\u0049CE", r"\u0053ERVICE"]
SELECT_HIDERS = ["", "# c\n", "# c ", r"(ex:a\# AS ?z1) ", r"(ex:a\' AS ?z2) ", r"('x\'' AS ?z3) ",
                 '("#" AS ?z4) ', r"(ex:a\u0023 AS ?z5) "]
FROM_SPELLINGS = ["FROM", "from", "FROM NAMED", r"\u0046ROM", r"FR\u004FM"]


def _group() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES * 3 + RAW), max_size=4, unique=True).map(" ".join)


def service_texts(url: str) -> st.SearchStrategy[str]:
    return st.builds(lambda a, h, w, c: (f"PREFIX ex: <http://ex/> SELECT * WHERE {{ {a} {h}{w} <{url}> "
                                         f"{{ ?x ?y ?z }}\n {c} }}"),
                     _group(), st.sampled_from(HIDERS), st.sampled_from(SERVICE_SPELLINGS), _group())


def from_texts() -> st.SearchStrategy[str]:
    return st.builds(lambda h, w, c: (f"PREFIX ex: <http://ex/> SELECT ?o {h}{w} <{MARKER_GRAPH}>\n"
                                      f"WHERE {{ ?s ?p ?o {c} }}"),
                     st.sampled_from(SELECT_HIDERS), st.sampled_from(FROM_SPELLINGS), _group())


def update_texts() -> st.SearchStrategy[str]:
    return st.builds(lambda a, h, w, c: f"PREFIX ex: <http://ex/> {a} {h}{w} DATA {{ <urn:a> <urn:b> ex:c {c} }}",
                     st.sampled_from(["", "# c\n", "BASE <http://ex/>", r"PREFIX e: <http://ex/a\u0023>"]),
                     st.sampled_from(["", "# c ", "# c\n"]),
                     st.sampled_from(["INSERT", "insert", r"\u0049NSERT", r"INS\u0045RT"]),
                     st.lists(st.sampled_from([r"ex:a\#", "# c\n", r"ex:a\'", "'", '"', "\n"]), max_size=2)
                     .map(" ".join))


def _marker_db() -> ox.Store:
    db = ox.Store()
    db.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("marker"), ox.NamedNode(MARKER_GRAPH)))
    return db


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_service_hidden_anywhere_never_reaches_the_network(canary, data):
    """Either the guard refuses the text, or pyoxigraph running it sends nothing to the canary."""
    text = data.draw(service_texts(canary.url))
    before = len(canary.requests)        # (the session fails anyway on any request: see conftest)
    try:
        guard.check_query(text)
    except QueryError:
        return
    try:
        list(ox.Store().query(text))
    except (SyntaxError, ValueError, OSError, RuntimeError):
        pass
    assert len(canary.requests) == before, f"this query reached the network past the guard: {text!r}"


@settings(max_examples=300, deadline=None)
@given(text=from_texts())
def test_from_hidden_anywhere_is_seen(text):
    """If pyoxigraph honours the FROM clause (the marker graph becomes the default graph), the guard
    refused the text or saw that FROM (so it checks the graph is in the store)."""
    try:
        rows = [s["o"].value for s in _marker_db().query(text, use_default_graph_as_union=False)]
    except (SyntaxError, ValueError, OSError, RuntimeError):
        return
    if "marker" in rows:
        decision = guard.decide(text)
        assert decision.refused or MARKER_GRAPH in decision.graphs, text


@settings(max_examples=300, deadline=None)
@given(text=update_texts())
def test_an_update_hidden_anywhere_is_refused(text):
    """Every text that writes when oxigraph runs it as an update is refused by the guard."""
    db = ox.Store()
    try:
        db.update(text)
    except (SyntaxError, ValueError, OSError, RuntimeError):
        return
    if len(db) == 0:
        return                           # nothing but a prologue and comments: an empty update
    with pytest.raises(QueryError):
        guard.check_query(text)
