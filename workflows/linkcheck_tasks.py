"""Celery entry point for the evidence link checker (scheduled in ``CELERY_BEAT_SCHEDULE``).

Thin and idempotent: a redelivered or overlapping run re-checks nothing checked within the re-check age,
and each link's result is its own small write. The service bounds the batch and its time budget; the time
limits below are a backstop above that budget (a check can take a few fetch timeouts).
"""

from celery import shared_task

from .linkcheck import evidence_links_check_due


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300, ignore_result=True)
def check_evidence_links() -> dict:
    run = evidence_links_check_due()
    return {**run.counts(), "remaining": run.remaining}
