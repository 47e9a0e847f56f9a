"""Operations: ``/healthz`` (database, broker and worker reachability, reported truthfully), request ids
and structured JSON logs. Outages are real where they can be made safely on this machine: a database or
broker address with nothing listening (port 9 on loopback), a real Redis with no worker, a real worker."""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from unittest import mock

import pytest
from django.db import OperationalError, connections

from tests.conftest import REPO

CLOSED = "127.0.0.1:9"  # the discard port: nothing listens there on this machine


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


# --- in process ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_the_database_only_and_never_asks_the_workers(client):
    """Liveness: a load balancer probes it often, so it must cost one ``SELECT 1`` and nothing that waits."""
    client.get("/fact-checks/")  # the URL map and middleware are loaded once per process; not the probe's cost
    with mock.patch("factcheck.ops.health._celery_app", side_effect=AssertionError("healthz asked Celery")):
        started = time.monotonic()
        response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert set(body) == {"status", "database"} and body["status"] == "ok"
    assert body["database"]["status"] == "ok" and body["database"]["vendor"] in ("sqlite", "postgresql")
    assert time.monotonic() - started < 0.5


@pytest.mark.django_db
def test_readyz_reports_each_component(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["database"]["status"] == "ok"
    # Unit tests run tasks eagerly, and the report says so rather than pretending a worker answered.
    assert body["broker"]["status"] == "eager" and body["worker"]["status"] == "eager"
    assert body["status"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_503_when_the_database_is_down(client, path):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(path)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down" and body["database"] == {
        **body["database"],
        "status": "down",
        "error": "OperationalError",
    }
    assert "refused" not in json.dumps(body), "no driver message (hosts, users) leaks out"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_head_and_refuse_writes(client, path):
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


class FakeCelery:
    """A configured (not eager) Celery app whose broker connects and whose one worker answers a ping slowly."""

    def __init__(self, *, answers: int = 1, delay: float = 0.3):
        self.pings, self.answers, self.delay = 0, answers, delay
        self.conf = mock.Mock(task_always_eager=False, broker_url="redis://fake/0")
        self.control = mock.Mock(ping=self._ping)
        self.connection_for_write = mock.MagicMock()

    def _ping(self, **kwargs):
        self.pings += 1
        time.sleep(self.delay)
        return [{f"w{i}@host": {"ok": "pong"}} for i in range(self.answers)]


@pytest.fixture
def fake_celery(settings):
    from django.core.cache import cache

    from factcheck.ops import health

    settings.FACTDESK = {**settings.FACTDESK, "HEALTH_CACHE_SECONDS": 5}
    cache.delete(health.READY_CACHE_KEY)
    health.forget_readiness()
    fake = FakeCelery()
    with mock.patch("factcheck.ops.health._celery_app", return_value=fake):
        yield fake
    cache.delete(health.READY_CACHE_KEY)
    health.forget_readiness()


def test_parallel_readiness_probes_cost_one_ping(fake_celery):
    import threading

    from factcheck.ops.health import dependencies

    results, barrier = [], threading.Barrier(4)

    def probe():
        barrier.wait()
        results.append(dependencies())

    threads = [threading.Thread(target=probe) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fake_celery.pings == 1
    assert all(r["worker"]["status"] == "ok" and r["worker"]["workers"] == 1 for r in results), results
    dependencies()
    assert fake_celery.pings == 1, "a later probe within the cache window reuses the answer"


def test_readiness_is_asked_again_once_the_answer_is_stale(fake_celery, settings):
    from factcheck.ops.health import dependencies

    settings.FACTDESK = {**settings.FACTDESK, "HEALTH_CACHE_SECONDS": 0.2}
    dependencies()
    time.sleep(0.3)
    fake_celery.answers = 0
    again = dependencies()
    assert fake_celery.pings == 2 and again["worker"] == {**again["worker"], "status": "unavailable", "workers": 0}


def test_the_worker_ping_returns_at_the_first_answer(fake_celery):
    """With workers up the ping stops at the first reply (``limit=1``) instead of waiting out its timeout."""
    from factcheck.ops.health import dependencies

    calls = []
    fake_celery.control.ping = lambda **kwargs: calls.append(kwargs) or [{"w@h": {"ok": "pong"}}]
    dependencies()
    assert calls and calls[0].get("limit") == 1


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first, second = client.get("/fact-checks/"), client.get("/fact-checks/")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-probe-0001")["X-Request-ID"] == "lb-probe-0001"
    assert client.get("/api/v1/nope/", HTTP_X_REQUEST_ID="trace.42:abc")["X-Request-ID"] == "trace.42:abc"
    for forged in ("short", "has space in it", "evil\r\nX-Injected: 1", "x" * 200, '"quoted-value"'):
        got = client.get("/healthz", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
        assert got != forged and len(got) == 32


def test_json_formatter_and_filter():
    import logging

    from factcheck.ops.logs import JSONFormatter, RequestIDFilter, request_id_var

    record = logging.LogRecord("factcheck.test", logging.WARNING, __file__, 1, "saw %s", ("it",), None)
    record.status = 503
    token = request_id_var.set("req-123456")
    try:
        RequestIDFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "saw it" and line["level"] == "WARNING" and line["logger"] == "factcheck.test"
    assert line["request_id"] == "req-123456" and line["status"] == 503 and line["time"].endswith("+00:00")
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    RequestIDFilter().filter(outside)
    assert outside.request_id == "-"


# --- in a subprocess, as a deployed process runs ---------------------------------------------------------


def django_process(code: str, env: dict, timeout: int = 60) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "LOG_FORMAT")}
    script = "import django, json\ndjango.setup()\nfrom django.test import Client\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**base, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "true", **env},
        check=False,
    )


