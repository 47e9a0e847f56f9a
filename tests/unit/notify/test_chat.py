"""Chat channels: apprise URLs checked and masked, one short message per event, failures kept for the desk."""

import json

import pytest

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from factcheck.claims.signals import claim_submitted
from factcheck.notify import chat, events, payloads, services
from factcheck.notify.models import ChatChannel
from workflows import services as workflow

from .receiver import receiver

pytestmark = pytest.mark.django_db

SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#factchecks"


def test_a_slack_url_is_shown_masked_never_whole():
    shown = chat.masked(SLACK)
    assert shown.startswith("slack://") and "TIiajkdnlazkcOXrIdevi7FQ" not in shown and "A1BRTD4JD" not in shown


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "Enter the channel's apprise URL"),
        ("https://hooks.example/x", "Apprise does not recognise"),
        ("nonsense://x", "Apprise does not recognise"),
        ("json://10.1.2.3/hook", "not on the public internet"),
        ("mmost://127.0.0.1:8065/abcdefghijklmnop", "not on the public internet"),
    ],
)
def test_unusable_urls_are_refused_with_the_reason(users, url, says):
    with pytest.raises(services.NotifyError) as refused:
        services.channel_save(actor=users["editor"], name="#desk", url=url, events=[events.PUBLISHED])
    assert says in refused.value.errors["apprise_url"][0]
    assert not ChatChannel.objects.exists()


def test_reviewers_cannot_add_channels(users):
    with pytest.raises(services.NotifyError) as refused:
        services.channel_save(actor=users["reviewer"], name="#desk", url=SLACK, events=[events.PUBLISHED])
    assert refused.value.code == "forbidden"


def test_editing_without_a_new_url_keeps_the_saved_one(users):
    channel = services.channel_save(actor=users["editor"], name="#desk", url=SLACK, events=[events.PUBLISHED])
    services.channel_save(
        actor=users["editor"], channel_id=channel.pk, name="#newsroom", url="", events=[events.RETRACTED], enabled=False
    )
    channel.refresh_from_db()
    assert (channel.name, channel.apprise_url, channel.events, channel.enabled) == (
        "#newsroom",
        SLACK,
        [events.RETRACTED],
        False,
    )
    actions = list(AuditEvent.objects.filter(object_id=str(channel.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["chat.add", "chat.change"]
    assert SLACK not in json.dumps([e.data for e in AuditEvent.objects.all()])


def test_a_publication_reaches_a_json_channel(users, make_claim, notify_settings, committed):
    with receiver() as room:
        url = room.url.replace("http://", "json://")
        services.channel_save(actor=users["editor"], name="#factchecks", url=url, events=[events.PUBLISHED])
        claim = make_claim("approved")
        with committed():
            verdict = workflow.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    (request,) = room.requests
    message = json.loads(request.body)
    assert message["title"] == f"Published: {verdict.headline}"
    assert f"“{claim.reviewed_text}”" in message["message"] and "Rating: Mostly false" in message["message"]
    assert f"/fact-checks/{verdict.slug}/" in message["message"]
    assert ChatChannel.objects.get().last_sent_at is not None


def test_a_failing_channel_keeps_its_error_for_the_desk(users, notify_settings):
    with receiver(status=500) as room:
        channel = services.channel_save(
            actor=users["editor"], name="#desk", url=room.url.replace("http://", "json://"), events=[events.PUBLISHED]
        )
        with pytest.raises(services.NotifyError) as refused:
            services.channel_send_test(actor=users["editor"], channel_id=channel.pk)
    channel.refresh_from_db()
    assert "did not accept" in refused.value.message and channel.last_error and channel.last_error_at


def test_messages_for_each_event_say_what_happened(make_claim, ratings):
    claim = make_claim("published")
    verdict = claim.verdict
    retracted = payloads.envelope(events.RETRACTED, payloads.fact_check_data(verdict, "retract"))
    retracted["data"]["fact_check"]["retraction_reason"] = "Forged source."
    text = chat.message(retracted)
    assert text.title.startswith("Retracted: ") and "Why: Forged source." in text.body
    claim_event = payloads.envelope(events.CLAIM_SUBMITTED, payloads.claim_data(claim, "tip"))
    assert chat.message(claim_event).title == "New claim from outside the newsroom"


def test_a_reader_claim_reaches_channels_that_follow_it(users, make_claim, notify_settings, committed):
    with receiver() as room:
        services.channel_save(
            actor=users["editor"],
            name="#tips",
            url=room.url.replace("http://", "json://"),
            events=[events.CLAIM_SUBMITTED],
        )
        claim = make_claim("new")
        with committed():
            claim_submitted.send(sender=Claim, claim_id=claim.pk, origin="tip")
    (request,) = room.requests
    assert claim.reviewed_text in json.loads(request.body)["message"]
