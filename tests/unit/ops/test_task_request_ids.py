"""Request ids cross the Celery boundary: a task enqueued while serving a request logs with that request's
id (carried in the message headers); a task nobody's request started (beat) gets an id of its own.

In process (tasks eager, a message published to the in-memory transport), and for real: a worker process
over Redis writing JSON log lines (skipped, saying why, when Redis is not reachable).
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import uuid

import pytest
from celery import shared_task
from celery.signals import before_task_publish

from factcheck.ops.logs import current_request_id, request_id_var
from tests.conftest import REPO


@shared_task(name="tests.echo_request_id")
def echo_request_id() -> str:
    return current_request_id()


@pytest.fixture
def in_request():
    token = request_id_var.set("req-0123456789")
    yield "req-0123456789"
    request_id_var.reset(token)


def test_an_eager_task_logs_with_the_request_that_ran_it(in_request):
    assert echo_request_id.delay().get() == in_request
    assert current_request_id() == in_request, "the request's id is back once the task is done"


def test_a_task_started_outside_any_request_gets_its_own_id():
    result = echo_request_id.apply(task_id="beat-task-0001")
    assert result.get() == "beat-task-0001"
    assert current_request_id() == "-"


def test_the_id_in_the_message_headers_is_the_one_a_worker_logs_with():
    assert echo_request_id.apply(headers={"request_id": "trace-from-web-0042"}).get() == "trace-from-web-0042"


def test_publishing_puts_the_request_id_in_the_headers(in_request):
    from factcheck.celery import app

    seen = []

    def capture(headers=None, **kwargs):
        seen.append(dict(headers or {}))

    before_task_publish.connect(capture, weak=False)
    app.conf.task_always_eager = False  # put back by the autouse _eager_tasks fixture
    try:
        echo_request_id.apply_async()  # to the in-memory transport: published, never run
    finally:
        app.conf.task_always_eager = True
        before_task_publish.disconnect(capture)
    assert seen and seen[0].get("request_id") == in_request


# --- a real worker ----------------------------------------------------------------------------------------


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


PUBLISH = """
import django
django.setup()
from factcheck.ops.logs import request_id_var
from factcheck.articles.tasks import sweep_stuck_articles
request_id_var.set("trace-web-request-77")
sweep_stuck_articles.delay()
request_id_var.set("-")
sweep_stuck_articles.delay()
"""


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379 for a real worker")
@pytest.mark.slow  # a real worker or a fresh migrate: not in `make test-fast`
def test_a_worker_logs_task_lines_with_the_request_id(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="true",
        LOG_FORMAT="json",
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13",
        DATABASE_URL=f"sqlite:///{tmp_path / 'ids.sqlite3'}",
        CELERY_QUEUE=f"ids-{uuid.uuid4().hex[:8]}",
    )
    env.pop("CELERY_BROKER_URL", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--pool=solo",
                "-Q",
                env["CELERY_QUEUE"],
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                f"--hostname=ids-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        published = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(PUBLISH)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert published.returncode == 0, published.stderr[-2000:]
        deadline, done = time.monotonic() + 60, []
        while time.monotonic() < deadline and len(done) < 2:
            lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
            done = [
                line for line in lines if "succeeded" in line["message"] and "sweep_stuck_articles" in line["message"]
            ]
            time.sleep(0.5)
        assert len(done) == 2, log_path.read_text()[-3000:]
        ids = [line["request_id"] for line in done]
        assert "trace-web-request-77" in ids, ids
        own = next(i for i in ids if i != "trace-web-request-77")
        assert own not in ("-", None, "") and own != "trace-web-request-77"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
