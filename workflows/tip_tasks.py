"""Celery entry points for readers' tips and error reports: thin, by id, idempotent.

``tip_to_claim`` is sent by name by ``factcheck.tips.services`` once a tip is committed; ``sweep_tips``
(beat) re-sends the tips the database still shows without their claim, the database being the record of
pending work. ``tell_reader`` sends the one message a reader who left an email gets when their error report
is resolved (``services.reports``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from factcheck.tips.models import Tip
from factcheck.tips.services import enqueue_tip

from . import reader_mail
from .services.tips import tip_to_claim as make_claim

log = logging.getLogger(__name__)

#: A tip without its claim this long after it arrived is sent again (the first attempt is long done).
SWEEP_AFTER = timedelta(minutes=2)
#: After this, a tip that still cannot become a claim is left for the desk (it shows the problem).
GIVE_UP_AFTER = timedelta(days=2)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=150)
def tip_to_claim(tip_id: int) -> int | None:
    """The tip's claim id (made or found)."""
    claim = make_claim(tip_id=tip_id)
    return claim.pk if claim is not None else None


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_tips(limit: int = 500) -> int:
    """Re-send tips still without a claim (oldest first); returns how many were sent."""
    now = timezone.now()
    pending = Tip.objects.filter(
        claim__isnull=True, created_at__lt=now - SWEEP_AFTER, created_at__gt=now - GIVE_UP_AFTER
    ).order_by("created_at")
    ids = list(pending.values_list("pk", flat=True)[:limit])
    for tip_id in ids:
        enqueue_tip(tip_id)
    if ids:
        log.info("re-sent %s reader tips without their claim", len(ids))
    return len(ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, soft_time_limit=60, time_limit=90)
def tell_reader(report_id: int) -> bool:
    """Email the reader how their error report was resolved; at most once (``reader_mail.tell_reader``)."""
    return reader_mail.tell_reader(report_id)
