"""From the desk's signals to signed requests: publish, correct and retract reach a subscribed receiver
after commit, with the documented payload, signed with the endpoint's secret; a claim from outside too."""

import json

import pytest

from factcheck.claims.models import Claim
from factcheck.claims.signals import claim_submitted
from factcheck.notify import events, signing
from factcheck.notify.models import WebhookDelivery
from workflows import services as workflow

pytestmark = pytest.mark.django_db

ENVELOPE = {"id", "event", "schema_version", "occurred_at", "organisation", "data"}
FACT_CHECK = {
    "id",
    "slug",
    "url",
    "headline",
    "summary",
    "claim_reviewed",
    "claim_as_it_appeared",
    "speaker",
    "claim_date",
    "appearance_url",
    "claim_type",
    "rating",
    "published_at",
    "modified_at",
    "retracted",
    "retracted_at",
    "retraction_reason",
    "correction",
}


def _bodies(receiver):
    return [json.loads(r.body) for r in receiver.requests]


def test_publish_correct_retract_each_reach_the_receiver_signed(
    users, make_claim, ratings, register, local_receiver, committed
):
    secret = register(local_receiver.url).secret
    claim = make_claim("approved", speaker="The minister")
    with committed():
        verdict = workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    with committed():
        workflow.factcheck_correct(
            claim_id=claim.pk,
            actor=users["editor"],
            what_changed="The rating",
            note="New figures from the ministry.",
            new_rating_id=ratings["false"].pk,
        )
    with committed():
        workflow.factcheck_retract(claim_id=claim.pk, actor=users["editor"], reason="The source was forged.")

    assert [r.headers[signing.EVENT_HEADER] for r in local_receiver.requests] == [
        events.PUBLISHED,
        events.CORRECTED,
        events.RETRACTED,
    ]
    for request in local_receiver.requests:
        signing.verify(secret, request.headers[signing.SIGNATURE_HEADER], request.body)
        assert request.headers["Content-Type"].startswith("application/json")
    published, corrected, retracted = _bodies(local_receiver)
    for body in (published, corrected, retracted):
        assert set(body) == ENVELOPE and set(body["data"]["fact_check"]) == FACT_CHECK
        assert body["data"]["fact_check"]["url"].endswith(f"/fact-checks/{verdict.slug}/")
        assert body["data"]["fact_check"]["claim_reviewed"] == claim.reviewed_text
    assert published["data"]["fact_check"]["rating"]["label"] == "Mostly false"
    assert published["data"]["fact_check"]["correction"] is None
    assert published["data"]["fact_check"]["speaker"] == "The minister"
    assert corrected["data"]["fact_check"]["rating"]["label"] == "False"
    assert corrected["data"]["fact_check"]["correction"]["note"] == "New figures from the ministry."
    assert corrected["data"]["fact_check"]["correction"]["old_rating"] == "Mostly false"
    assert retracted["data"]["fact_check"]["retracted"] is True
    assert retracted["data"]["fact_check"]["retraction_reason"] == "The source was forged."
    # Every event has its own id; every delivery its own, which is the header receivers dedupe on.
    assert len({b["id"] for b in (published, corrected, retracted)}) == 3
    ids = {r.headers[signing.DELIVERY_HEADER] for r in local_receiver.requests}
    assert ids == {str(d) for d in WebhookDelivery.objects.values_list("delivery_id", flat=True)}
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_nothing_is_sent_for_a_change_that_rolled_back(users, make_claim, register, local_receiver):
    register(local_receiver.url)
    claim = make_claim("approved")
    workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])  # the test's transaction never commits
    assert local_receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_only_subscribed_and_active_endpoints_get_an_event(users, make_claim, register, local_receiver, committed):
    register(local_receiver.url, [events.RETRACTED])
    off = register(local_receiver.url + "?off", [events.PUBLISHED]).endpoint
    off.active = False
    off.save()
    claim = make_claim("approved")
    with committed():
        workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    assert local_receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_a_claim_from_outside_is_sent_without_who_sent_it(make_claim, register, local_receiver, committed):
    register(local_receiver.url, [events.CLAIM_SUBMITTED])
    claim = make_claim("new", source_url="https://social.example/post/1")
    with committed():
        claim_submitted.send(sender=Claim, claim_id=claim.pk, origin="tip")
    (body,) = _bodies(local_receiver)
    assert body["event"] == events.CLAIM_SUBMITTED and set(body) == ENVELOPE
    assert body["data"]["claim"] == {
        "id": claim.pk,
        "text": claim.text,
        "claim_reviewed": claim.reviewed_text,
        "origin": "tip",
        "speaker": claim.speaker or None,
        "source_url": "https://social.example/post/1",
        "language": None,
        "submitted_at": claim.created_at.isoformat(),
        "desk_url": body["data"]["claim"]["desk_url"],
    }
    assert body["data"]["claim"]["desk_url"].endswith(f"/admin/claims/claim/{claim.pk}/change/")


def test_a_broken_receiver_never_breaks_the_publication(users, make_claim, register, notify_settings, committed):
    register("http://127.0.0.1:9/unreachable")  # nothing listens on port 9
    claim = make_claim("approved")
    with committed():
        workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    claim.refresh_from_db()
    delivery = WebhookDelivery.objects.get()
    assert claim.state == "published"
    assert delivery.status == "failed" and delivery.attempts == 1 and "Could not reach" in delivery.error
