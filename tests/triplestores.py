"""Real servers for the tests, on loopback with free ports: Oxigraph server, Virtuoso, `spacekg serve`,
and headless Chromium driven over the DevTools protocol.

Each server is started once per test session (the first test that needs it) and stopped at exit.
A missing program fails the test under CI (.ci/run installs them all) and skips it elsewhere, with
the install command in the reason.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# the package's template (its postinst copies it to /etc/virtuoso-opensource-7/)
VIRTUOSO_INIS = [Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"), Path("/etc/virtuoso-opensource-7/virtuoso.ini")]
VIRTUOSO_DB = "/var/lib/virtuoso-opensource-7/db/"
_running: dict[str, object] = {}
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))     # loopback: never a proxy


def require(program: str, install: str) -> str:
    """The program's path; fail under CI, skip elsewhere, when it is not installed."""
    path = shutil.which(program) or _venv_program(program)
    if path:
        return path
    message = f"{program} is not installed ({install})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _venv_program(program: str) -> str | None:
    candidate = Path(sys.executable).parent / program
    return str(candidate) if candidate.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    """Poll `url` until it answers (any HTTP status) or fail with the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            _http.open(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.25)
    tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    raise RuntimeError(f"{url} did not answer within {seconds:g} s (exit code {proc.poll()}):\n{tail}")


class Server:
    def __init__(self, name: str, proc: subprocess.Popen, folder: Path, base: str):
        self.name, self.proc, self.folder, self.base = name, proc, folder, base

    def stop(self) -> None:
        end(self.proc)
        shutil.rmtree(self.folder, ignore_errors=True)


def end(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 10 s, for a process a test started."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _once(name: str, start):
    if name not in _running:
        server = start()
        _running[name] = server
        atexit.register(server.stop)
    return _running[name]


def oxigraph(name: str = "shared") -> Server:
    """`oxigraph serve` on a fresh folder: /query, /update, /store (one per name)."""
    program = require("oxigraph", "pip install oxigraph")

    def start():
        folder = Path(tempfile.mkdtemp(prefix="spacekg-oxigraph-"))
        port = free_port()
        log = folder / "server.log"
        proc = subprocess.Popen([program, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=log.open("w"), stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/query?query=ASK%7B%7D", proc, 30, log)
        return Server("oxigraph", proc, folder, base)

    return _once(f"oxigraph-{name}", start)


def virtuoso() -> Server:
    """A private Virtuoso in a temporary folder (a copy of the Debian virtuoso.ini pointed at it)."""
    program = require("virtuoso-t", "apt-get install virtuoso-opensource")
    template = next((p for p in VIRTUOSO_INIS if p.exists()), None)
    if template is None:
        pytest.fail(f"no virtuoso.ini in {', '.join(map(str, VIRTUOSO_INIS))}: the virtuoso-opensource install is incomplete")

    def start():
        folder = Path(tempfile.mkdtemp(prefix="spacekg-virtuoso-"))
        sql_port, http_port = free_port(), free_port()
        ini = []
        section = ""
        for line in template.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith("["):
                section = stripped
            line = line.replace(VIRTUOSO_DB, str(folder) + "/")
            if stripped.split("=")[0].strip() == "ServerPort":
                port = sql_port if section == "[Parameters]" else http_port
                line = f"ServerPort = 127.0.0.1:{port}"
            ini.append(line)
        (folder / "virtuoso.ini").write_text("\n".join(ini) + "\n")
        log = folder / "server.log"
        proc = subprocess.Popen([program, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
                                cwd=folder, stdout=log.open("w"), stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{http_port}"
        wait_for(base + "/sparql?query=ASK%7B%7D", proc, 120, log)
        return Server("virtuoso", proc, folder, base)

    return _once("virtuoso", start)


def spacekg_serve(store: Path, *args: str, env: dict | None = None) -> Server:
    """`spacekg serve --port 0` as a subprocess; its base URL comes from the line it prints."""
    folder = Path(tempfile.mkdtemp(prefix="spacekg-serve-"))
    proc = subprocess.Popen([sys.executable, "-m", "spacekg.cli", "--store", str(store), "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=(folder / "stderr").open("w"), text=True,
                            env={**os.environ, **(env or {})})
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""
    if "http://" not in line:
        proc.kill()
        raise RuntimeError(f"spacekg serve did not start: {line!r} {(folder / 'stderr').read_text()[-2000:]}")
    base = line.split(" at ", 1)[1].split()[0].rstrip("/")
    wait_for(base + "/sparql?query=ASK%7B%7D", proc, 30, folder / "stderr")
    return Server("spacekg", proc, folder, base)


# ---------------------------------------------------------------- headless Chromium over CDP

class Chromium:
    """Headless Chromium with a fresh profile, driven through the Chrome DevTools Protocol."""

    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-port=0", "--window-size=1300,1000"]

    def __init__(self):
        import websocket

        program = require("chromium", "apt-get install chromium")
        self.profile = Path(tempfile.mkdtemp(prefix="spacekg-chromium-"))
        self.proc = subprocess.Popen([program, *self.FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=(self.profile / "stderr").open("w"))
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()) and time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chromium exited: {(self.profile / 'stderr').read_text()[-2000:]}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        targets = json.load(_http.open(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self._id = 0
        self.console: list[str] = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method: str, **params) -> dict:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Runtime.exceptionThrown":
                self.console.append(json.dumps(message["params"]["exceptionDetails"])[:500])
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression: str, seconds: float = 20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression}")

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_until("document.readyState === 'complete' && !!document.getElementById('run')")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        box = self.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                            f".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def type_into(self, selector: str, text: str) -> None:
        """Focus the field, select what it holds, and type `text` over it."""
        self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus(); "
                      f"e.select(); }})()")
        self.send("Input.insertText", text=text)

    def screenshot(self) -> bytes:
        import base64
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            end(self.proc)
            shutil.rmtree(self.profile, ignore_errors=True)
