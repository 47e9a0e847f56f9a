"""Pending work is in the database: the sweeper re-sends tips without their claim; the reader's one message
is marked before it is sent and unmarked when sending fails, so a retry sends it and a redelivery does not;
history tells readers' events in sentences."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from factcheck.claims.models import ClaimOrigin
from factcheck.tips import services
from factcheck.tips.models import ErrorReport, Tip
from workflows import reader_mail
from workflows.history import claim_history
from workflows.services.reports import report_resolve
from workflows.tip_tasks import sweep_tips

pytestmark = pytest.mark.django_db


def test_the_sweeper_resends_tips_the_database_shows_without_a_claim():
    old = Tip.objects.create(claim_text="Rents rose 14 percent in the capital last year.", seen_at="TV")
    fresh = Tip.objects.create(claim_text="Another claim of 3 percent.", seen_at="TV")
    Tip.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert sweep_tips() == 1  # the fresh one is still within its first attempt
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.claim is not None and old.claim.origin == ClaimOrigin.TIP
    assert fresh.claim is None
    assert sweep_tips() == 0


def test_a_failed_send_is_unmarked_for_the_retry(published, users, monkeypatch):
    report = services.report_submit(slug=published.slug, message="Wrong", email="reader@example.org")
    report_resolve(report_id=report.pk, actor=users["editor"], outcome="no_change", reason="It stands.")

    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reader_mail, "send_mail", down)
    with pytest.raises(OSError):
        reader_mail.tell_reader(report.pk)
    report.refresh_from_db()
    assert report.reader_notified_at is None
    monkeypatch.undo()
    assert reader_mail.tell_reader(report.pk) is True
    assert reader_mail.tell_reader(report.pk) is False
    assert len(mail.outbox) == 1


def test_history_tells_readers_events_in_sentences(published, users):
    report = services.report_submit(slug=published.slug, message="Wrong")
    report_resolve(report_id=report.pk, actor=users["editor"], outcome="no_change", reason="The figure is right.")
    sentences = [event.sentence for event in claim_history(users["editor"], published.claim)]
    assert "A reader reported an error in the fact-check" in sentences
    assert any("resolved a reader's error report: no change (“The figure is right.”)" in s for s in sentences)
    assert ErrorReport.objects.get().state == "resolved"


def test_without_a_broker_a_new_tip_sweeps_the_stuck_ones_once_per_interval(committed):
    stuck = Tip.objects.create(claim_text="Prices rose 9 percent in a year.", seen_at="TV")
    Tip.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    with committed():
        services.tip_submit(claim="Another claim of 20 percent.", seen_at="TV")
    stuck.refresh_from_db()
    assert stuck.claim is not None  # swept after the new tip committed
    again = Tip.objects.create(claim_text="Yet another claim of 4 percent.", seen_at="TV")
    Tip.objects.filter(pk=again.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    with committed():
        services.tip_submit(claim="A fourth claim of 7 percent.", seen_at="TV")
    again.refresh_from_db()
    assert again.claim is None  # within the interval: no second sweep


def test_a_published_correction_and_a_new_one_together_are_refused(published, users):
    from factcheck.verdicts.models import Correction
    from workflows.exceptions import ValidationFailed

    report = services.report_submit(slug=published.slug, message="Wrong")
    own = Correction.objects.create(verdict=published, what_changed="Fixed the year.", note="n")
    with pytest.raises(ValidationFailed, match="not both"):
        report_resolve(
            report_id=report.pk,
            actor=users["editor"],
            outcome="correction",
            correction_id=own.pk,
            new_correction={"note": "x", "headline": "New"},
        )
    report.refresh_from_db()
    assert report.state == "open"
