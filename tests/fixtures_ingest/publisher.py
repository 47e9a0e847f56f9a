"""A local publisher for the sources tests: it serves what a test puts at a path, answers conditional GETs
with 304 as a well-behaved server does, and counts every request (127.0.0.1, allowed in tests only)."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "sources"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/xml; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering: a slow publisher
    validators: bool = True  # send an ETag and Last-Modified, and honour If-None-Match


@dataclass
class Publisher:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base_url: str = ""

    def put(self, path: str, body: bytes | str, **options) -> str:
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **options)
        return self.base_url + path

    def fixture(self, path: str, name: str, **options) -> str:
        return self.put(path, (FIXTURES / name).read_bytes(), **options)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def conditional_hits(self, path: str) -> int:
        return sum(1 for p, h in self.requests if p == path and "if-none-match" in h)


def serve() -> tuple[Publisher, ThreadingHTTPServer]:
    publisher = Publisher()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            publisher.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            route = publisher.routes.get(path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.delay:
                time.sleep(route.delay)
            etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            if route.validators and route.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.validators:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Tue, 01 Dec 2026 12:00:00 GMT")
            self.end_headers()
            self.wfile.write(route.body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    publisher.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return publisher, httpd
