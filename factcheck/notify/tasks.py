"""Celery entry points for notifications: thin, by id, idempotent (the broker delivers at least once).

The services send these by name (``services.DELIVER_TASK``, ``CHAT_TASK``); ``apps.NotifyConfig.ready``
imports this module so every process knows them.
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(
    bind=True,
    name=services.DELIVER_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the service counts attempts (WEBHOOK_MAX_ATTEMPTS) and says when to stop
    soft_time_limit=60,
    time_limit=90,
)
def deliver_webhook(self, delivery_id: int) -> str:
    """One attempt at a webhook delivery; a failure is retried by Celery after the service's backoff.

    Without a worker (tasks run eagerly in the web process) nothing can wait, so the first attempt is the last.
    """
    outcome = services.delivery_attempt(delivery_id, can_retry=not self.request.is_eager)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(
    name=services.CHAT_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=60,
    time_limit=90,
)
def send_chat_message(channel_id: int, payload: dict) -> bool:
    return services.chat_send(channel_id, payload)


@shared_task(name="factcheck.notify.tasks.resend_lost_deliveries", acks_late=True, soft_time_limit=60, time_limit=90)
def resend_lost_deliveries() -> int:
    """Beat: deliveries still pending or retrying well past their time lost their message; send them again."""
    return services.deliveries_resend_due()
