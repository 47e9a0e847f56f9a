"""A small closed-loop HTTP load generator for loopback: processes x threads, each sending one request at a
time over a fresh connection (gunicorn's sync workers close after each response) for a fixed duration.

Plain sockets rather than an HTTP library keep the client's own cost per request small, so on a 2-core
machine most of the CPU goes to the server; the ratio to the trivial view, measured with the very same
client, cancels what remains.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def merge(self, other: LoadResult) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds = max(self.seconds, other.seconds)
        self.latencies += other.latencies
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n


def fetch(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: text/html\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    raw = b"".join(chunks)
    status = int(raw[9:12]) if raw[:5] == b"HTTP/" else 0
    return status, raw


def _thread(port: int, paths: list[str], deadline: float, offset: int, out: LoadResult, lock: threading.Lock):
    local = LoadResult()
    i = offset
    while time.perf_counter() < deadline:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            status, _ = fetch(port, path)
        except OSError:
            status = 0
        local.requests += 1
        local.statuses[status] = local.statuses.get(status, 0) + 1
        if status == 200:
            local.latencies.append(time.perf_counter() - started)
        else:
            local.errors += 1
    with lock:
        out.merge(local)


def _process(port: int, paths: list[str], duration: float, threads: int, seed: int, queue) -> None:
    out, lock = LoadResult(), threading.Lock()
    started = time.perf_counter()
    deadline = started + duration
    workers = [
        threading.Thread(target=_thread, args=(port, paths, deadline, seed * 997 + t, out, lock))
        for t in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.seconds = time.perf_counter() - started
    queue.put(out)


def run(port: int, paths: list[str], *, duration: float, processes: int = 2, threads: int = 2) -> LoadResult:
    """Hammer ``paths`` (round robin) for ``duration`` seconds; every request's latency is kept."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_process, args=(port, paths, duration, threads, p, queue)) for p in range(processes)]
    for proc in procs:
        proc.start()
    total = LoadResult()
    for _ in procs:
        total.merge(queue.get(timeout=duration + 120))
    for proc in procs:
        proc.join()
    return total
