"""Celery entry points for ingestion: thin, by primary key, idempotent."""
from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone

from .models import Article
from .pipeline import article_process

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
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


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_stuck_articles() -> int:
    """Re-enqueue articles the database still shows as queued or processing past the timeout."""
    cutoff = timezone.now() - timedelta(seconds=settings.FACTDESK["STUCK_AFTER_SECONDS"])
    stuck = list(
        Article.objects.filter(
            status__in=[Article.Status.QUEUED, Article.Status.PROCESSING], status_changed_at__lt=cutoff
        ).values_list("pk", flat=True)[:1000]
    )
    for article_id in stuck:
        Article.objects.filter(pk=article_id).update(status_changed_at=timezone.now())
        process_article.delay(article_id)
    if stuck:
        logger.info("Sweeper re-enqueued %d article(s)", len(stuck))
    return len(stuck)
