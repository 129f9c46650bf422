"""Real headless Chromium for the page tests: screenshots, the DOM after scripts ran, and a small
DevTools-protocol client (a WebSocket over a loopback socket, standard library only) to move the
mouse, type and run JavaScript in the page.
"""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1400,900"]


def executable() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(url: str, *extra: str, timeout: float = 90) -> subprocess.CompletedProcess:
    """One headless run with a new empty profile (console messages go to stderr)."""
    with tempfile.TemporaryDirectory(prefix="spacekg-chromium-") as profile:
        return subprocess.run([executable(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
                               "--v=0", *extra, url], capture_output=True, text=True, timeout=timeout)


def dump_dom(url: str) -> tuple[str, str]:
    """The DOM after the page's scripts ran, and Chromium's stderr (console messages)."""
    done = run(url, "--dump-dom")
    return done.stdout, done.stderr


def screenshot(url: str, out: Path) -> str:
    done = run(url, f"--screenshot={out}")
    assert out.exists(), done.stderr[-2000:]
    return done.stderr


class DevTools:
    """Chromium driven through the DevTools protocol; use as a context manager."""

    def __init__(self, url: str, network: bool = False):
        self.url = url
        self.network = network          # record the page's requests (Network.requestWillBeSent)
        self.profile = tempfile.mkdtemp(prefix="spacekg-chromium-")
        self.log = Path(self.profile) / "stderr.txt"
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([executable(), *FLAGS, f"--user-data-dir={self.profile}/profile",
                                          "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                                          "about:blank"], stdout=subprocess.DEVNULL, stderr=log)
        self.sock: socket.socket | None = None
        self.next_id = 0
        self.events: list[dict] = []

    def __enter__(self) -> DevTools:
        port = self._port()
        deadline = time.time() + 30
        while True:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
            pages = [t for t in targets if t.get("type") == "page"]
            if pages or time.time() > deadline:
                break
            time.sleep(0.2)
        self._connect(pages[0]["webSocketDebuggerUrl"])
        self.call("Runtime.enable")
        self.call("Page.enable")
        if self.network:
            self.call("Network.enable")
        self.call("Page.navigate", url=self.url)
        self.wait_for("document.body && document.body.dataset.ready === '1'")
        return self

    def __exit__(self, *exc) -> None:
        if self.sock is not None:
            self.sock.close()
        self.proc.kill()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _port(self) -> int:
        deadline = time.time() + 60
        while time.time() < deadline and self.proc.poll() is None:
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", self.log.read_text(errors="replace"))
            if m:
                return int(m.group(1))
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools port: " + self.log.read_text(errors="replace")[-1000:])

    # ------------------------------------------------------------ a minimal WebSocket client

    def _connect(self, ws_url: str) -> None:
        m = re.match(r"ws://([\d.]+):(\d+)(/.*)", ws_url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head

    def _send(self, text: str) -> None:
        payload = text.encode()
        mask = os.urandom(4)
        n = len(payload)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else
                                  bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else
                                  bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _recv_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("DevTools connection closed")
            data += chunk
        return data

    def _recv(self) -> str:
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            message += self._recv_exact(n)
            if b0 & 0x80:
                return message.decode()

    # ------------------------------------------------------------ protocol

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        my_id = self.next_id
        self._send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self._recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get("description", "JS error"))
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> None:
        deadline = time.time() + timeout
        while not self.js(f"!!({expression})"):
            if time.time() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.1)

    def mouse(self, kind: str, x: float, y: float, **extra) -> None:
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", buttons=1, clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", buttons=0, clickCount=1)

    def drag(self, x0: float, y0: float, x1: float, y1: float, steps: int = 5) -> None:
        self.mouse("mouseMoved", x0, y0)
        self.mouse("mousePressed", x0, y0, button="left", buttons=1, clickCount=1)
        for i in range(1, steps + 1):
            self.mouse("mouseMoved", x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, button="left",
                       buttons=1)
        self.mouse("mouseReleased", x1, y1, button="left", buttons=0, clickCount=1)

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def console_errors(self) -> list[str]:
        return [json.dumps(e["params"]) for e in self.events
                if e.get("method") == "Runtime.exceptionThrown"
                or (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") == "error")]
