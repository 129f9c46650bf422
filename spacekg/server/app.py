"""The web application of `spacekg serve` (Starlette): a SPARQL 1.1 endpoint and a page.

Routes:
    GET  /                 the page: query editor with the named queries, results table, ask box, graph
    GET  /sparql           SPARQL 1.1 Protocol: ?query=...
    POST /sparql           form (query=...) or a direct application/sparql-query body
    GET  /query/NAME       a named query with its parameters (?resource=smr:resource/water-ice)
    POST /ask              {"question": "..."}: a plain-English question (JSON answer)
    GET  /graph            the interactive graph page (when this build has spacekg.viz)
    GET  /static/...       the page's script and style

Safety: read-only. Every query goes through the store's guard (no SERVICE, no update or LOAD, no
FROM outside the store) and runs in a child process that is killed at the time limit. Answers:
400 syntax error or refused query, 408 time limit, 413 request too large, 406 no acceptable
format, 415 unknown body type, 501 a part this build lacks; each with a one-line text message.
Each query first calls `store.refresh()`, so a new `spacekg build` is seen without a restart.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from urllib.parse import parse_qsl

import anyio
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import QueryError, QueryTimeout, RemoteError, SpacekgError, StoreError
from . import negotiate

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REQUEST_BYTES = 1_000_000
CONCURRENT_QUERIES = 4
LOOPBACK_NAMES = ["127.0.0.1", "localhost"]
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'")

AskFunction = Callable[[object, str], object]
GraphPage = Callable[[object], str]
FROM_PACKAGE = "from the package"          # default for ask/graph_page: whatever this build has


class HTTPProblem(Exception):
    """An answer other than 200, with its one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def problem_for(error: Exception) -> HTTPProblem:
    """The HTTP status for an error raised while answering."""
    if isinstance(error, HTTPProblem):
        return error
    if isinstance(error, QueryTimeout):
        return HTTPProblem(408, str(error))
    if isinstance(error, QueryError):
        return HTTPProblem(400, str(error))
    if isinstance(error, RemoteError):
        return HTTPProblem(502, str(error))
    if isinstance(error, StoreError):
        return HTTPProblem(503, str(error))
    if isinstance(error, SpacekgError):
        return HTTPProblem(400, str(error))
    raise error


class Service:
    """What the routes share: the store, the limits, and the optional parts (ask, graph page)."""

    def __init__(self, store, timeout: float = DEFAULT_TIMEOUT,
                 max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
                 ask: AskFunction | None = None, graph_page: GraphPage | None = None):
        self.store = store
        self.timeout = timeout
        self.max_request_bytes = max_request_bytes
        self.ask = ask
        self.graph_page = graph_page
        self._refresh_lock = threading.Lock()
        self._limiter = anyio.CapacityLimiter(CONCURRENT_QUERIES)

    async def call(self, fn: Callable, *args):
        """Run blocking work (a query) in a worker thread, after noticing a new build."""
        def work():
            self.refresh()
            return fn(*args)
        return await anyio.to_thread.run_sync(work, limiter=self._limiter)

    def refresh(self) -> None:
        refresh = getattr(self.store, "refresh", None)
        if refresh is not None:
            with self._refresh_lock:
                refresh()

    def query(self, sparql: str, substitutions: dict | None = None):
        return self.store.query(sparql, substitutions=substitutions, timeout=self.timeout)

    async def read_body(self, request: Request) -> bytes:
        """The request body, refused with 413 as soon as it passes the size limit."""
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_request_bytes:
            raise self.too_large()
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_request_bytes:
                raise self.too_large()
        return bytes(body)

    def too_large(self) -> HTTPProblem:
        return HTTPProblem(413, f"request too large: the limit is {self.max_request_bytes:,} bytes "
                                f"(raise it with --max-request-bytes)")

    def check_url(self, request: Request) -> None:
        if len(request.url.query.encode("utf-8")) > self.max_request_bytes:
            raise self.too_large()


