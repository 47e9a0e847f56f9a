"""The intake: a tip becomes a claim in the queue (origin reader tip, matched like any claim), a report is
attached to its fact-check; an editor resolves a report with a correction or "no change"."""

import pytest
from django.core import mail

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim, ClaimOrigin
from factcheck.claims.signals import claim_submitted
from factcheck.tips import services
from factcheck.tips.models import ErrorReport, Tip
from workflows.exceptions import ActionForbidden, TransitionNotAllowed, ValidationFailed
from workflows.services.reports import report_resolve

pytestmark = pytest.mark.django_db

CLAIM = "The city spent 4.2 million euros on new bus shelters last year."


def test_a_tip_becomes_a_claim_in_the_queue_marked_reader_tip_and_the_signal_is_sent(committed):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    claim_submitted.connect(listener, dispatch_uid="test-tip-listener")
    try:
        with committed():
            tip = services.tip_submit(claim=CLAIM, seen_at="https://example.org/post/1", email="")
    finally:
        claim_submitted.disconnect(dispatch_uid="test-tip-listener")
    tip.refresh_from_db()
    claim = tip.claim
    assert claim is not None and claim.origin == ClaimOrigin.TIP and claim.state == "new"
    assert claim.text == CLAIM and claim.source_url == "https://example.org/post/1"
    assert 0 <= claim.score <= 1
    assert heard == [{"signal": claim_submitted, "claim_id": claim.pk, "origin": ClaimOrigin.TIP}]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"tip.submit", "claim.add"} <= actions and "tip.claim" not in actions  # the claim's own event says it


def test_a_described_source_is_kept_in_words(committed):
    with committed():
        tip = services.tip_submit(claim=CLAIM, seen_at="Evening news on Channel 5, Tuesday")
    tip.refresh_from_db()
    assert tip.claim.source_url == ""
    assert tip.claim.source_description == "Reader tip: Evening news on Channel 5, Tuesday"


def test_the_same_claim_tipped_twice_is_one_claim_with_two_tips(committed):
    with committed():
        first = services.tip_submit(claim=CLAIM, seen_at="a leaflet")
    with committed():
        second = services.tip_submit(claim=CLAIM, seen_at="a post")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.claim_id == second.claim_id
    assert Claim.objects.filter(origin=ClaimOrigin.TIP).count() == 1
    assert AuditEvent.objects.filter(action="tip.claim", claim_id=first.claim_id).count() == 1  # the second tip


def test_a_tip_is_matched_against_earlier_claims_like_an_editors(committed, users):
    from workflows.services import claim_add

    earlier = claim_add(actor=users["editor"], text=CLAIM, source_description="radio")
    with committed():
        tip = services.tip_submit(claim=CLAIM, seen_at="a post")
    tip.refresh_from_db()
    assert tip.claim_id == earlier.pk  # the same words: the tip joins the claim already on the desk


def test_markup_and_controls_are_dropped_and_nothing_is_stored_when_a_field_is_wrong():
    with pytest.raises(services.InputRefused) as refused:
        services.tip_submit(claim="  ", seen_at="javascript:alert(1)", email="not-an-email")
    assert set(refused.value.errors) == {"claim", "email"}  # a described source may say anything in words
    with pytest.raises(services.InputRefused) as refused:
        services.tip_submit(claim="x" * 1001, seen_at="https://", email="a@example.org")
    assert set(refused.value.errors) == {"claim", "seen_at", "consent"}
    assert Tip.objects.count() == 0
    with pytest.raises(services.InputRefused, match="whole sentence"):
        services.tip_submit(claim="<b>lies</b>", seen_at="TV")  # what is left once the markup goes is no claim
    tip = services.tip_submit(claim="<b>Bold</b> claim\x00 of 40% <script>x</script>", seen_at="<i>TV</i>")
    assert tip.claim_text == "Bold claim of 40% x" and tip.seen_at == "TV"


def test_an_email_needs_consent():
    with pytest.raises(services.InputRefused) as refused:
        services.tip_submit(claim=CLAIM, seen_at="TV", email="reader@example.org")
    assert list(refused.value.errors) == ["consent"]
    tip = services.tip_submit(claim=CLAIM, seen_at="TV", email="reader@example.org", consent=True)
    assert tip.consent and tip.contact_email == "reader@example.org"


