"""Shared fixtures. Unit tests run tasks eagerly; integration tests need real services and say so."""

import os
import socket
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def integration_skip_reason() -> str | None:
    """Why integration tests cannot run here, or None when PostgreSQL and Redis are both in use."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (running on SQLite)"
    if not os.environ.get("REDIS_URL"):
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0"
    if not _reachable("127.0.0.1", 6379):
        return "Redis is not reachable on 127.0.0.1:6379"
    return None


def pytest_configure(config):
    """Hash test passwords with MD5: PBKDF2's million rounds would be most of the suite's time, since most
    tests make a desk of five users. Servers started as subprocesses keep the production hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    reason = integration_skip_reason()
    if reason is None:
        return
    marker = pytest.mark.skip(reason=f"integration test skipped: {reason}")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "integration" in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"NOTE: {len(skipped)} integration test(s) skipped: {integration_skip_reason()}", yellow=True
        )


@pytest.fixture(autouse=True)
def _no_pages_kept_from_another_test():
    """Each web process keeps the public pages it served for half a second (``publishing.cache``); ids and
    slugs repeat across rolled-back tests, so a page kept by one test must not answer the next."""
    from factcheck.publishing import cache as page_cache

    page_cache._local.clear()
    yield
    page_cache._local.clear()


@pytest.fixture(autouse=True)
def _no_counts_kept_from_another_test():
    """Each web process remembers for a while which queue views reached their count's cap (``desk.counting``);
    the same views repeat across rolled-back tests over other claims, so one test's answer must not reach the next."""
    from workflows.desk import counting

    counting.forget()
    yield
    counting.forget()


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    """A request in another language leaves that language active in the thread (``LocaleMiddleware`` does not
    put it back), so the next test would read its messages in Russian or Spanish: each test ends in the default."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run Celery tasks in-process for unit tests, whatever the environment says."""
    from factcheck.celery import app

    if "integration" in request.keywords:
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def rating_scale(db):
    """The default scale, made by the data migration ``verdicts/0004`` and put back after every flush."""
    from factcheck.verdicts.models import RatingScale

    return RatingScale.objects.get(is_default=True)


@pytest.fixture
def users(db):
    """One user per role, plus a second reviewer and a second editor for 'someone else' cases."""
    from tests.factories import make_user

    return {
        "reviewer": make_user("reviewer", "Reviewer"),
        "reviewer2": make_user("reviewer2", "Reviewer"),
        "editor": make_user("editor", "Editor"),
        "editor2": make_user("editor2", "Editor"),
        "admin": make_user("admin", "Admin", superuser=True),
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs the block's on-commit hooks when it ends, as a real commit would.

    Tests run inside a transaction that never commits, so without this, work enqueued on commit (the
    article pipeline, notifications) would never run.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)
