"""Running the app under uvicorn on a socket we bind ourselves (so `--port 0` can say which port)."""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from ..errors import SpacekgError
from .app import DEFAULT_MAX_REQUEST_BYTES, DEFAULT_QUERY_MEMORY, DEFAULT_TIMEOUT, create_app


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, _, _, _, address = infos[0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        raise SpacekgError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    return sock


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(store, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
          max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES, announce: Callable[[str], None] = print,
          query_memory: int | None = DEFAULT_QUERY_MEMORY) -> None:
    """Serve until interrupted. `announce` gets the page's URL once the socket listens.

    On a loopback address (127.0.0.1, ::1, localhost) the Host check is on, IPv4 and IPv6 alike."""
    import uvicorn

    host = host.strip("[]")
    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    app = create_app(store, timeout=timeout, max_request_bytes=max_request_bytes,
                     loopback_only=is_loopback(host), query_memory=query_memory)
    # h11's own limit on the request line and headers is 16 KiB: raise it so that a long GET query gets
    # the app's clear 413 at --max-request-bytes rather than a bare 400 from the HTTP parser
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False,
                            timeout_graceful_shutdown=2, http="h11",
                            h11_max_incomplete_event_size=max_request_bytes + 64 * 1024)
    announce(f"http://{shown}:{bound_port}/")
    uvicorn.Server(config).run(sockets=[sock])