def test_a_report_is_attached_to_a_published_factcheck_only(published, users):
    report = services.report_submit(slug=published.slug, message="The figure is from 2019,\n\nnot 2024.")
    assert report.verdict == published and report.state == ErrorReport.State.OPEN
    assert report.message == "The figure is from 2019,\n\nnot 2024."
    event = AuditEvent.objects.get(action="report.submit")
    assert event.claim_id == published.claim_id
    with pytest.raises(LookupError):
        services.report_submit(slug="no-such-fact-check", message="Wrong")
    with pytest.raises(services.InputRefused) as refused:
        services.report_submit(slug=published.slug, message="", evidence_url="ftp://x", email="@")
    assert set(refused.value.errors) == {"message", "evidence_url", "email"}
    assert ErrorReport.objects.count() == 1


def test_no_change_needs_a_reason_and_tells_the_reader_once(published, users, committed):
    report = services.report_submit(slug=published.slug, message="Wrong year", email="reader@example.org")
    with pytest.raises(ValidationFailed) as refused:
        report_resolve(report_id=report.pk, actor=users["editor"], outcome="no_change", reason=" ")
    assert "reason" in refused.value.errors
    with committed():
        report_resolve(report_id=report.pk, actor=users["editor"], outcome="no_change", reason="The year is right.")
    report.refresh_from_db()
    assert report.state == "resolved" and report.resolution == "no_change" and report.resolved_by == users["editor"]
    assert report.reader_notified_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reader@example.org"]
    assert "The year is right." in mail.outbox[0].body and published.headline in mail.outbox[0].body
    with pytest.raises(TransitionNotAllowed, match="already resolved by editor"):
        report_resolve(report_id=report.pk, actor=users["editor2"], outcome="no_change", reason="Again")
    from workflows.tip_tasks import tell_reader

    assert tell_reader(report.pk) is False  # a redelivered task sends nothing
    assert len(mail.outbox) == 1


def test_resolving_with_a_new_correction_publishes_it_in_the_same_step(published, users, committed):
    report = services.report_submit(slug=published.slug, message="The headline overstates it")
    with committed():
        report_resolve(
            report_id=report.pk,
            actor=users["editor"],
            outcome="correction",
            new_correction={"note": "We overstated the figure.", "headline": "A corrected headline"},
        )
    report.refresh_from_db()
    published.refresh_from_db()
    assert report.correction is not None and report.correction.verdict == published
    assert published.headline == "A corrected headline"
    assert mail.outbox == []  # no address, no message
    assert AuditEvent.objects.filter(action="report.resolve", claim=published.claim).exists()


def test_a_refused_correction_leaves_the_report_open(published, users):
    report = services.report_submit(slug=published.slug, message="Wrong")
    with pytest.raises(ValidationFailed):
        report_resolve(
            report_id=report.pk, actor=users["editor"], outcome="correction", new_correction={"note": "Nothing"}
        )
    report.refresh_from_db()
    assert report.state == "open" and published.corrections.count() == 0


def test_an_existing_correction_of_another_factcheck_is_refused(published, users):
    from factcheck.verdicts.models import Correction

    report = services.report_submit(slug=published.slug, message="Wrong")
    own = Correction.objects.create(verdict=published, what_changed="Fixed the year.", note="n")
    with pytest.raises(ValidationFailed):
        report_resolve(report_id=report.pk, actor=users["editor"], outcome="correction", correction_id=own.pk + 99)
    report_resolve(report_id=report.pk, actor=users["editor"], outcome="correction", correction_id=own.pk)
    report.refresh_from_db()
    assert report.correction == own


def test_only_who_may_correct_may_resolve(published, users):
    report = services.report_submit(slug=published.slug, message="Wrong")
    with pytest.raises(ActionForbidden):
        report_resolve(report_id=report.pk, actor=users["reviewer"], outcome="no_change", reason="No")
    report.refresh_from_db()
    assert report.state == "open"
