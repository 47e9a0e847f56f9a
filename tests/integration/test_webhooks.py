"""Webhooks and chat with real services: PostgreSQL, Redis and a Celery worker process.

A receiver on 127.0.0.1 (loopback allowed for this test, in the worker's environment and here) checks the
signature of what a real publication sends; a replay of that request is refused by ``verify``; a receiver
answering 500 gets its retries and then its endpoint is disabled, which the desk's home page shows; and a
chat channel (apprise's ``json://``) hears of the publication.
"""

import json
import time
from datetime import datetime
from itertools import pairwise

import pytest
from django.test import Client

from factcheck.notify import events, services, signing
from factcheck.notify.models import ChatChannel, WebhookDelivery, WebhookEndpoint
from tests.factories import claim_in_state
from tests.unit.notify.receiver import receiver
from workflows import services as workflow

from .conftest import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WORKER_ENV = {
    "FACTDESK_ALLOW_LOOPBACK_FETCH": "true",
    "FACTDESK_WEBHOOK_TIMEOUT": "3",
    "FACTDESK_WEBHOOK_BACKOFF_SECONDS": "1",
    "FACTDESK_WEBHOOK_MAX_ATTEMPTS": "5",
    "FACTDESK_WEBHOOK_DISABLE_AFTER": "3",
}


@pytest.fixture
def loopback(settings):
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": True}


@pytest.fixture
def notify_worker(worker_queue, tmp_path, loopback):
    worker = WorkerProcess(worker_queue, tmp_path / "worker.log", extra_env=WORKER_ENV).start()
    yield worker
    worker.stop()


def _approved(users, rating_scale):
    rating = rating_scale.ratings.get(slug="mostly-false")
    return claim_in_state("approved", reviewer=users["reviewer"], editor=users["editor"], rating=rating)


def _publish(users, rating_scale):
    claim = _approved(users, rating_scale)
    return workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])


def test_a_publication_reaches_the_receiver_signed_and_a_replay_is_refused(users, rating_scale, notify_worker):
    with receiver() as partner:
        registered = services.endpoint_register(actor=users["editor"], url=partner.url, events=[events.PUBLISHED])
        partner.secret = registered.secret  # the receiver checks every request as a partner's would
        claim = _approved(users, rating_scale)
        started = time.monotonic()
        verdict = workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
        wait_for(lambda: partner.requests, timeout=60, message="the worker's POST to the receiver", interval=0.02)
        print(f"publish service called -> signed POST received: {time.monotonic() - started:.3f} s")
        delivery = WebhookDelivery.objects.get()
        wait_for(
            lambda: WebhookDelivery.objects.get().status == "delivered", timeout=30, message="the delivery recorded"
        )

    (request,) = partner.requests
    assert request.verified is True, request.refusal
    body = json.loads(request.body)
    assert body["event"] == events.PUBLISHED and request.headers[signing.EVENT_HEADER] == events.PUBLISHED
    assert body["data"]["fact_check"]["url"].endswith(f"/fact-checks/{verdict.slug}/")
    assert request.headers[signing.DELIVERY_HEADER] == str(delivery.delivery_id)

    # The same body and signature sent again later: the signed timestamp is too old.
    header = request.headers[signing.SIGNATURE_HEADER]
    signed_at, _ = signing.parse(header)
    with pytest.raises(signing.SignatureError, match="replay"):
        signing.verify(registered.secret, header, request.body, now=signed_at + 301)
    # A replay with its timestamp moved to now no longer matches the signature.
    moved = header.replace(f"t={signed_at}", f"t={signed_at + 301}")
    with pytest.raises(signing.SignatureError, match="does not match"):
        signing.verify(registered.secret, moved, request.body, now=signed_at + 301)


def test_a_failing_receiver_is_retried_then_disabled_and_the_desk_shows_it(users, rating_scale, notify_worker):
    with receiver(status=500) as partner:
        endpoint = services.endpoint_register(
            actor=users["editor"], url=partner.url, events=[events.PUBLISHED]
        ).endpoint
        _publish(users, rating_scale)
        wait_for(
            lambda: not WebhookEndpoint.objects.get(pk=endpoint.pk).active,
            timeout=90,
            message="the endpoint disabled after 3 failures in a row",
        )
    delivery = WebhookDelivery.objects.get()
    endpoint.refresh_from_db()
    assert len(partner.requests) == 3 and delivery.attempts == 3 and len(delivery.attempt_log) == 3
    assert [a["status"] for a in delivery.attempt_log] == [500, 500, 500]
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert endpoint.consecutive_failures == 3
    assert endpoint.disabled_reason.startswith("Disabled after 3 failed attempts in a row")
    # Retries waited: 1 s, then 2 s (doubling), so the three attempts span at least 3 s.
    times = [a["at"] for a in delivery.attempt_log]
    gaps = [(datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() for a, b in pairwise(times)]
    print(f"gaps between the three attempts: {[round(g, 2) for g in gaps]} s")
    assert gaps[0] >= 0.9 and gaps[1] >= 1.9, gaps

    desk = Client()
    desk.force_login(users["editor"])
    home = desk.get("/admin/").content.decode()
    assert f"Webhook to {partner.url} is disabled" in home
    listing = desk.get("/admin/notify/webhookendpoint/").content.decode()
    assert "Disabled" in listing and "500 Internal Server Error" in listing


def test_a_chat_channel_hears_of_a_publication(users, rating_scale, notify_worker):
    with receiver() as room:
        services.channel_save(
            actor=users["editor"],
            name="#factchecks",
            url=room.url.replace("http://", "json://"),
            events=[events.PUBLISHED],
        )
        verdict = _publish(users, rating_scale)
        wait_for(lambda: room.requests, timeout=60, message="apprise's message to the channel")
    message = json.loads(room.requests[0].body)
    assert message["title"] == f"Published: {verdict.headline}"
    assert f"/fact-checks/{verdict.slug}/" in message["message"]
    wait_for(lambda: ChatChannel.objects.get().last_sent_at is not None, timeout=10, message="the channel's record")
