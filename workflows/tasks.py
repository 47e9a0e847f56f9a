"""Celery entry points for the workflow: thin, by id, idempotent (the broker delivers at least once).

Each task fetches what it needs by primary key and calls a service or a notification function. Emails
carry a dedupe key so a redelivered message does not mail the same person twice.
"""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from . import notifications

log = logging.getLogger(__name__)

_DEDUPE_SECONDS = 7 * 24 * 3600


def _once(key: str, send) -> int:
    """Run ``send`` unless ``key`` was already done; forget the key again if sending fails (so a retry sends)."""
    if not cache.add(f"workflows:sent:{key}", 1, timeout=_DEDUPE_SECONDS):
        log.info("notification %s already sent; skipping", key)
        return 0
    try:
        return send()
    except Exception:
        cache.delete(f"workflows:sent:{key}")
        raise


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(kind: str, claim_id: int, payload: dict, dedupe_key: str) -> int:
    """Send one workflow email (``kind`` is a key of ``notifications.SENDERS``)."""
    sender = notifications.SENDERS[kind]
    return _once(dedupe_key, lambda: sender(claim_id, **payload))


@shared_task
def send_due_reminders() -> int:
    """Daily: one email per reviewer listing their claims due within 24 hours or overdue.

    Keyed by reviewer and day, so a second run on the same day (a redelivery, a second beat) sends nothing.
    """
    now = timezone.now()
    sent = 0
    for reviewer_id, assignments in notifications.reminder_batches(now).items():
        key = f"reminder:{timezone.localdate(now).isoformat()}:{reviewer_id}"
        sent += _once(key, lambda r=reviewer_id, a=assignments: notifications.send_reminder(r, a, now))
    return sent


# The evidence link checker lives in its own module; imported here so worker autodiscovery registers it.
from .linkcheck_tasks import check_evidence_links  # noqa: E402, F401
