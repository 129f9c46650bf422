"""`spacekg serve`: the SPARQL 1.1 Protocol over HTTP, its limits, the page in headless Chromium."""
from __future__ import annotations

import json
import threading
import time

import pyoxigraph as ox
import pytest
import requests

from spacekg.errors import QueryError
from spacekg.graph import iri
from spacekg.graph.remote.endpoint import Endpoint
from spacekg.graph.results import plain
from spacekg.graph.store import Store
from spacekg.queries.library import named_queries, run_named
from spacekg.server import negotiate
from spacekg.server.app import create_app
from triplestores import Chromium, spacekg_serve

PLAYERS = "SELECT ?p ?name WHERE { ?p a sm:Player ; rdfs:label ?name } ORDER BY ?name"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"      # ~10^9 rows on the sample
TIMEOUT = 2.0
LIMIT = 20_000


@pytest.fixture(scope="module")
def served(sample_store):
    server = spacekg_serve(sample_store.path, "--timeout", str(TIMEOUT), "--max-request-bytes", str(LIMIT))
    yield server
    server.stop()


@pytest.fixture
def http():
    s = requests.Session()
    s.trust_env = False                 # loopback: never through a proxy from the environment
    yield s
    s.close()


def records(body: bytes, fmt=ox.QueryResultsFormat.JSON) -> list[dict]:
    parsed = ox.parse_query_results(body, fmt)
    names = [v.value for v in parsed.variables]
    return [{n: plain(s[n]) for n in names} for s in parsed]


# ---------------------------------------------------------------- the protocol

def test_get_post_form_and_post_body_answer_the_same(served, http, sample_store):
    expected = sample_store.query(PLAYERS).records()
    assert len(expected) > 3
    get = http.get(served.base + "/sparql", params={"query": PLAYERS})
    form = http.post(served.base + "/sparql", data={"query": PLAYERS})
    body = http.post(served.base + "/sparql", data=PLAYERS.encode(),
                     headers={"Content-Type": "application/sparql-query"})
    for r in (get, form, body):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        assert records(r.content) == expected