HEALTH = """
import time
started = time.monotonic()
r = Client().get("/readyz")
seconds = time.monotonic() - started
alive = Client().get("/healthz")
print(json.dumps({"code": r.status_code, "body": r.json(), "seconds": seconds,
                  "alive": alive.status_code, "alive_body": alive.json()}))
"""


def health_in(env: dict) -> dict:
    result = django_process(HEALTH, env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # Django in a subprocess, as deployed: not in `make test-fast`
def test_database_down_for_real_is_503(tmp_path):
    out = health_in(
        {"DATABASE_URL": f"postgres://postgres@{CLOSED}/factdesk", "REDIS_URL": "", "CELERY_BROKER_URL": ""}
    )
    assert out["code"] == 503 and out["body"]["status"] == "down"
    assert out["body"]["database"]["status"] == "down" and out["body"]["database"]["error"] == "OperationalError"
    assert out["alive"] == 503 and out["alive_body"]["status"] == "down"


@pytest.mark.slow  # Django in a subprocess, as deployed: not in `make test-fast`
def test_broker_down_is_not_ready_but_alive(tmp_path):
    out = health_in({"DATABASE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}", "REDIS_URL": f"redis://{CLOSED}/0"})
    body = out["body"]
    assert out["code"] == 503 and body["status"] == "degraded"
    assert body["broker"]["status"] == "unavailable" and body["worker"]["status"] == "unknown"
    assert out["seconds"] < 8
    assert out["alive"] == 200, "the database is the source of truth: still serving, writes still stored"


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.slow  # Django in a subprocess, as deployed: not in `make test-fast`
def test_broker_up_without_a_worker(tmp_path):
    out = health_in(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}",
            "REDIS_URL": redis_url(),
            "CELERY_QUEUE": f"health-{uuid.uuid4().hex[:8]}",
        }
    )
    body = out["body"]
    if body["worker"]["workers"]:
        pytest.skip("another test's worker shares this Redis database")
    assert out["code"] == 503 and body["broker"]["status"] == "ok"
    assert body["worker"] == {**body["worker"], "status": "unavailable", "workers": 0}
    assert body["status"] == "degraded" and out["seconds"] < 5
    assert out["alive"] == 200


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.slow  # a real worker or a fresh migrate: not in `make test-fast`
def test_a_running_worker_is_seen(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")},
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "true",
        "REDIS_URL": redis_url(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}",
        "CELERY_QUEUE": f"health-{uuid.uuid4().hex[:8]}",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            f"--hostname=health-{uuid.uuid4().hex[:6]}@%h",
            "--loglevel=WARNING",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 40
        out = None
        while time.monotonic() < deadline:
            out = health_in({k: env[k] for k in ("REDIS_URL", "DATABASE_URL", "CELERY_QUEUE")})
            if out["body"]["worker"]["status"] == "ok":
                break
            time.sleep(1)
        assert out["code"] == 200 and out["body"]["status"] == "ok", out
        assert out["body"]["broker"]["status"] == "ok" and out["body"]["worker"]["workers"] >= 1
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


LOGS = """
r = Client(HTTP_X_REQUEST_ID="trace-0123456789").post("/admin/login/", {"username": "ghost", "password": "x"})
print(json.dumps({"code": r.status_code, "id": r["X-Request-ID"]}))
"""


@pytest.mark.slow  # Django in a subprocess, as deployed: not in `make test-fast`
def test_logs_are_json_lines_carrying_the_request_id(tmp_path):
    db = tmp_path / "logs.sqlite3"
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        check=False,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    result = django_process(
        LOGS, {"DATABASE_URL": f"sqlite:///{db}", "LOG_FORMAT": "json", "REQUEST_LOG_LEVEL": "INFO", "REDIS_URL": ""}
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"code": 200, "id": "trace-0123456789"}
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert lines, result.stderr
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines)
    request_line = next(line for line in lines if line["logger"] == "factcheck.request")
    assert request_line["request_id"] == "trace-0123456789"
    assert request_line["method"] == "POST" and request_line["path"] == "/admin/login/"
    assert request_line["status"] == 200 and request_line["duration_ms"] >= 0
    failures = [line for line in lines if line["logger"].startswith("axes") and "fail" in line["message"].lower()]
    assert failures and all(line["request_id"] == "trace-0123456789" for line in failures), lines
