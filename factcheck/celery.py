"""The Celery application, configured from Django settings under the ``CELERY_`` namespace.

Without a broker URL in the environment, settings switch tasks to eager mode, so the embedded default
(SQLite, one process) needs no Redis. Request ids travel in task headers (``factcheck.ops.logs``).
"""

import os

from celery import Celery, signals

from factcheck.ops.logs import connect_celery
from factcheck.ops.worker_connections import connect_worker_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A task's log lines carry the id of the request that enqueued it (or the task's own, under beat).
connect_celery()
# A worker keeps its database connection between tasks (CONN_MAX_AGE), checked around each one.
connect_worker_connections()


@signals.celeryd_init.connect
@signals.beat_init.connect
def load_settings_before_tasks(**_kwargs) -> None:
    """Load Django's settings in the worker's (and beat's) main process before the pool forks.

    The settings start Sentry when ``SENTRY_DSN`` is set (``factcheck.ops.sentry``); loading them here makes its
    Celery integration hook into every task, in every pool process, rather than depend on when a first task
    happens to touch the settings.
    """
    from django.conf import settings

    settings.SENTRY_DSN  # noqa: B018 - the attribute access is what loads the settings


@signals.worker_process_init.connect
def limit_pool_process_memory(**_kwargs) -> None:
    """Each pool process keeps glibc from holding on to its large temporaries (``factcheck.ops.memory``)."""
    from factcheck.ops.memory import hand_back_large_blocks

    hand_back_large_blocks()
