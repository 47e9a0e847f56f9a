"""The Celery application, configured from Django settings under the ``CELERY_`` namespace.

Without a broker URL in the environment, settings switch tasks to eager mode, so the embedded default
(SQLite, one process) needs no Redis. Request ids travel in task headers (``factcheck.ops.logs``).
"""
import os

from celery import Celery

from factcheck.ops.logs import connect_celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A task's log lines carry the id of the request that enqueued it (or the task's own, under beat).
connect_celery()
