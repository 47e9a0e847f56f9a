"""Each attempt, as the sending task makes it: logged on the delivery, retried with doubling waits, and an
endpoint that keeps failing is disabled with the reason, which the desk then shows."""

from unittest import mock

import pytest
from django.utils import timezone

from factcheck.audit.models import AuditEvent
from factcheck.notify import events, payloads, services, tasks
from factcheck.notify.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _delivery(endpoint) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event=events.PING, payload=payloads.encode(payloads.ping())
    )


def _due_now(delivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_backoff_doubles_from_the_base_up_to_the_cap(notify_settings):
    notify_settings.update(WEBHOOK_BACKOFF_SECONDS=30, WEBHOOK_BACKOFF_MAX_SECONDS=3600)
    assert [services.backoff_seconds(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]


def test_a_failed_attempt_is_logged_and_scheduled_for_retry(register, local_receiver):
    local_receiver.status = 500
    delivery = _delivery(register(local_receiver.url).endpoint)
    before = timezone.now()
    outcome = services.delivery_attempt(delivery.pk)
    delivery.refresh_from_db()
    assert outcome == services.Outcome("retrying", retry_in=10)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, 500)
    assert delivery.error == (
        "The endpoint answered 500 Internal Server Error; it must answer 2xx to acknowledge an event."
    )
    (entry,) = delivery.attempt_log
    assert entry["status"] == 500 and entry["answer"] == "broken" and entry["ms"] >= 0
    assert (delivery.next_attempt_at - before).total_seconds() == pytest.approx(10, abs=2)

    assert services.delivery_attempt(delivery.pk) == services.Outcome("not_due")  # an early copy waits
    _due_now(delivery)
    outcome = services.delivery_attempt(delivery.pk)
    assert outcome.retry_in == 20  # doubled
    _due_now(delivery)
    outcome = services.delivery_attempt(delivery.pk)  # the third of WEBHOOK_MAX_ATTEMPTS=3
    delivery.refresh_from_db()
    assert outcome == services.Outcome("failed", None)
    assert delivery.status == "failed" and delivery.attempts == 3 and len(delivery.attempt_log) == 3
    assert delivery.next_attempt_at is None


def test_success_resets_the_failures_in_a_row(register, local_receiver):
    endpoint = register(local_receiver.url).endpoint
    local_receiver.status = 503
    services.delivery_attempt(_delivery(endpoint).pk)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1 and "503" in endpoint.last_error
    local_receiver.status = 204
    delivery = _delivery(endpoint)
    assert services.delivery_attempt(delivery.pk).status == "delivered"
    endpoint.refresh_from_db()
    delivery.refresh_from_db()
    assert (endpoint.consecutive_failures, endpoint.last_error) == (0, "")
    assert delivery.delivered_at is not None and delivery.response_code == 204


def test_after_n_failures_in_a_row_the_endpoint_is_disabled_with_the_reason(register, local_receiver, notify_settings):
    local_receiver.status = 500
    endpoint = register(local_receiver.url).endpoint
    waiting = WebhookDelivery.objects.create(endpoint=endpoint, event=events.PUBLISHED, payload="{}")
    for _ in range(notify_settings["WEBHOOK_DISABLE_AFTER"]):
        services.delivery_attempt(_delivery(endpoint).pk, can_retry=False)
    endpoint.refresh_from_db()
    assert endpoint.active is False and endpoint.disabled_at is not None
    assert endpoint.disabled_reason.startswith("Disabled after 5 failed attempts in a row. The last: The endpoint")
    assert AuditEvent.objects.filter(action="webhook.disable", actor=None, object_id=str(endpoint.pk)).count() == 1
    # A delivery whose turn comes after that is not sent, and says why.
    assert services.delivery_attempt(waiting.pk).status == "cancelled"
    waiting.refresh_from_db()
    assert "disabled" in waiting.error and len(local_receiver.requests) == 5


def test_the_failure_that_disables_an_endpoint_is_not_retried(register, local_receiver, notify_settings):
    notify_settings.update(WEBHOOK_DISABLE_AFTER=2, WEBHOOK_MAX_ATTEMPTS=8)
    local_receiver.status = 500
    delivery = _delivery(register(local_receiver.url).endpoint)
    assert services.delivery_attempt(delivery.pk).retry_in is not None
    _due_now(delivery)
    assert services.delivery_attempt(delivery.pk) == services.Outcome("failed", None)


def test_a_delivered_delivery_is_not_sent_again(register, local_receiver):
    delivery = _delivery(register(local_receiver.url).endpoint)
    services.delivery_attempt(delivery.pk)
    services.delivery_attempt(delivery.pk)
    assert len(local_receiver.requests) == 1


def test_a_redirect_is_a_failure_and_is_not_followed(register, local_receiver):
    local_receiver.status = 301
    delivery = _delivery(register(local_receiver.url).endpoint)
    services.delivery_attempt(delivery.pk, can_retry=False)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "redirect" in delivery.error and len(local_receiver.requests) == 1


def test_the_task_asks_celery_to_retry_after_the_backoff(register, local_receiver):
    local_receiver.status = 500
    delivery = _delivery(register(local_receiver.url).endpoint)
    task = tasks.deliver_webhook
    task.push_request(is_eager=False)  # as a worker runs it
    try:
        with mock.patch.object(task, "retry", side_effect=RuntimeError("retry")) as retry, pytest.raises(RuntimeError):
            task.run(delivery.pk)
    finally:
        task.pop_request()
    retry.assert_called_once_with(countdown=10)


def test_without_a_worker_the_first_attempt_is_the_last(register, local_receiver):
    local_receiver.status = 500
    delivery = _delivery(register(local_receiver.url).endpoint)
    assert tasks.deliver_webhook.apply(args=[delivery.pk]).get() == "failed"


def test_lost_messages_are_sent_again_by_the_sweeper(register, local_receiver):
    endpoint = register(local_receiver.url).endpoint
    old = _delivery(endpoint)
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=20))
    _delivery(endpoint)  # just made: its message is surely still on its way
    assert services.deliveries_resend_due() == 1
    old.refresh_from_db()
    assert old.status == "delivered" and len(local_receiver.requests) == 1


