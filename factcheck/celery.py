"""The Celery application, configured from Django settings under the ``CELERY_`` namespace.

Without a broker URL in the environment, settings switch tasks to eager mode, so the embedded default
(SQLite, one process) needs no Redis.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
