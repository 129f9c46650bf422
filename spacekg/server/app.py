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
FROM outside the store) and runs in a child process that is killed at the time limit, when its
client disconnects, or when it needs more memory than its limit. Queries have their own slots
(a request that finds them all busy for QUEUE_SECONDS gets 503 with Retry-After), so the page
stays responsive while slow queries run. On loopback, the Host header must name the loopback
(127.0.0.1, localhost, [::1]: no DNS rebinding); a POST whose Origin is not the server's own is
refused (403: no other web page can make a browser run queries here). Answers: 400 syntax error
or refused query, 403 cross-origin, 408 time limit, 413 request too large, 406 no acceptable
format, 415 unknown body type, 501 a part this build lacks, 503 busy, 507 memory limit; each
with a one-line text message.
Each query first calls `store.refresh()`, so a new `spacekg build` is seen without a restart.
"""
from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from urllib.parse import parse_qsl, urlsplit

import anyio
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import QueryError, QueryMemoryError, QueryTimeout, RemoteError, SpacekgError, StoreError
from ..graph.store import query_limits
from . import negotiate

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REQUEST_BYTES = 1_000_000
CONCURRENT_QUERIES = 4
PAGE_WORKERS = 4                      # threads for the page's own work, apart from the query slots
QUEUE_SECONDS = 1.0                   # how long a query waits for a free slot before 503
RETRY_AFTER = 5                       # seconds, in the 503's Retry-After
DEFAULT_QUERY_MEMORY = 1024 * 2**20   # bytes a query's child process may add to what it inherits
DISCONNECT_POLL = 0.25                # seconds between looks whether a query's client went away
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'")

AskFunction = Callable[[object, str], object]
GraphPage = Callable[[object], str]
FROM_PACKAGE = "from the package"          # default for ask/graph_page: whatever this build has


class HTTPProblem(Exception):
    """An answer other than 200, with its one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def problem_for(error: Exception) -> HTTPProblem:
    """The HTTP status for an error raised while answering."""
    if isinstance(error, HTTPProblem):
        return error
    if isinstance(error, QueryTimeout):
        return HTTPProblem(408, str(error))
    if isinstance(error, QueryMemoryError):
        return HTTPProblem(507, str(error))
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
                 ask: AskFunction | None = None, graph_page: GraphPage | None = None,
                 query_memory: int | None = DEFAULT_QUERY_MEMORY, concurrent_queries: int = CONCURRENT_QUERIES):
        self.store = store
        self.timeout = timeout
        self.max_request_bytes = max_request_bytes
        self.ask = ask
        self.graph_page = graph_page
        self.graph_default = False            # graph_page is the package's: the workspace keeps it per build
        self.query_memory = query_memory
        self._refresh_lock = threading.Lock()
        self._queries = anyio.CapacityLimiter(concurrent_queries)
        self._pages = anyio.CapacityLimiter(PAGE_WORKERS)

    async def call(self, fn: Callable, *args, request: Request | None = None):
        """Run a query (blocking work) in a worker thread, after noticing a new build.

        It takes one of the query slots (503 with Retry-After if none frees up within
        QUEUE_SECONDS); with `request`, the query is cancelled (its child killed) as soon as the
        client disconnects."""
        acquired = False
        with anyio.move_on_after(QUEUE_SECONDS):
            await self._queries.acquire()
            acquired = True
        if not acquired:
            raise HTTPProblem(503, f"busy: {self._queries.total_tokens:g} queries are running; try again shortly",
                              {"Retry-After": str(RETRY_AFTER)})
        cancel = threading.Event()

        def work():
            with query_limits(cancel, self.query_memory):
                self.refresh()
                return fn(*args)
        outcome: list = []
        try:
            async with anyio.create_task_group() as tg:
                if request is not None:
                    tg.start_soon(_cancel_on_disconnect, request, cancel)
                try:
                    outcome.append((True, await anyio.to_thread.run_sync(work)))
                except Exception as e:                 # raised below, outside the task group
                    outcome.append((False, e))
                tg.cancel_scope.cancel()
        finally:
            self._queries.release()
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    async def page_call(self, fn: Callable, *args):
        """Light blocking work for a page (not a query): threads of its own, never behind queries."""
        def work():
            self.refresh()
            return fn(*args)
        return await anyio.to_thread.run_sync(work, limiter=self._pages)

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
               loopback_only: bool = False, query_memory: int | None = DEFAULT_QUERY_MEMORY,
               warm: bool = True) -> Starlette:
    """The ASGI app over `store` (a Store or an Endpoint: anything with .query).

    ask(store, question) answers a plain-English question (default: spacekg.queries.ask, when this
    build has it); graph_page(store) returns the interactive graph's HTML (default: spacekg.viz).
    None switches either off (the routes answer 501). With loopback_only, requests must name the
    host 127.0.0.1, localhost or [::1] (no DNS rebinding). query_memory: bytes each query's child
    process may add (None: no limit). With warm, the pages' answers over the whole store are
    computed in the background when the server starts and whenever a new build lands.
    """
    service = Service(store, timeout, max_request_bytes,
                      load_ask() if ask == FROM_PACKAGE else ask,
                      load_graph_page() if graph_page == FROM_PACKAGE else graph_page, query_memory)
    service.graph_default = graph_page == FROM_PACKAGE and service.graph_page is not None
    async def sparql(request: Request) -> Response:
        params, query = await _protocol_request(service, request)
        if "update" in params:
            raise HTTPProblem(400, "updates are not allowed: this endpoint is read-only")
        if not query or not query.strip():
            raise HTTPProblem(400, "no query: send ?query=... (GET), a query=... form, "
                                   "or an application/sparql-query body (POST)")
        _check_dataset(store, params)
        results = await service.call(service.query, query, request=request)
        return _answer(results, request.headers.get("accept"), _last(params, "format"))

    async def named(request: Request) -> Response:
        from ..queries.library import named_queries, run_named
        service.check_url(request)
        name = request.path_params["name"]
        if name not in named_queries():
            raise HTTPProblem(404, f"no named query '{name}'")
        from ..queries.names import resolve_params
        given = {k: v for k, v in request.query_params.items() if k not in ("format", "iris") and v != ""}

        def run():       # plain names ("?platform=Moon") resolve as `ask` resolves them; unknown: 400
            bindings = resolve_params(service.store, name, given)
            return run_named(service.store, name, timeout=service.timeout, **bindings)
        results = await service.call(run, request=request)
        return _answer(results, request.headers.get("accept"), request.query_params.get("format"))

    async def ask_route(request: Request) -> Response:
        body = await service.read_body(request)
        if service.ask is None:
            raise HTTPProblem(501, "plain-English questions are not part of this build (spacekg.queries.ask)")
        question = _question(request, body)
        answer = await service.call(service.ask, service.store, question, request=request)
        return JSONResponse(_jsonable(answer))

    async def graph(request: Request) -> Response:
        if service.graph_page is None:
            raise HTTPProblem(501, "the interactive graph is not part of this build (spacekg.viz)")
        if service.graph_default:             # bounded, kept per build (pages.Pages.overview)
            return HTMLResponse(await service.page_call(pages.overview))
        html = await service.call(service.graph_page, service.store, request=request)
        return HTMLResponse(html)

    async def on_problem(request: Request, exc: Exception) -> Response:
        p = problem_for(exc)
        return PlainTextResponse(str(p) + "\n", status_code=p.status, headers=p.headers)

    async def on_not_acceptable(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(f"not acceptable: {exc}\n", status_code=406)

    from .pages import Pages                  # the workspace pages (they import this module)
    pages = Pages(service)
    routes = [
        *pages.routes(),                      # "/" is the workspace's front page with the editor
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query/{name}", pages.query_page(named)),
        Route("/ask", ask_route, methods=["POST"]),
        Route("/graph", graph),
        Mount("/static", StaticFiles(packages=[("spacekg.server", "static")]), name="static"),
    ]
    middleware = [Middleware(RequestChecks, loopback_only=loopback_only)]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if warm:
            pages.start_warming()
        try:
            yield
        finally:
            pages.stop_warming()
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                     exception_handlers={HTTPProblem: on_problem, SpacekgError: on_problem,
                                         negotiate.NotAcceptable: on_not_acceptable})
    app.state.pages = pages
    return app


