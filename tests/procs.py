"""Real processes that benchmarks and integration tests drive: Celery workers and gunicorn.

The benchmark configures them from ``tests/benchmarks/env.BenchEnv`` (so they also run on the SQLite
fallback); ``tests/integration/conftest.py`` from the test database.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(proc: subprocess.Popen | None) -> None:
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in kB."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


class Worker:
    """One ``celery worker`` (prefork, ``concurrency`` pool processes) consuming the run's queue."""

    def __init__(self, env: dict[str, str], queue: str, log_path: Path, concurrency: int = 1):
        self.env, self.queue, self.log_path, self.concurrency = env, queue, log_path, concurrency
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> Worker:
        self.log_path.write_bytes(b"")
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "-Q",
                self.queue,
                "-c",
                str(self.concurrency),
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.pool_pids()) >= self.concurrency:
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.log_path.read_text()[-3000:]}")

    def pool_pids(self) -> list[int]:
        """The pool processes (the ones that run tasks)."""
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        stop_process(self.proc)


class Gunicorn:
    """gunicorn serving the app; ready once ``ready_path`` answers."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        workers: int = 2,
        *,
        ready_path: str = "/bench/ok/",
        extra_args: tuple[str, ...] = ("--backlog", "512"),
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env, self.log_path, self.workers = env, log_path, workers
        self.ready_path, self.extra_args = ready_path, extra_args
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Gunicorn:
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factcheck.wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.workers),
                "--timeout",
                "60",
                *self.extra_args,
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}{self.ready_path}", timeout=2)  # noqa: S310 - loopback
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}") from None
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn not up after {timeout}s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        stop_process(self.proc)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (threads included)."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / tick


def pids_named(name: str) -> list[int]:
    """Processes whose command name is ``name`` (e.g. every PostgreSQL backend: "postgres")."""
    out = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]
