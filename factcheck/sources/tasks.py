"""Celery entry points for polling: thin, by primary key, idempotent.

Beat runs ``poll_due_sources`` every ``FACTDESK_SOURCES_TICK_SECONDS``; it sends one ``poll_source`` per
due source, so a slow or failing source holds one worker slot for at most the task's time limit while the
others are polled beside it. Both are safe to run twice: a source already being polled is skipped, an
entry already taken is never taken again.
"""

from __future__ import annotations

import logging

from celery import shared_task

from .services import POLL_TASK, source_poll, sources_dispatch_due

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def poll_due_sources() -> int:
    """Send a poll for every enabled source whose next poll time has come."""
    return len(sources_dispatch_due())


@shared_task(name=POLL_TASK, acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=150)
def poll_source(source_id: int, force: bool = False) -> str:
    """Poll one source; how it went is written on the source's row (and logged here)."""
    outcome = source_poll(source_id, force=force)
    if outcome.status == "failed":
        logger.warning("Source %s (%s) failed: %s", source_id, outcome.name, outcome.reason)
    else:
        logger.info(
            "Source %s (%s): %s, %d new entries, %d articles, %d fact-checks",
            source_id,
            outcome.name,
            outcome.status,
            outcome.entries,
            outcome.articles,
            outcome.factchecks,
        )
    return outcome.status
