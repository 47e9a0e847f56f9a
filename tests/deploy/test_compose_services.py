"""compose.yaml's three app services, run as compose would run them, walk an article to a published fact-check.

No Docker engine runs here, so this starts exactly the commands compose.yaml gives the web, worker and beat
services (`make serve`, `make worker`, `make beat`) with exactly the environment it gives them, mapped onto this
machine: compose's `db` becomes the test database on the local PostgreSQL, `redis` and `cache` the Redis of this
test run, `mailpit` the console, HOST/PORT a free loopback port. Two things are added, both for isolation from
other tests sharing that Redis: a queue of the test's own (CELERY_QUEUE) and beat's schedule file in a temporary
folder. `make` is told the virtualenv is installed (`--assume-old`), so three targets started at once never race
to reinstall it. Then the desk story runs over HTTP against that gunicorn, and all three stop on SIGTERM.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from tests.deploy.compose import app_services, make_target, service_environment
from tests.factories import api_token
from tests.integration.conftest import http, wait_for
from tests.procs import REPO, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEXT = (
    "The clinic treated 1,200 patients in 2024, its director said. Unemployment fell to 3.1% last year, "
    "the minister claimed. It is the only clinic in the region."
)


def _local_environment(service: str, *, port: int, queue: str, schedule: Path) -> dict[str, str]:
    """The service's compose environment, its service addresses mapped onto this machine's."""
    env = service_environment(service, {"SECRET_KEY": secrets.token_urlsafe(50), "WEB_WORKERS": "2"})
    db = connection.settings_dict
    user, host, db_port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    test_database = f"postgres://{user}@{host}:{db_port}/{db['NAME']}"
    local_redis = os.environ["REDIS_URL"]
    hosts = {"db": test_database, "redis": local_redis, "cache": local_redis, "mailpit": "consolemail://"}
    for key, value in list(env.items()):
        host = urlsplit(value).hostname if "://" in value else None
        if host in hosts:
            env[key] = hosts[host]
    unmapped = {k: v for k, v in env.items() if "://" in v and urlsplit(v).hostname not in (None, "127.0.0.1")}
    assert not unmapped, f"compose.yaml names a service this test does not map: {unmapped}"
    if "HOST" in env:
        env.update(HOST="127.0.0.1", PORT=str(port))
    if "BEAT_SCHEDULE" in env:
        env["BEAT_SCHEDULE"] = str(schedule)
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        **env,
        "CELERY_QUEUE": queue,
    }


class Service:
    """One compose service's command, started in a session of its own, its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name, self.log = name, log
        self.proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=open(log, "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
        return True

    def group_alive(self) -> bool:
        try:
            os.killpg(self.proc.pid, 0)
            return True
        except ProcessLookupError:
            return False

    def stop(self, timeout: float = 40) -> None:
        """SIGTERM to make only, as `docker stop` does (through the init): make hands it to gunicorn or Celery."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
            deadline = time.monotonic() + timeout
            while self.group_alive() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            if self.group_alive():
                os.killpg(self.proc.pid, signal.SIGKILL)
                raise AssertionError(f"{self.name} left processes behind after SIGTERM:\n{self.output()[-3000:]}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def ok(result, status=200):
    code, body = result
    assert code == status, (code, body)
    return body


def test_compose_services_walk_an_article_to_a_published_fact_check(users, rating_scale, tmp_path):
    port, queue = free_port(), f"compose-{uuid.uuid4().hex[:10]}"
    url = f"http://127.0.0.1:{port}"
    commands = {name: make_target(spec) for name, spec in app_services().items()}
    started: list[Service] = []
    try:
        for name in ("web", "worker", "beat"):  # compose's order: worker and beat wait for a healthy web
            env = _local_environment(name, port=port, queue=queue, schedule=tmp_path / "celerybeat-schedule")
            service = Service(
                name, ["make", "--assume-old=.venv/.installed", commands[name]], env, tmp_path / f"{name}.log"
            )
            started.append(service)
            if name == "web":
                wait_for(lambda s=service: s.alive() and _healthy(url), timeout=180, message="web's /healthz")
        web, worker, beat = started
        wait_for(lambda: worker.alive() and " ready." in worker.output(), timeout=120, message="the worker")
        wait_for(lambda: beat.alive() and "beat: Starting" in beat.output(), timeout=60, message="beat")

        editor, reviewer = api_token(users["editor"]), api_token(users["reviewer"])
        api = f"{url}/api/v1"

        # Ingest: accepted at once, extracted by the worker.
        article = ok(http("POST", f"{api}/articles/", token=editor, body={"title": "Clinic", "text": TEXT}), 202)
        wait_for(
            lambda: http("GET", f"{api}/articles/{article['id']}/", token=editor)[1]["status"] == "done",
            timeout=90,
            message="the worker to extract the article's claims",
        )

        # Claims, then the desk's path to publication.
        claims = ok(http("GET", f"{api}/claims/?article={article['id']}&ordering=-score", token=editor))["results"]
        claim = next(c for c in claims if "1,200 patients" in c["text"])
        cid = claim["id"]
        body = ok(
            http(
                "POST",
                f"{api}/claims/{cid}/assign/",
                token=editor,
                body={"reviewers": ["reviewer"], "priority": 2, "version": claim["version"]},
            )
        )
        body = ok(http("POST", f"{api}/claims/{cid}/start/", token=reviewer, body={"version": body["version"]}))
        ok(
            http(
                "POST",
                f"{api}/claims/{cid}/evidence/",
                token=reviewer,
                body={
                    "url": "https://stats.example.org/clinic-2024",
                    "title": "Clinic annual report",
                    "stance": "refutes",
                    "quote": "We treated 1,020 patients.",
                },
            ),
            201,
        )
        draft = ok(http("GET", f"{api}/claims/{cid}/verdict/", token=reviewer))
        ok(
            http(
                "PUT",
                f"{api}/claims/{cid}/verdict/",
                token=reviewer,
                body={
                    "rating": "mostly-false",
                    "headline": "The clinic treated fewer patients",
                    "summary": "The report says 1,020, not 1,200.",
                    "explanation": "<p>See the report.</p>",
                    "version": draft["version"],
                },
            )
        )
        body = ok(http("POST", f"{api}/claims/{cid}/submit/", token=reviewer, body={}))
        body = ok(http("POST", f"{api}/claims/{cid}/approve/", token=editor, body={"version": body["version"]}))
        published = ok(http("POST", f"{api}/claims/{cid}/publish/", token=editor, body={"version": body["version"]}))
        assert published["claim_state"] == "published"

        # Readers see it: the public API and the page, served by the same gunicorn.
        public = ok(http("GET", f"{api}/fact-checks/{published['slug']}/"))
        assert public["rating"]["label"] == "Mostly false"
        status, page = http("GET", f"{url}{published['path']}")
        assert status == 200 and "The clinic treated fewer patients" in page
    finally:
        errors = []
        for service in reversed(started):
            try:
                service.stop()
            except AssertionError as error:
                errors.append(str(error))
        assert not errors, "\n".join(errors)
    # Each stopped on SIGTERM: gunicorn and Celery shut down warm, not killed.
    assert "Shutting down: Master" in web.output()
    assert "worker: Warm shutdown" in worker.output()
