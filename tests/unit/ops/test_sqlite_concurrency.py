"""The embedded default (a SQLite file, tasks in the web process) under parallel writes, over real HTTP.

gunicorn with several processes and threads serves a migrated SQLite *file* (an in-memory database cannot
be shared between processes); eight requests are released together by a barrier. Every write must be
answered with a decision (200, or 409 when another request won), never a 500 "database is locked".

Runs on every pass: it needs no PostgreSQL or Redis, only the SQLite file it makes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections import Counter

import pytest

from tests.conftest import REPO
from tests.integration.conftest import http
from tests.procs import Gunicorn

# Minutes, not seconds: left out of `make test-fast`, always in `make test`.
pytestmark = pytest.mark.slow

PARALLEL = 8

SETUP = """
import json
from django.core.management import call_command
from factcheck.verdicts.models import RatingScale
from tests.factories import ClaimFactory, api_token, claim_in_state, make_user

call_command("loaddata", "fixtures/rating_scales.json", verbosity=0)
rating = RatingScale.objects.get(is_default=True).ratings.first()
reviewer = make_user("reviewer", "Reviewer")
editor = make_user("editor", "Editor")
approved = claim_in_state("approved", reviewer=reviewer, editor=editor, rating=rating)
fresh = [ClaimFactory().pk for _ in range(%(n)d)]
print(json.dumps({"token": api_token(editor), "approved": approved.pk, "fresh": fresh}))
"""


def _env(db_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL", "LOG_FORMAT")}
    env.update(
        DATABASE_URL=f"sqlite:///{db_path}",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="false",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        # Parallel writes from one user must meet the database, not the write throttle.
        API_THROTTLE_USER="10000/min",
    )
    return env


def _run(args: list[str], env: dict) -> str:
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    """A migrated SQLite file with an editor, one approved claim and eight new ones, served by gunicorn."""
    folder = tmp_path_factory.mktemp("sqlite-http")
    env = _env(folder / "desk.sqlite3")
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    out = _run([sys.executable, "manage.py", "shell", "-c", SETUP % {"n": PARALLEL}], env)
    data = json.loads(out.strip().splitlines()[-1])
    # Four processes of two threads: eight requests in flight at once, as four separate SQLite connections
    # per thread pair would see them in production.
    server = Gunicorn(
        env, folder / "gunicorn.log", workers=4, ready_path="/api/v1/ratings/", extra_args=("--threads", "2")
    )
    server.start()
    yield server, data
    server.stop()


def _together(calls) -> list[tuple[int, object]]:
    """Run the calls in parallel threads, released at the same instant."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_parallel_publishes_of_one_claim_have_one_winner_and_no_errors(sqlite_server):
    server, data = sqlite_server
    url = f"{server.url}/api/v1/claims/{data['approved']}/publish/"
    results = _together([lambda: http("POST", url, token=data["token"], body={}) for _ in range(PARALLEL)])
    codes = Counter(code for code, _ in results)
    assert codes == {200: 1, 409: PARALLEL - 1}, (codes, [body for code, body in results if code >= 500][:2])
    refusals = [body for code, body in results if code == 409]
    assert all(body["code"] == "invalid_state" and body["detail"] for body in refusals), refusals[0]


def test_parallel_priority_changes_on_different_claims_all_succeed(sqlite_server):
    server, data = sqlite_server
    calls = [
        (
            lambda pk=pk: http(
                "POST", f"{server.url}/api/v1/claims/{pk}/priority/", token=data["token"], body={"priority": 1}
            )
        )
        for pk in data["fresh"]
    ]
    results = _together(calls)
    codes = Counter(code for code, _ in results)
    assert codes == {200: PARALLEL}, (codes, [body for code, body in results if code != 200][:2])
    assert all(body["priority"] == 1 for _, body in results)