def create_app(store, timeout: float = DEFAULT_TIMEOUT, max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
               ask: AskFunction | None | str = FROM_PACKAGE, graph_page: GraphPage | None | str = FROM_PACKAGE,
               loopback_only: bool = False) -> Starlette:
    """The ASGI app over `store` (a Store or an Endpoint: anything with .query).

    ask(store, question) answers a plain-English question (default: spacekg.queries.ask, when this
    build has it); graph_page(store) returns the interactive graph's HTML (default: spacekg.viz).
    None switches either off (the routes answer 501). With loopback_only, requests must name the
    host 127.0.0.1 or localhost (no DNS rebinding).
    """
    service = Service(store, timeout, max_request_bytes,
                      load_ask() if ask == FROM_PACKAGE else ask,
                      load_graph_page() if graph_page == FROM_PACKAGE else graph_page)
    env = Environment(loader=PackageLoader("spacekg.server", "templates"), autoescape=select_autoescape())
    page = env.get_template("index.html")

    async def index(request: Request) -> Response:
        from ..queries.library import named_queries
        queries = [{"name": q.name, "summary": q.summary, "text": q.text, "params": list(q.params.items())}
                   for q in named_queries().values()]
        described = await service.call(_describe_store, service.store)
        html = page.render(queries=queries, store=described, timeout=service.timeout,
                           has_ask=service.ask is not None, has_graph=service.graph_page is not None)
        return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_POLICY})

    async def sparql(request: Request) -> Response:
        params, query = await _protocol_request(service, request)
        if "update" in params:
            raise HTTPProblem(400, "updates are not allowed: this endpoint is read-only")
        if not query or not query.strip():
            raise HTTPProblem(400, "no query: send ?query=... (GET), a query=... form, "
                                   "or an application/sparql-query body (POST)")
        _check_dataset(store, params)
        results = await service.call(service.query, query)
        return _answer(results, request.headers.get("accept"), _last(params, "format"))

    async def named(request: Request) -> Response:
        from ..queries.library import named_queries, run_named
        service.check_url(request)
        name = request.path_params["name"]
        if name not in named_queries():
            raise HTTPProblem(404, f"no named query '{name}'")
        bindings = {k: v for k, v in request.query_params.items() if k != "format" and v != ""}
        results = await service.call(lambda: run_named(service.store, name, timeout=service.timeout, **bindings))
        return _answer(results, request.headers.get("accept"), request.query_params.get("format"))

    async def ask_route(request: Request) -> Response:
        body = await service.read_body(request)
        if service.ask is None:
            raise HTTPProblem(501, "plain-English questions are not part of this build (spacekg.queries.ask)")
        question = _question(request, body)
        answer = await service.call(service.ask, service.store, question)
        return JSONResponse(_jsonable(answer))

    async def graph(request: Request) -> Response:
        if service.graph_page is None:
            raise HTTPProblem(501, "the interactive graph is not part of this build (spacekg.viz)")
        html = await service.call(service.graph_page, service.store)
        return HTMLResponse(html)

    async def on_problem(request: Request, exc: Exception) -> Response:
        p = problem_for(exc)
        return PlainTextResponse(str(p) + "\n", status_code=p.status)

    async def on_not_acceptable(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(f"not acceptable: {exc}\n", status_code=406)

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query/{name}", named),
        Route("/ask", ask_route, methods=["POST"]),
        Route("/graph", graph),
        Mount("/static", StaticFiles(packages=[("spacekg.server", "static")]), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_NAMES)] if loopback_only else []
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HTTPProblem: on_problem, SpacekgError: on_problem,
                                         negotiate.NotAcceptable: on_not_acceptable})


# ---------------------------------------------------------------- the protocol

async def _protocol_request(service: Service, request: Request) -> tuple[dict[str, list[str]], str | None]:
    """The request's parameters and query, from GET ?query=, a POST form, or a POST query body."""
    service.check_url(request)
    params: dict[str, list[str]] = {}
    for k, v in parse_qsl(request.url.query, keep_blank_values=True):
        params.setdefault(k, []).append(v)
    if request.method == "GET":
        return params, _last(params, "query")
    body = await service.read_body(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise HTTPProblem(400, "the form is not UTF-8") from None
        for k, v in pairs:
            params.setdefault(k, []).append(v)
        return params, _last(params, "query")
    if media == "application/sparql-query":
        return params, _decode(body)
    if media == "application/sparql-update":
        raise HTTPProblem(400, "updates are not allowed: this endpoint is read-only")
    raise HTTPProblem(415, f"unsupported body type '{media or 'none'}': send application/sparql-query "
                           f"or an application/x-www-form-urlencoded form")


def _check_dataset(store, params: dict[str, list[str]]) -> None:
    """default-graph-uri / named-graph-uri: accepted when they name the store's whole dataset."""
    default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if not default and not named:
        return
    everything = set(store.graphs())
    if set(default) in (set(), everything) and set(named) in (set(), everything):
        return
    raise HTTPProblem(400, "default-graph-uri/named-graph-uri may only name every graph of the store "
                           "(its default graph is their union); use FROM / FROM NAMED in the query instead")


def _answer(results, accept: str | None, format_param: str | None) -> Response:
    fmt, media = negotiate.choose(results.kind, accept, format_param)
    return Response(results.serialize(fmt), media_type=media, headers={"Vary": "Accept"})


def _last(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[-1] if values else None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the query is not UTF-8") from None


def _question(request: Request, body: bytes) -> str:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            raise HTTPProblem(400, "the body is not valid JSON") from None
        question = data.get("question") if isinstance(data, dict) else None
    else:
        question = dict(parse_qsl(_decode(body))).get("question")
    if not isinstance(question, str) or not question.strip():
        raise HTTPProblem(400, 'no question: send {"question": "..."}')
    return question.strip()


def _describe_store(store) -> dict:
    try:
        return {"where": str(getattr(store, "path", None) or getattr(store, "url", "")),
                "graphs": len(store.graphs()), "triples": len(store)}
    except SpacekgError:
        return {"where": str(getattr(store, "path", "")), "graphs": 0, "triples": 0}


def _jsonable(answer: object) -> object:
    """What an ask function returned, as JSON: to_json(), a dataclass, or plain data."""
    if hasattr(answer, "to_json"):
        return answer.to_json()
    if is_dataclass(answer) and not isinstance(answer, type):
        return asdict(answer)
    return answer


# ---------------------------------------------------------------- optional parts

def load_ask() -> AskFunction | None:
    """spacekg.queries.ask.ask(store, question), if this build has it.

    The route accepts whatever it returns: an object with to_json(), a dataclass, or plain JSON data
    (the page shows `answer`/`text`, a `rows` table with `columns`, and `sparql` when present).
    """
    try:
        from ..queries.ask import ask
    except ImportError:
        return None
    return ask


def load_graph_page() -> GraphPage | None:
    """The interactive graph page, if this build has spacekg.viz: render(store) -> HTML."""
    try:
        from ..viz.html import render
    except ImportError:
        return None
    return render
