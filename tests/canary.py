"""A canary HTTP server on loopback: no test may ever make anything reach it.

Tests that try to smuggle SERVICE or FROM past the guard point them at the canary's URL; the
session fixture `canary` (tests/conftest.py) asserts at the end of the session that it never
received a single request. It answers like a SPARQL endpoint (an empty result), so that a query
that did get through would not fail for another reason and hide the leak.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EMPTY_RESULTS = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'


class Canary:
    def __init__(self):
        self.requests: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                canary.requests.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = do_PUT = do_HEAD = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
