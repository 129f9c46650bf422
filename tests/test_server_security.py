"""`spacekg serve`'s promises (issue 15): the Origin check, the Host check on IPv6 loopback too,
query capacity apart from the page, cancelled queries of clients that went away, a memory limit
per query, one-line answers to hostile bodies. Each test runs a real `spacekg serve` over a store
built from hand-written facts."""
from __future__ import annotations

import json
import socket
import threading
import time

import pyoxigraph as ox
import pytest
import requests

from spacekg.graph.store import Store
from triplestores import spacekg_serve

# cartesian products that run far past the time limit: the first counts (little memory), the second
# sorts (its memory grows by tens of MB a second)
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
GREEDY = "SELECT ?a ?c ?e { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?e ?f ?i"
TIMEOUT = 8.0


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("security") / "store"
    store = Store.open(path, create=True)
    with store.writer() as w:
        w.replace_graph("https://w3id.org/spacekg/id/report/probe-txt", [
            ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"value {i}"),
                    ox.NamedNode("https://w3id.org/spacekg/id/report/probe-txt")) for i in range(400)])
    return path


@pytest.fixture(scope="module")
def served(store_path):
    server = spacekg_serve(store_path, "--timeout", str(TIMEOUT), "--max-query-memory", "150")
    yield server
    server.stop()


@pytest.fixture
def http():
    s = requests.Session()
    s.trust_env = False
    yield s
    s.close()


def test_a_cross_origin_post_is_refused(served, http):
    r = http.post(served.base + "/sparql", data={"query": "ASK {}"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "cross-origin" in r.text and len(r.text.splitlines()) == 1
    r = http.post(served.base + "/ask", json={"question": "who?"}, headers={"Origin": "null"})
    assert r.status_code == 403
    port = served.base.rsplit(":", 1)[1]
    r = http.post(served.base + "/sparql", data={"query": "ASK {}"}, headers={"Origin": f"http://127.0.0.1:{int(port) + 1}"})
    assert r.status_code == 403                                       # another port is another origin
    r = http.post(served.base + "/sparql", data={"query": "ASK {}"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    r = http.post(served.base + "/sparql", data={"query": "ASK {}"}, headers={"Origin": served.base})
    assert r.status_code == 200                                       # the server's own page
    r = http.post(served.base + "/sparql", data={"query": "ASK {}"})
    assert r.status_code == 200                                       # curl, scripts: no Origin


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback (::1)")
def test_the_host_check_holds_on_ipv6_loopback(store_path, http):
    server = spacekg_serve(store_path, "--host", "::1")
    try:
        assert server.base.startswith("http://[::1]:")
        r = http.get(server.base + "/sparql", params={"query": "ASK {}"}, headers={"Host": "evil.com"})
        assert r.status_code == 400
        r = http.get(server.base + "/sparql", params={"query": "ASK {}"}, headers={"Host": "evil.com:80"})
        assert r.status_code == 400
        r = http.get(server.base + "/sparql", params={"query": "ASK {}"})
        assert r.status_code == 200
    finally:
        server.stop()


def test_the_page_and_small_queries_stay_responsive_while_slow_queries_run(served):
    statuses = []

    def slow():
        with requests.Session() as s:
            s.trust_env = False
            statuses.append(s.post(served.base + "/sparql", data={"query": SLOW}).status_code)

    threads = [threading.Thread(target=slow) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    with requests.Session() as s:
        s.trust_env = False
        started = time.monotonic()
        page = s.get(served.base + "/")
        assert page.status_code == 200 and time.monotonic() - started < 3
        started = time.monotonic()
        small = s.get(served.base + "/sparql", params={"query": "ASK {}"})
        assert time.monotonic() - started < 3
        assert small.status_code == 503 and small.headers["Retry-After"].isdigit()
        assert len(small.text.splitlines()) == 1 and "busy" in small.text
    for t in threads:
        t.join()
    assert sorted(statuses) == [408, 408, 408, 408, 503, 503]    # 4 slots: the fifth and sixth turned away


def test_a_disconnected_clients_query_is_cancelled(served, http):
    def gone():
        with requests.Session() as s:
            s.trust_env = False
            with pytest.raises(requests.Timeout):
                s.post(served.base + "/sparql", data={"query": SLOW}, timeout=0.5)

    threads = [threading.Thread(target=gone) for _ in range(4)]      # every query slot
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(1.0)                     # the server notices within a poll or two (0.25 s each)
    started = time.monotonic()
    r = http.get(served.base + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and time.monotonic() - started < 2   # the slots are free again


def test_a_query_over_its_memory_limit_gets_507(served, http):
    r = http.post(served.base + "/sparql", data={"query": GREEDY})
    assert r.status_code == 507, r.text
    assert "150 MiB memory limit" in r.text and len(r.text.splitlines()) == 1
    assert http.get(served.base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    log = (served.folder / "stderr").read_text()
    assert "Traceback" not in log and "memory allocation" not in log


def test_deeply_nested_json_is_400_with_one_line(served, http):
    body = "[" * 100_000 + "]" * 100_000
    r = http.post(served.base + "/ask", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and len(r.text.splitlines()) == 1 and "nested" in r.text
    body = json.dumps({"question": "x"})[:-1] + ', "more": ' + "{\"a\":" * 50_000 + "1" + "}" * 50_000 + "}"
    r = http.post(served.base + "/ask", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and len(r.text.splitlines()) == 1
    assert "Traceback" not in (served.folder / "stderr").read_text()


def test_smuggled_service_is_refused_over_http(served, http, canary):
    query = (f"PREFIX ex: <http://ex/> SELECT * {{ OPTIONAL {{ ?s ?p ex:a\\# }} "
             f"SERVICE <{canary.url}> {{ ?x ?y ?z }} }}")
    r = http.post(served.base + "/sparql", data={"query": query})
    assert r.status_code == 400 and "SERVICE is not allowed" in r.text
    assert canary.requests == []
