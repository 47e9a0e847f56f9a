"""A worker keeps its database connection between tasks (Celery would open one per task), and drops one that
is too old or broken, as Django does around a request."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from celery.signals import task_postrun, task_prerun

from factcheck.celery import app
from factcheck.ops.worker_connections import close_stale_connections


def _task(*, eager: bool) -> SimpleNamespace:
    return SimpleNamespace(request=SimpleNamespace(is_eager=eager))


def test_a_worker_task_checks_its_connections_before_and_after():
    with mock.patch("django.db.close_old_connections") as close_old:
        close_stale_connections(sender=_task(eager=False))
    close_old.assert_called_once_with()


def test_an_eager_task_leaves_its_callers_connection_alone():
    """In-process tasks run inside the caller's request or transaction: closing would end it."""
    with mock.patch("django.db.close_old_connections") as close_old:
        close_stale_connections(sender=_task(eager=True))
    close_old.assert_not_called()


def test_the_check_runs_around_every_task_and_celery_reuses_connections():
    for signal in (task_prerun, task_postrun):  # receivers are kept as ((dispatch_uid, sender id), receiver)
        assert any(str(key[0]).startswith("factdesk-db-") for key, _ in signal.receivers), signal
    # Without it Celery's Django fixup closes every connection before and after each task.
    assert app.conf.get("CELERY_DB_REUSE_MAX", 0) >= 100