def test_a_deleted_endpoint_leaves_nothing_to_send(users, register, local_receiver):
    endpoint = register(local_receiver.url).endpoint
    delivery = _delivery(endpoint)
    services.endpoint_delete(actor=users["editor"], endpoint_id=endpoint.pk)
    assert services.delivery_attempt(delivery.pk).status == "gone"
    assert not WebhookEndpoint.objects.exists() and local_receiver.requests == []


def test_an_attempt_already_claimed_by_another_copy_is_not_sent_twice(register, local_receiver):
    delivery = _delivery(register(local_receiver.url).endpoint)
    real_post = services._post

    def meanwhile_another_copy_runs(endpoint, sending):
        assert services.delivery_attempt(sending.pk) == services.Outcome("taken")
        return real_post(endpoint, sending)

    with mock.patch.object(services, "_post", side_effect=meanwhile_another_copy_runs):
        assert services.delivery_attempt(delivery.pk).status == "delivered"
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and len(delivery.attempt_log) == 1 and len(local_receiver.requests) == 1


def test_what_was_missed_while_disabled_is_resent_after_re_enabling(users, register, local_receiver, committed):
    local_receiver.status = 500
    endpoint = register(local_receiver.url).endpoint
    failed = WebhookDelivery.objects.create(endpoint=endpoint, event=events.PUBLISHED, payload='{"n":1}')
    services.delivery_attempt(failed.pk, can_retry=False)
    skipped = WebhookDelivery.objects.create(
        endpoint=endpoint, event=events.RETRACTED, payload='{"n":2}', status="cancelled"
    )
    old = WebhookDelivery.objects.create(endpoint=endpoint, event=events.PUBLISHED, payload='{"n":0}', status="failed")
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=8))
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    with pytest.raises(services.NotifyError, match="Re-enable the endpoint first"):
        services.endpoint_resend_missed(actor=users["editor"], endpoint_id=endpoint.pk)
    services.endpoint_enable(actor=users["editor"], endpoint_id=endpoint.pk)

    local_receiver.status = 200
    with committed():
        assert services.endpoint_resend_missed(actor=users["editor"], endpoint_id=endpoint.pk) == 2
    failed.refresh_from_db()
    skipped.refresh_from_db()
    assert failed.status == skipped.status == "delivered"
    assert len(failed.attempt_log) == 2  # the history stays: the first failure, then the resend
    sent = [r.headers["Factdesk-Delivery"] for r in local_receiver.requests[1:]]
    assert sent == [str(failed.delivery_id), str(skipped.delivery_id)]  # the same ids: receivers can dedupe
    assert AuditEvent.objects.filter(action="webhook.resend", actor=users["editor"]).exists()
    with pytest.raises(services.NotifyError, match="Nothing to resend"):
        services.endpoint_resend_missed(actor=users["editor"], endpoint_id=endpoint.pk)


def test_reviewers_cannot_resend(users, register, local_receiver):
    endpoint = register(local_receiver.url).endpoint
    with pytest.raises(services.NotifyError) as refused:
        services.endpoint_resend_missed(actor=users["reviewer"], endpoint_id=endpoint.pk)
    assert refused.value.code == "forbidden"
