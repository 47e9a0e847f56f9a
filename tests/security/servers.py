"""A hostile little web server on loopback, and guards that keep every test's traffic on this machine.

``hostile_server()`` serves the behaviours a server-side fetch must survive: redirects anywhere (``/redirect
?to=URL``), chains, stalls, trickles, endless and compressed bodies, and the usual statuses. Tests allow
loopback for *that server only* (``first_hop_only``), so a redirect to any other loopback spelling is
refused like any private address; ``no_traffic_off_loopback`` makes any connection attempt to another
address fail the test, so even a regression in the guard cannot send a packet off this machine.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

LOOPBACK = {"127.0.0.1", "::1", "localhost"}

# Ten MB of zeros compress to about ten kB: what a decompression bomb looks like.
GZIP_BOMB = gzip.compress(b"\0" * (10 * 1024 * 1024), compresslevel=9)


class HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, str]]  # (method, path, Host header): set per server

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def handle_one(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.server.seen.append((self.command, self.path, self.headers.get("Host", "")))
        path = parts.path
        if path == "/ok":
            self._send(200, b"<html><title>ok</title>fine</html>", {"Content-Type": "text/html"})
        elif path == "/redirect":
            self._send(int(query.get("status", "302")), headers={"Location": query["to"]})
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/chain/{left - 1}?{parts.query}" if left > 1 else query.get("to", "/ok")
            self._send(302, headers={"Location": target})
        elif path == "/loop":
            self._send(302, headers={"Location": "/loop"})
        elif path == "/head-refused":  # HEAD answers 405; GET works
            self._send(405 if self.command == "HEAD" else 200, b"body", {"Allow": "GET"})
        elif path.startswith("/status/"):
            self._send(int(path.rsplit("/", 1)[1]), b"status page")
        elif path == "/stall":  # accepts, then says nothing for a long time
            time.sleep(float(query.get("seconds", "5")))
            with contextlib.suppress(OSError):
                self._send(200, b"late")
        elif path == "/trickle":  # headers at once, then one byte every 0.2 s (each read "succeeds")
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
        elif path == "/big":  # a body far larger than any limit, without Content-Length (connection close)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            with contextlib.suppress(OSError):
                chunk = b"a" * 65536
                for _ in range(int(query.get("chunks", "160"))):  # 10 MB by default
                    self.wfile.write(chunk)
            self.close_connection = True
        elif path == "/big-declared":
            size = int(query.get("size", str(5 * 1024 * 1024)))
            self._send(200, b"b" * size, {"Content-Type": "text/plain"})
        elif path == "/gzip-bomb":
            self._send(200, GZIP_BOMB, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        else:
            self._send(404, b"not here")

    do_GET = do_HEAD = do_POST = handle_one  # noqa: N815 - http.server's naming


@contextlib.contextmanager
def hostile_server() -> Iterator[tuple[str, list]]:
    """(base URL, list of (method, path, host) seen) for a server on 127.0.0.1 and a free port."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    httpd.daemon_threads = True
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def no_traffic_off_loopback(monkeypatch):
    """Any attempt by urllib3 to connect anywhere but loopback fails the test before a packet is sent."""
    import urllib3.util.connection

    real = urllib3.util.connection.create_connection
    attempts: list[str] = []

    def guarded(address, *args, **kwargs):
        host = address[0]
        attempts.append(host)
        if host not in LOOPBACK:
            raise AssertionError(f"the SSRF guard let a connection to {host!r} through")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", guarded)
    return attempts


@pytest.fixture
def server(no_traffic_off_loopback):
    with hostile_server() as (base, seen):
        yield base


@pytest.fixture
def first_hop_only(monkeypatch, server, settings):
    """Loopback is allowed for the hostile server's own address and port, and for nothing else: a redirect
    to any other loopback spelling or port is refused as it would be in production."""
    from factcheck import fetch

    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": False}
    real = fetch.resolve_public
    own = urlsplit(server)

    def resolve(host, port, *, allow_loopback=False):
        return real(host, port, allow_loopback=(host, port) == (own.hostname, own.port))

    monkeypatch.setattr(fetch, "resolve_public", resolve)
    return server