async def _cancel_on_disconnect(request: Request, cancel: threading.Event) -> None:
    """Set `cancel` when the client disconnects (the running query's child is then killed)."""
    while not cancel.is_set():
        if await request.is_disconnected():
            cancel.set()
            return
        await anyio.sleep(DISCONNECT_POLL)


# ---------------------------------------------------------------- request checks

def _host_and_port(value: str, default_port: int) -> tuple[str, int] | None:
    """('127.0.0.1', 8000) from '127.0.0.1:8000', ('::1', 8000) from '[::1]:8000'; None if malformed."""
    try:
        parts = urlsplit("//" + value)
        return (parts.hostname or "").rstrip("."), parts.port or default_port
    except ValueError:
        return None


class RequestChecks:
    """ASGI middleware: the Host check (with loopback_only: the request must name the loopback,
    whether IPv4 or IPv6, so a DNS-rebound name is refused) and the Origin check (a request that
    can change nothing may come from anywhere; any other method must come from this server's own
    pages: a browser sends Origin with a cross-origin POST, so a form on another site is refused)."""

    def __init__(self, app, loopback_only: bool = False):
        self.app = app
        self.loopback_only = loopback_only

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        default_port = 443 if scope.get("scheme") == "https" else 80
        host = _host_and_port(headers.get("host", ""), default_port)
        if host is None or (self.loopback_only and host[0] not in LOOPBACK_NAMES):
            return await _refuse(400, "Invalid host header", scope, receive, send)
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is not None:
                parts = urlsplit(origin)
                theirs = _host_and_port(parts.netloc, 443 if parts.scheme == "https" else 80)
                if parts.scheme != scope.get("scheme", "http") or theirs != host:
                    return await _refuse(403, f"cross-origin request refused: Origin {origin[:100]} is not this "
                                              f"server", scope, receive, send)
            elif headers.get("sec-fetch-site") == "cross-site":
                return await _refuse(403, "cross-origin request refused", scope, receive, send)
        return await self.app(scope, receive, send)


async def _refuse(status: int, message: str, scope, receive, send) -> None:
    await PlainTextResponse(message + "\n", status_code=status)(scope, receive, send)


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
        except RecursionError:
            raise HTTPProblem(400, "the body is JSON nested too deeply") from None
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
