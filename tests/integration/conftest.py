"""Real services for integration tests: a Celery worker process over Redis against the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.procs import Gunicorn, stop_process

REPO = Path(__file__).resolve().parents[2]


def worker_env(queue: str) -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    env.update(
        DATABASE_URL=f"postgres://{user}@{host}:{port}/{db['NAME']}",
        CELERY_QUEUE=queue,
        PYTHONUNBUFFERED="1",
    )
    return env


class WorkerProcess:
    """A `celery worker` subprocess on its own queue, so nothing else consumes the test's messages."""

    def __init__(
        self, queue: str, log_path: Path, concurrency: int = 2, extra_env: dict | None = None, beat: bool = False
    ):
        self.queue, self.log_path, self.concurrency = queue, log_path, concurrency
        self.extra_env, self.beat = extra_env or {}, beat
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "WorkerProcess":
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
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{self.queue}-{uuid.uuid4().hex[:6]}@%h",
                *(["-B", "-s", str(self.log_path.with_suffix(".beat"))] if self.beat else []),
            ],
            cwd=REPO,
            env={**worker_env(self.queue), **self.extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes():
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.log_path.read_text()[-3000:]}")

    def child_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        stop_process(self.proc)


@pytest.fixture
def worker_queue():
    """A fresh queue name; the in-process producer sends there for the duration of the test."""
    from factcheck.celery import app

    queue = f"test-{uuid.uuid4().hex[:10]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous


@pytest.fixture
def celery_worker(worker_queue, tmp_path):
    worker = WorkerProcess(worker_queue, tmp_path / "worker.log").start()
    yield worker
    worker.stop()


def wait_for(predicate, *, timeout: float, interval: float = 0.25, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


class WebServer(Gunicorn):
    """gunicorn serving the app against the test database, production settings (DEBUG off)."""

    def __init__(self, log_path: Path, *, queue: str, redis_url: str, workers: int = 2):
        env = {
            **worker_env(queue),
            "REDIS_URL": redis_url,
            "DEBUG": "false",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
        super().__init__(env, log_path, workers, ready_path="/api/v1/ratings/", extra_args=("--access-logfile", "-"))


def http(method: str, url: str, *, token: str | None = None, body: dict | None = None, timeout: float = 30):
    """(status, parsed JSON or text) for one request; never raises on HTTP errors."""
    import json
    import urllib.error
    import urllib.request

    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - loopback test server
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")
