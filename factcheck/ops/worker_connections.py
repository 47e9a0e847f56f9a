"""A Celery worker keeps its database connection from one task to the next, as a web process keeps it from one
request to the next.

Celery's Django fixup closes every database connection before and after each task unless ``CELERY_DB_REUSE_MAX``
is set. Each ingested article then opened a new PostgreSQL connection: a new server process, its catalogue
caches read again, and the statements a worker repeats never prepared (``factcheck.ops.database`` prepares a
statement from its fifth run on one connection). With ``CELERY_DB_REUSE_MAX`` (settings) the fixup closes them
only every that many tasks; around each task ``close_stale_connections`` does what Django does around each
request (``close_old_connections``): a connection older than ``CONN_MAX_AGE``, or left unusable by an error, is
closed, and the next query opens a fresh one. With ``CONN_MAX_AGE`` 0 (SQLite, or set so) nothing is kept.
"""

from __future__ import annotations


def close_stale_connections(sender=None, **_kwargs) -> None:
    """``task_prerun`` / ``task_postrun``: close this process's database connections that are too old or broken.

    An eager task (tasks run in-process, tests) runs inside its caller's request or transaction, whose connection
    is the caller's to keep: left alone, as Celery's fixup leaves it."""
    request = getattr(sender, "request", None)
    if getattr(request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


def connect_worker_connections() -> None:
    """Check the connections around every task (called once by ``factcheck.celery``)."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(close_stale_connections, weak=False, dispatch_uid="factdesk-db-prerun")
    task_postrun.connect(close_stale_connections, weak=False, dispatch_uid="factdesk-db-postrun")
