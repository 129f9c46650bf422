"""`--endpoint` pointed at a server whose answer lacks a column the query asks for (issue 15 item
10): one error line naming the server and what it sent, never a KeyError."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from spacekg.cli import cli
from spacekg.errors import RemoteError
from spacekg.graph.remote.endpoint import Endpoint, projected

ANSWER = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}'


@pytest.fixture
def odd_server():
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(ANSWER)))
            self.end_headers()
            self.wfile.write(ANSWER)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_a_missing_column_is_one_line_naming_the_server(odd_server):
    with pytest.raises(RemoteError) as e:
        Endpoint(odd_server).graphs()
    assert str(e.value) == (f"{odd_server} answered without the column(s) ?g that the query asks for "
                            f"(it sent the columns: ?x)")
    ep = Endpoint(odd_server, dataset="server")
    assert ep.query("SELECT ?x { ?x ?p ?o }").records() == [{"x": "1"}]
    with pytest.raises(RemoteError, match=r"without the column\(s\) \?name"):
        ep.query("SELECT ?x (STR(?x) AS ?name) { ?x ?p ?o }")


def test_the_cli_says_it_in_one_line(odd_server, runner):
    r = runner.invoke(cli, ["stats", "--endpoint", odd_server])
    assert r.exit_code == 1 and "Traceback" not in r.output and "KeyError" not in r.output
    assert r.output.strip().count("\n") == 0 and odd_server in r.output and "?x" in r.output


def test_projected_variables():
    assert projected("PREFIX a: <x:> SELECT DISTINCT ?a (COUNT(?x) AS ?n) ?b WHERE { ?a ?b ?c }") == ["a", "n", "b"]
    assert projected("SELECT * { ?s ?p ?o }") is None and projected("ASK {}") is None
    assert projected("SELECT ?s { { SELECT ?x { } } }") == ["s"]
