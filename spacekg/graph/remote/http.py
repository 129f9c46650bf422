"""HTTP plumbing shared by the remote SPARQL client and `push`: sessions, auth, status checks.

Every response goes through `check`, so no HTTP status is ever ignored: anything but 2xx becomes
one line naming the request, the status and the first line the server said.
"""
from __future__ import annotations

import re

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from ...errors import RemoteError

AUTH_SCHEMES = ("digest", "basic")
USER_AGENT = "spacekg (+https://w3id.org/spacekg)"


def session(user: str | None = None, password: str | None = None, auth: str = "digest") -> requests.Session:
    """A requests session; with a user, HTTP digest auth (Virtuoso) or basic auth (Fuseki, GraphDB)."""
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    s.trust_env = False            # loopback and LAN servers: never route through a proxy from the environment
    if user is not None:
        if auth not in AUTH_SCHEMES:
            raise RemoteError(f"unknown auth scheme '{auth}' (use {' or '.join(AUTH_SCHEMES)})")
        s.auth = (HTTPDigestAuth if auth == "digest" else HTTPBasicAuth)(user, password or "")
    return s


def first_line(text: str, limit: int = 200) -> str:
    """The first non-empty line of a server's answer, without HTML tags, cut to `limit`."""
    plain = re.sub(r"<[^>]*>", " ", text or "")
    for line in plain.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""


def describe(response: requests.Response) -> str:
    """`HTTP 400 Bad Request: <what the server said>`."""
    said = first_line(response.text)
    status = f"HTTP {response.status_code} {response.reason or ''}".strip()
    return f"{status}: {said}" if said else status


def check(response: requests.Response, what: str) -> requests.Response:
    """Raise RemoteError unless the status is 2xx. `what` names the request (`PUT <url>`)."""
    if 200 <= response.status_code < 300:
        return response
    if response.status_code == 401:
        raise RemoteError(f"{what}: {describe(response)} (check --user and --password, and --auth)")
    raise RemoteError(f"{what}: {describe(response)}")


def send(s: requests.Session, method: str, url: str, what: str, timeout: float | None, **kwargs) -> requests.Response:
    """One request; network failures become RemoteError with one line."""
    try:
        return s.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout:
        raise
    except requests.ConnectionError as e:
        raise RemoteError(f"{what}: cannot connect to {url} ({_reason(e)})") from None
    except requests.RequestException as e:
        raise RemoteError(f"{what}: {_reason(e)}") from None


def _reason(e: Exception) -> str:
    text = str(e)
    for marker in ("Connection refused", "Name or service not known", "timed out", "No route to host"):
        if marker in text:
            return marker.lower()
    return first_line(text, 160) or type(e).__name__
