"""spacekg.graph.remote.endpoint: binding values, parsing answers, and the same answers through real servers."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.errors import QueryError, QueryTimeout, RemoteError
from spacekg.graph.remote.endpoint import Endpoint, bind, parse_response
from spacekg.graph.namespaces import PREFIXES, SMR
from spacekg.graph.remote.push import push
from spacekg.queries.library import run_named
from triplestores import oxigraph, virtuoso

SMALL = ox.Store()
for i in range(3):
    SMALL.add(ox.Quad(ox.NamedNode(f"http://ex.org/s{i}"), ox.NamedNode("http://ex.org/p"), ox.Literal(f"v{i}")))


# ---------------------------------------------------------------- binding values

def test_values_block_goes_first_in_the_where_group():
    q = "PREFIX ex: <http://ex.org/>\nSELECT ?s ?o WHERE { ?s ex:p ?o }"
    bound = bind(q, {"o": ox.Literal("v1")})
    assert bound.startswith("PREFIX ex: <http://ex.org/>\nSELECT ?s ?o WHERE { VALUES (?o) { (\"v1\") }")
    rows = list(SMALL.query(bound))
    assert [(r["s"].value, r["o"].value) for r in rows] == [("http://ex.org/s1", "v1")]


def test_binding_skips_construct_templates_projection_expressions_comments_and_strings():
    q = ('# { not here\nCONSTRUCT { ?s <http://ex.org/q> "{" } WHERE { ?s <http://ex.org/p> ?o }')
    bound = bind(q, {"o": "v2"})
    assert 'WHERE { VALUES (?o) { ("v2") }' in bound
    assert [t.subject.value for t in SMALL.query(bound)] == ["http://ex.org/s2"]
    q = "SELECT ?s (EXISTS { ?s ?p ?o } AS ?e) ?o { ?s ?p ?o }"
    bound = bind(q, {"s": ox.NamedNode("http://ex.org/s0")})
    assert "?o { VALUES (?s) { (<http://ex.org/s0>) }" in bound
    assert len(list(SMALL.query(bound))) == 1
    bound = bind("ASK { ?s ?p ?o }", {"o": "nothing"})
    assert bool(SMALL.query(bound)) is False


def test_a_values_placeholder_says_where_values_go():
    q = ("SELECT ?s ?n ?o { { SELECT ?s (COUNT(*) AS ?n) { VALUES (?s ?x) { (UNDEF UNDEF) } ?s ?p ?x } GROUP BY ?s }"
         " ?s <http://ex.org/p> ?o }")
    assert len(list(SMALL.query(q))) == 3                         # as written, the placeholder matches anything
    bound = bind(q, {"s": ox.NamedNode("http://ex.org/s1")})
    assert "{ VALUES (?s) { (<http://ex.org/s1>) } ?s ?p ?x }" in bound and bound.count("VALUES") == 1
    assert [(r["s"].value, r["o"].value) for r in SMALL.query(bound)] == [("http://ex.org/s1", "v1")]
    bound = bind(q, {"s": ox.NamedNode("http://ex.org/s1"), "o": "v2"})    # ?o is in no placeholder: first
    assert bound.startswith('SELECT ?s ?n ?o { VALUES (?o) { ("v2") }') and list(SMALL.query(bound)) == []
    twice = "SELECT ?s { VALUES ?s { UNDEF } ?s ?p ?o FILTER EXISTS { VALUES ?s { UNDEF } ?s ?q ?r } }"
    assert bind(twice, {"s": ox.NamedNode("http://ex.org/s2")}).count("(<http://ex.org/s2>)") == 2


def test_binding_refuses_what_it_cannot_bind():
    with pytest.raises(QueryError, match="short form"):
        bind("CONSTRUCT WHERE { ?s ?p ?o }", {"o": "x"})
    with pytest.raises(QueryError, match="blank node"):
        bind("SELECT * { ?s ?p ?o }", {"o": ox.BlankNode("b")})
    with pytest.raises(QueryError, match="variable name"):
        bind("SELECT * { ?s ?p ?o }", {"o) } SERVICE": "x"})
    with pytest.raises(QueryError, match="WHERE"):
        bind("DESCRIBE <http://ex.org/s1>", {"o": "x"})


HOSTILE = ['"} ; DROP ALL #', "x\" } SERVICE <http://evil.example/> { ?a ?b ?c } #", "line\nbreak\r\"",
           "back\\slash\\", "\\u0022 escaped quote", "''' triple", "emoji 🚀 and ‮right-to-left", "<http://x/>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_one_literal(value):
    bound = bind("SELECT ?v ?n WHERE { BIND(STRLEN(?v) AS ?n) }", {"v": value})
    rows = list(SMALL.query(bound))
    assert len(rows) == 1 and rows[0]["v"] == ox.Literal(value)
    assert int(rows[0]["n"].value) == len(value)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_binds_as_exactly_that_literal(value):
    rows = list(SMALL.query(bind("SELECT ?v WHERE { }", {"v": value})))
    assert [r["v"] for r in rows] == [ox.Literal(value)]


def test_iris_that_would_break_out_cannot_be_made():
    for bad in ("http://x/> } SERVICE <http://evil/", "http://x/ y", 'http://x/"'):
        with pytest.raises(ValueError):
            ox.NamedNode(bad)


# ---------------------------------------------------------------- answers

def test_virtuoso_style_json_is_read_in_canonical_form():
    raw = json.dumps({"head": {"vars": ["b", "n"]}, "results": {"bindings": [
        {"b": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1"},
         "n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"}}]}})
    res = parse_response(raw.encode(), "application/sparql-results+json; charset=UTF-8")
    assert res.records() == [{"b": True, "n": 3}]


def test_graph_answers_in_any_rdf_format_become_triples():
    ttl = b'@prefix ex: <http://ex.org/> . ex:a ex:p "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
    res = parse_response(ttl, "text/turtle")
    assert res.kind == "graph" and res.triples[0].object.value == "true"
    with pytest.raises(RemoteError, match="content type 'text/html'"):
        parse_response(b"<html></html>", "text/html")
    with pytest.raises(RemoteError, match="does not parse"):
        parse_response(b"{not json", "application/sparql-results+json")


# ---------------------------------------------------------------- a fake server for failure modes

class _Fake(BaseHTTPRequestHandler):
    mode = "empty"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.mode == "silent":
            threading.Event().wait(3)
            return
        if self.server.mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"<html><body><h1>Internal trouble</h1></body></html>")
            return
        body = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_server_without_spacekg_graphs_says_so(fake):
    fake.mode = "empty"
    with pytest.raises(RemoteError, match="holds no spacekg graphs.*spacekg push"):
        Endpoint(f"http://127.0.0.1:{fake.server_port}/sparql").query("SELECT * { ?s ?p ?o }")


def test_a_silent_server_hits_the_time_limit(fake):
    fake.mode = "silent"
    ep = Endpoint(f"http://127.0.0.1:{fake.server_port}/sparql", dataset="server")
    with pytest.raises(QueryTimeout, match="did not answer within the 0.5 s"):
        ep.query("ASK {}", timeout=0.5)


def test_error_statuses_and_unreachable_servers_are_one_line(fake):
    fake.mode = "error"
    ep = Endpoint(f"http://127.0.0.1:{fake.server_port}/sparql", dataset="server")
    with pytest.raises(RemoteError, match=r"HTTP 500 .*: Internal trouble$"):
        ep.query("ASK {}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(RemoteError, match="cannot connect"):
        Endpoint(f"http://127.0.0.1:{closed}/sparql").query("ASK {}")
    with pytest.raises(RemoteError, match="http"):
        Endpoint("ftp://example.org/sparql")


def test_refused_queries_never_leave_the_machine():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    ep = Endpoint(f"http://127.0.0.1:{closed}/sparql")      # nothing listens: only the guard can answer
    for q in ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "DROP ALL",
              "INSERT DATA { <http://a> <http://b> <http://c> }", "LOAD <http://example.org/data.ttl>"):
        with pytest.raises(QueryError, match="not allowed"):
            ep.query(q)


# ---------------------------------------------------------------- the same answers through real servers

QUESTIONS = {
    "players": "SELECT ?p ?name { ?p a sm:Player ; rdfs:label ?name } ORDER BY ?name",
    "claims": """SELECT ?name ?resource ?platform ?sentence ?start ?end {
                   ?c a sm:TargetClaim ; sm:player/rdfs:label ?name .
                   OPTIONAL { ?c sm:resource/rdfs:label ?resource } OPTIONAL { ?c sm:platform/rdfs:label ?platform }
                   ?e sm:about ?c ; sm:sentence ?sentence ; sm:charStart ?start ; sm:charEnd ?end }""",
    "market": """SELECT ?metric ?value ?unit ?year ?from ?to ?forecast {
                   ?f a sm:MarketFigure ; sm:metric ?metric ; sm:value ?value ; sm:unit ?unit ; sm:forecast ?forecast .
                   OPTIONAL { ?f sm:year ?year } OPTIONAL { ?f sm:fromYear ?from ; sm:toYear ?to } }""",
    "per-graph": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "collaborations": """SELECT DISTINCT ?a ?b { ?x sm:collaboratesWith ?y .
                           ?x rdfs:label ?a . ?y rdfs:label ?b }""",
    "evidence": "SELECT ?sentence ?rule ?confidence { ?e a sm:Evidence ; sm:sentence ?sentence ; sm:rule ?rule ; "
                "sm:confidence ?confidence }",
    "concepts": "SELECT ?c ?label ?alt { ?c a skos:Concept ; rdfs:label ?label OPTIONAL { ?c skos:altLabel ?alt } }",
    "ask-yes": "ASK { ?p sm:targetsResource ?r }",
    "ask-no": "ASK { ?p sm:collaboratesWith ?p2 . ?p2 a sm:Resource }",
    "from": f"SELECT (COUNT(*) AS ?n) FROM <{SMR}graph/ontology> WHERE {{ ?s ?p ?o }}",
    "all": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "construct": "CONSTRUCT { ?p sm:targets ?c . ?c rdfs:label ?l } WHERE { ?p sm:targets ?c . ?c rdfs:label ?l }",
}
NAMED = [("players-targeting", {}), ("players-targeting", {"platform": "smr:platform/moon"}),
         ("players-targeting", {"resource": "smr:resource/water-ice", "platform": "smr:platform/moon"}),
         ("stats", {}), ("competitive-map-counts", {}), ("competitive-map-counts", {"dimension": "platform"}),
         ("targets-by-reports", {}), ("targets-by-reports", {"target": "smr:target/water-ice/moon"}),
         ("targets-by-reports", {"player": "smr:player/moon-express"}), ("partners-by-reports", {}),
         ("partners-by-reports", {"player": "smr:player/nasa"}), ("technologies-by-reports", {}),
         ("technologies-by-reports", {"player": "smr:player/moon-express"}),
         ("players-technologies", {}), ("players-technologies", {"player": "smr:player/moon-express"})]


def answers(results) -> object:
    """A result set as comparable plain values (a sorted list: servers may order ties differently)."""
    from spacekg.graph.results import plain
    if results.kind == "ask":
        return results.boolean
    if results.kind == "graph":
        return sorted(json.dumps([plain(t.subject), plain(t.predicate), plain(t.object)]) for t in results.triples)
    return sorted(json.dumps({k: _unordered(v) for k, v in r.items()}, sort_keys=True) for r in results.records())


def _unordered(value: object) -> object:
    """GROUP_CONCAT lists ("a; b") in a fixed order: SPARQL leaves their order to the engine. An empty
    list is "" on Virtuoso and unbound on pyoxigraph (which treats the unbound values as an error)."""
    if value == "":
        return None
    return "; ".join(sorted(value.split("; "))) if isinstance(value, str) and "; " in value else value


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request, sample_store):
    """An Endpoint on a real server that holds the bundled graph (pushed with the Graph Store Protocol)."""
    if request.param == "oxigraph":
        server = oxigraph()
        push(sample_store, graph_store=server.base + "/store")
        return Endpoint(server.base + "/query")
    server = virtuoso()
    push(sample_store, graph_store=server.base + "/sparql-graph-crud-auth", user="dba", password="dba")
    return Endpoint(server.base + "/sparql")


def test_the_same_answers_locally_and_through_the_server(remote, sample_store):
    different = []
    for name, q in QUESTIONS.items():
        local, far = answers(sample_store.query(q)), answers(remote.query(q))
        assert local not in ([], None), f"{name}: the local store has no answer to compare"
        if local != far:
            different.append(name)
    assert not different, f"different answers from {remote.url}: {different}"


@pytest.mark.parametrize("name, params", NAMED, ids=lambda v: v if isinstance(v, str) else "+".join(v) or "none")
def test_named_queries_with_bound_parameters_give_the_same_answers(remote, sample_store, request, name, params):
    local = run_named(sample_store, name, **params)
    far = run_named(remote, name, **params)
    assert local.records(), f"{name} {params}: nothing to compare"
    assert answers(far) == answers(local), f"{name} {params}"


def test_ordered_answers_keep_their_order(remote, sample_store):
    q = QUESTIONS["players"]
    assert remote.query(q).records() == sample_store.query(q).records()


def test_graphs_and_size_match_the_store(remote, sample_store):
    assert remote.graphs() == sample_store.graphs()
    assert len(remote) == len(sample_store)


def test_the_server_reports_syntax_errors_as_query_errors(remote):
    with pytest.raises(QueryError, match="refused the query: HTTP 400"):
        remote.query("SELECT * WHERE { ?s ?p }")


def test_cli_sparql_and_query_with_endpoint(remote, sample_store, runner):
    from spacekg.cli import cli
    q = "SELECT ?name { ?p a sm:Player ; rdfs:label ?name } ORDER BY ?name"
    local = runner.invoke(cli, ["--store", str(sample_store.path), "sparql", q, "--format", "csv"])
    far = runner.invoke(cli, ["sparql", q, "--format", "csv", "--endpoint", remote.url])
    assert local.exit_code == 0 and far.exit_code == 0, far.output
    assert far.output == local.output and far.output.count("\n") > 3
    args = ["query", "players-targeting", "-p", "platform=smr:platform/moon", "--format", "csv"]
    local = runner.invoke(cli, ["--store", str(sample_store.path), *args])
    far = runner.invoke(cli, [*args, "--endpoint", remote.url])
    assert far.exit_code == 0, far.output

    def rows(output):
        import csv
        import io
        return sorted(json.dumps({k: _unordered(v) for k, v in r.items()}, sort_keys=True)
                      for r in csv.DictReader(io.StringIO(output)))
    assert rows(far.output) == rows(local.output) and len(rows(local.output)) >= 4
    refused = runner.invoke(cli, ["sparql", "SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }",
                                  "--endpoint", remote.url])
    assert refused.exit_code == 1 and "SERVICE is not allowed" in refused.output
    both = runner.invoke(cli, ["sparql", q, "--endpoint", remote.url, "--store", str(sample_store.path)])
    assert both.exit_code == 2 and "not both" in both.output


def test_prefixes_are_predeclared_remotely_too(remote):
    assert PREFIXES["sm"] in remote.query("SELECT ?c { ?c a owl:Class } LIMIT 1").records()[0]["c"]


def test_every_named_query_gives_the_same_answers_through_oxigraph_server(sample_store):
    """All of the library, with default parameters: Oxigraph server runs the same engine as the store."""
    from spacekg.queries.library import named_queries
    server = oxigraph()
    push(sample_store, graph_store=server.base + "/store")
    remote = Endpoint(server.base + "/query")
    for name in named_queries():
        local = run_named(sample_store, name)
        assert answers(run_named(remote, name)) == answers(local), name


ASK_QUESTIONS = ["which players target lunar ice?", "which players target the Moon?", "who collaborates with NASA?",
                 "what does Moon Express develop?", "what is the CAGR?", "what is the market size in 2031?",
                 "which developments involve the Moon?", "list the players", "which resources are there?",
                 "what are the key challenges?", "what are the timelines?", "which celestial bodies are most viable?",
                 "compare NASA and ispace", "what does the regulatory environment look like?"]


@pytest.mark.parametrize("question", ASK_QUESTIONS)
def test_ask_gives_the_same_answers_through_the_server(remote, sample_store, question):
    from spacekg.queries.ask import ask
    local, far = ask(sample_store, question), ask(remote, question)
    assert local.summary == far.summary
    assert {e.sentence for e in far.evidence()} == {e.sentence for e in local.evidence()}
