"""A webhook receiver on 127.0.0.1 for the tests: it records every request and answers what it is told.

``status`` decides the answer (200 by default, 500 to play a broken partner); with ``secret`` set, each
request's signature is checked with ``factcheck.notify.signing.verify`` as a partner's receiver would, and
the outcome is recorded beside the request.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from factcheck.notify import signing


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool | None = None
    refusal: str = ""


@dataclass
class Receiver:
    url: str
    status: int = 200
    secret: str = ""
    requests: list[Received] = field(default_factory=list)


def _handler(state: Receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen = Received(self.path, dict(self.headers.items()), body)
            if state.secret:
                try:
                    signing.verify(state.secret, self.headers.get(signing.SIGNATURE_HEADER, ""), body)
                    seen.verified = True
                except signing.SignatureError as error:
                    seen.verified, seen.refusal = False, str(error)
            state.requests.append(seen)
            status = state.status if seen.verified is not False else 400
            answer = b'{"ok": true}' if status < 300 else b"broken"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    return Handler


@contextlib.contextmanager
def receiver(status: int = 200, secret: str = "") -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    state = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hook", status=status, secret=secret)
    server.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