@pytest.mark.parametrize("accept, media, fmt", [
    ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("text/*", "text/csv", ox.QueryResultsFormat.CSV),
])
def test_select_content_negotiation(served, http, sample_store, accept, media, fmt):
    r = http.get(served.base + "/sparql", params={"query": PLAYERS}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    expected = sample_store.query(PLAYERS).records()
    if fmt == ox.QueryResultsFormat.CSV:                           # CSV keeps no term types: compare text
        import csv
        import io
        got = list(csv.DictReader(io.StringIO(r.text)))
        expected = [{k: str(v) for k, v in row.items()} for row in expected]
    else:
        got = records(r.content, fmt)
    assert got == expected


def test_ask_and_format_parameter(served, http):
    r = http.get(served.base + "/sparql", params={"query": "ASK { ?p a sm:Player }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = http.get(served.base + "/sparql", params={"query": "ASK { ?p a sm:Nothing }", "format": "xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml") and b"false" in r.content
    r = http.get(served.base + "/sparql", params={"query": PLAYERS, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and r.text.startswith("p,name\r\n")


@pytest.mark.parametrize("accept, media, rdf_format", [
    (None, "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_content_negotiation(served, http, sample_store, accept, media, rdf_format):
    q = "CONSTRUCT { ?p sm:targets ?c } WHERE { ?p sm:targets ?c }"
    headers = {"Accept": accept} if accept else {}
    r = http.post(served.base + "/sparql", data={"query": q}, headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    got = {q_.triple for q_ in ox.parse(r.content, format=rdf_format)}
    assert got == set(sample_store.query(q).triples) and got


def test_describe(served, http, sample_store):
    player = sample_store.query(PLAYERS).records()[0]["p"]
    r = http.get(served.base + "/sparql", params={"query": f"DESCRIBE <{player}>"},
                 headers={"Accept": "application/n-triples"})
    triples = {q.triple for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)}
    assert r.status_code == 200 and any(t.subject.value == player for t in triples)


def test_not_acceptable_and_unsupported_body(served, http):
    r = http.get(served.base + "/sparql", params={"query": PLAYERS}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and "SELECT" in r.text
    r = http.post(served.base + "/sparql", data=b"<x/>", headers={"Content-Type": "application/xml"})
    assert r.status_code == 415 and "application/sparql-query" in r.text


# ---------------------------------------------------------------- safety

@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { ?s ?p }", "syntax error"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT is not allowed"),
    ("DROP ALL", "DROP is not allowed"),
    ("LOAD <http://example.org/data.ttl>", "LOAD is not allowed"),
    ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "not in the store"),
    ("", "no query"),
])
def test_refused_and_broken_queries_are_400(served, http, query, message):
    r = http.post(served.base + "/sparql", data={"query": query})
    assert r.status_code == 400 and message in r.text
    assert len(r.text.splitlines()) == 1


def test_updates_are_refused_in_every_form(served, http, sample_store):
    before = len(Store.open(sample_store.path))
    r = http.post(served.base + "/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 400 and "read-only" in r.text
    r = http.post(served.base + "/sparql", data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 400 and "read-only" in r.text
    r = http.get(served.base + "/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert len(Store.open(sample_store.path)) == before


def test_a_runaway_query_is_stopped_with_408_and_the_server_goes_on(served, http, sample_store):
    started = time.monotonic()
    r = http.post(served.base + "/sparql", data={"query": SLOW})
    took = time.monotonic() - started
    assert r.status_code == 408 and f"{TIMEOUT:g} s time limit" in r.text
    assert TIMEOUT <= took < TIMEOUT + 5
    r = http.get(served.base + "/sparql", params={"query": PLAYERS})
    assert r.status_code == 200 and records(r.content) == sample_store.query(PLAYERS).records()


def test_a_fast_query_is_answered_while_a_slow_one_runs(served, sample_store):
    slow_status = []

    def slow():
        with requests.Session() as s:
            s.trust_env = False
            slow_status.append(s.post(served.base + "/sparql", data={"query": SLOW}).status_code)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    with requests.Session() as s:
        s.trust_env = False
        started = time.monotonic()
        r = s.get(served.base + "/sparql", params={"query": PLAYERS})
        assert r.status_code == 200 and time.monotonic() - started < TIMEOUT
    t.join()
    assert slow_status == [408]


def test_requests_over_the_size_limit_are_413(served, http):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * LIMIT
    r = http.post(served.base + "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "limit is 20,000 bytes" in r.text
    r = http.post(served.base + "/sparql", data={"query": big})
    assert r.status_code == 413
    r = http.get(served.base + "/sparql", params={"query": "ASK {} #" + "y" * (LIMIT // 2)})
    assert r.status_code == 200
    r = http.get(served.base + "/sparql", params={"query": "ASK {} #" + "y" * LIMIT})
    assert r.status_code == 413 and "limit is 20,000 bytes" in r.text

    def chunks():                                              # no Content-Length: counted as it streams
        for _ in range(30):
            yield b"#" + b"z" * 1000 + b"\n"
    r = http.post(served.base + "/sparql", data=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_only_loopback_host_names_are_served(served, http):
    r = http.get(served.base + "/sparql", params={"query": "ASK {}"}, headers={"Host": "attacker.example"})
    assert r.status_code == 400
    r = http.get(served.base.replace("127.0.0.1", "localhost") + "/sparql", params={"query": "ASK {}"})
    assert r.status_code == 200


def test_the_endpoint_client_reads_spacekg_serve(served, sample_store):
    ep = Endpoint(served.base + "/sparql")
    assert ep.graphs() == sample_store.graphs()
    assert ep.query(PLAYERS).records() == sample_store.query(PLAYERS).records()
    bound = run_named(ep, "players-targeting", platform="smr:platform/moon").records()
    assert bound == run_named(sample_store, "players-targeting", platform="smr:platform/moon").records() and bound


def test_named_queries_over_http(served, http, sample_store):
    r = http.get(served.base + "/query/players-targeting", params={"platform": "smr:platform/moon"})
    expected = run_named(sample_store, "players-targeting", platform="smr:platform/moon").records()
    assert r.status_code == 200 and records(r.content) == expected and expected
    r = http.get(served.base + "/query/players-targeting", params={"colour": "blue"})
    assert r.status_code == 400 and "no parameter colour" in r.text
    assert http.get(served.base + "/query/nothing-like-this").status_code == 404


def test_a_new_build_is_noticed_without_a_restart(tmp_path, http):
    store = Store.open(tmp_path / "store", create=True)
    g1, g2 = "https://w3id.org/spacekg/id/report/one", "https://w3id.org/spacekg/id/report/two"

    def player(graph: str, name: str) -> list[ox.Quad]:
        p = ox.NamedNode(str(iri.player(name)))
        return [ox.Quad(p, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                        ox.NamedNode("https://w3id.org/spacekg/ontology#Player"), ox.NamedNode(graph)),
                ox.Quad(p, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(name),
                        ox.NamedNode(graph))]

    with store.writer() as w:
        w.replace_graph(g1, player(g1, "Zorblax Mining"))
    server = spacekg_serve(store.path)
    try:
        names = lambda: [row["name"] for row in records(  # noqa: E731
            http.get(server.base + "/sparql", params={"query": PLAYERS}).content)]
        assert names() == ["Zorblax Mining"]
        with store.writer() as w:
            w.replace_graph(g2, player(g2, "Quellorn Resources"))
        assert names() == ["Quellorn Resources", "Zorblax Mining"]
        assert "2 graphs" in http.get(server.base + "/").text
    finally:
        server.stop()


# ---------------------------------------------------------------- in process: ask, graph, page

class InThread:
    """The app under uvicorn in a thread of this process, on a free loopback port (real HTTP)."""

    def __init__(self, app):
        import uvicorn
        from spacekg.server.run import bind
        self.sock = bind("127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", http="h11"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        self.http = requests.Session()
        self.http.trust_env = False
        return self

    def get(self, path, **kw):
        return self.http.get(self.base + path, **kw)

    def post(self, path, **kw):
        return self.http.post(self.base + path, **kw)

    def __exit__(self, *exc):
        self.http.close()
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def client(sample_store):
    asked = []

    def ask(store, question):
        asked.append(question)
        if "break" in question:
            raise QueryError("no idea how to answer that")
        return {"answer": f"{len(store.graphs())} graphs", "rows": [{"q": question}]}

    app = create_app(sample_store, ask=ask, graph_page=lambda store: "<html><body>the graph</body></html>")
    with InThread(app) as c:
        c.asked = asked
        yield c


def test_ask_route(client):
    r = client.post("/ask", json={"question": "Who mines the Moon?"})
    assert r.status_code == 200 and r.json()["rows"] == [{"q": "Who mines the Moon?"}]
    assert client.asked == ["Who mines the Moon?"]
    assert client.post("/ask", data={"question": "form too"}).json()["rows"] == [{"q": "form too"}]
    assert client.post("/ask", json={"question": " "}).status_code == 400
    assert client.post("/ask", data=b"{oops", headers={"Content-Type": "application/json"}).status_code == 400
    r = client.post("/ask", json={"question": "break it"})
    assert r.status_code == 400 and r.text.strip() == "no idea how to answer that"


def test_graph_route_and_missing_parts(client, sample_store):
    assert client.get("/graph").text == "<html><body>the graph</body></html>"
    with InThread(create_app(sample_store, ask=None, graph_page=None)) as bare:
        r = bare.post("/ask", json={"question": "anything"})
        assert r.status_code == 501 and "not part of this build" in r.text
        assert bare.get("/graph").status_code == 501
        assert "Plain-English questions are not part of this build" in bare.get("/").text


def test_page_lists_every_named_query_safely(client):
    r = client.get("/")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    page = r.text
    embedded = page.split('id="named-queries">', 1)[1].split("</script>", 1)[0]
    assert {q["name"] for q in json.loads(embedded)} == set(named_queries())
    assert "</script>" not in embedded
    assert client.get("/static/app.js").status_code == 200


@pytest.mark.parametrize("kind, accept, fmt", [
    ("select", None, "json"), ("select", "application/json", "json"), ("ask", "text/tab-separated-values", "tsv"),
    ("graph", "*/*", "ttl"), ("graph", "text/plain", "nt"), ("graph", "application/*", "nt"),
    ("select", "text/turtle;q=1, text/csv;q=0.1", "csv"),
])
def test_negotiation_choices(kind, accept, fmt):
    assert negotiate.choose(kind, accept)[0] == fmt


def test_negotiation_refusals():
    with pytest.raises(negotiate.NotAcceptable):
        negotiate.choose("select", "text/csv;q=0, image/png")
    with pytest.raises(negotiate.NotAcceptable):
        negotiate.choose("graph", None, "csv")
    assert negotiate.choose("graph", None, "xml")[0] == "xml"


# ---------------------------------------------------------------- the page in headless Chromium

@pytest.fixture(scope="module")
def browser():
    b = Chromium()
    yield b
    b.close()


def test_page_query_typed_and_run_in_chromium(served, browser, sample_store):
    browser.navigate(served.base + "/")
    browser.type_into("#query", "SELECT ?name WHERE { ?p a sm:Player ; rdfs:label ?name } ORDER BY ?name")
    browser.click("#run")
    browser.wait_until("document.querySelectorAll('#results tbody tr').length > 0")
    cells = browser.evaluate("[...document.querySelectorAll('#results tbody td')].map(td => td.textContent)")
    assert cells == [r["name"] for r in sample_store.query(PLAYERS).records()]
    assert browser.evaluate("[...document.querySelectorAll('#results th')].map(th => th.textContent)") == ["name"]
    assert "rows in" in browser.evaluate("document.getElementById('status').textContent")
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert not browser.console, browser.console


def test_page_named_query_with_a_parameter_and_an_error_in_chromium(served, browser, sample_store):
    browser.navigate(served.base + "/")
    browser.evaluate("(() => { const s = document.getElementById('named'); s.value = 'players-targeting'; "
                     "s.dispatchEvent(new Event('change')); })()")
    assert browser.evaluate("document.getElementById('query').value") == named_queries()["players-targeting"].text
    browser.type_into("#params input[name=platform]", "smr:platform/moon")
    browser.click("#run")
    browser.wait_until("document.querySelectorAll('#results tbody tr').length > 0")
    shown = browser.evaluate(
        "(() => { const i = [...document.querySelectorAll('#results thead th')].findIndex(th => th.textContent === 'name');"
        " return [...document.querySelectorAll('#results tbody tr')].map(tr => tr.cells[i].textContent); })()")
    expected = [r["name"] for r in run_named(sample_store, "players-targeting", platform="smr:platform/moon").records()]
    assert shown == expected and shown
    browser.type_into("#query", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    browser.click("#run")
    status = browser.wait_until("document.getElementById('status').className === 'error' && "
                                "document.getElementById('status').textContent")
    assert status.startswith("HTTP 400: SERVICE is not allowed")
    assert browser.evaluate("document.querySelectorAll('#results tbody tr').length") == 0


def test_real_ask_route(sample_store):
    with InThread(create_app(sample_store)) as c:
        r = c.post("/ask", json={"question": "which players target lunar ice?"})
        assert r.status_code == 200
        data = r.json()
        assert data["answer"] == ["1 player targets Water/Ice on Moon: Moon Express."]
        evidence = data["sections"][0]["rows"][0]["evidence"][0]
        assert "extract lunar ice" in evidence["sentence"] and evidence["source"] == "china-space-mining-market.txt"
        r = c.post("/ask", json={"question": "what is the colour of the sky"})
        assert r.status_code == 400 and "Questions I understand" in r.text


def test_page_ask_box_in_chromium(served, browser):
    browser.navigate(served.base + "/")
    browser.type_into("#question", "who collaborates with NASA?")
    browser.evaluate("document.getElementById('ask-form').requestSubmit()")
    text = browser.wait_until("document.querySelector('#ask-answer .answer') && "
                              "document.querySelector('#ask-answer .answer').textContent")
    assert text == "NASA collaborates with ispace."
    evidence = browser.evaluate("[...document.querySelectorAll('#ask-answer ol.evidence li')].map(li => li.textContent)")
    assert evidence and "NASA and ispace entered into a public-private partnership" in evidence[0]
    assert not browser.console, browser.console
