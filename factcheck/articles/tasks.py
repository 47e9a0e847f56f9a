"""Celery entry points for ingestion: thin, by primary key, idempotent.

The services send these by name (``services.PROCESS_TASK``, ``FETCH_TASK``), so the services never import
this module, which calls them. ``apps.ArticlesConfig.ready`` imports it, so every process knows the tasks.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError

from .pipeline import article_process
from .services import FETCH_TASK, PROCESS_TASK, article_fetch, articles_sweep

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
# Both article tasks are idempotent: acknowledged after the work, handed back if the worker dies, and
# retried with backoff on a transient database error.
IDEMPOTENT = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 5,
}


@shared_task(**IDEMPOTENT, name=PROCESS_TASK, soft_time_limit=120, time_limit=180)
def process_article(self, article_id: int) -> int:
    """Extract and store the claims of one article. A transient database error is retried."""
    try:
        return article_process(article_id)
    except TRANSIENT:
        raise
    except DatabaseError:
        logger.exception("Article %s failed with a database error", article_id)
        raise
    except Exception:
        logger.exception("Article %s failed; it is marked failed with the error", article_id)
        return 0


@shared_task(**IDEMPOTENT, name=FETCH_TASK, soft_time_limit=90, time_limit=120)
def fetch_article(self, article_id: int) -> str:
    """Fetch the page of an article submitted by URL (SSRF-guarded, bounded in time and size).

    Here, not in the web request, so a slow site holds a worker; the row says how it ended.
    """
    outcome = article_fetch(article_id)
    return outcome.row.status if outcome.row is not None else "gone"


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_stuck_articles() -> int:
    """Re-enqueue articles the database still shows as fetching, queued or processing past the timeout."""
    return articles_sweep()
