"""Emails go out only after the transaction commits (never on rollback), name the claim and link to its
admin page with an absolute URL; reminders go once a day per reviewer."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from factcheck.claims.models import Assignment
from tests.factories import AssignmentFactory, ClaimFactory
from workflows import services
from workflows.tasks import send_due_reminders, send_notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    """Emails link to the configured public address (without one they fall back to the first allowed host)."""
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "http://127.0.0.1:8000"}


def admin_url(claim):
    return f"http://127.0.0.1:8000/admin/claims/claim/{claim.pk}/change/"


def test_assignment_email_after_commit(users, django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.claim_assign(
            claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"], users["reviewer2"]]
        )
    assert mail.outbox == [], "nothing is sent inside the transaction"
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert sorted(message.to) == ["reviewer2@example.org", "reviewer@example.org"]
    assert message.subject.startswith("[Factdesk] Assigned: The clinic treated")
    assert claim.text in message.body and admin_url(claim) in message.body and "Due: " in message.body


def test_no_email_when_the_transaction_rolls_back(users, django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]])
        raise RuntimeError("something later in the same request failed")
    assert callbacks == [] and mail.outbox == []
    claim.refresh_from_db()
    assert claim.state == "new"


def test_no_email_when_the_service_refuses(users, make_claim, django_capture_on_commit_callbacks):
    claim = make_claim("assigned")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Exception):  # noqa: B017
        services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]])
    assert callbacks == [] and mail.outbox == []


def test_return_mails_the_author_with_the_note(users, make_claim, django_capture_on_commit_callbacks):
    claim = make_claim("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_return(claim_id=claim.pk, actor=users["editor"], note="Find the 2023 report.")
    [message] = mail.outbox
    assert message.to == ["reviewer@example.org"] and "Returned" in message.subject
    assert "Find the 2023 report." in message.body and admin_url(claim) in message.body


def test_approval_mails_the_author(users, make_claim, django_capture_on_commit_callbacks):
    claim = make_claim("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_approve(claim_id=claim.pk, actor=users["editor"])
    [message] = mail.outbox
    assert message.to == ["reviewer@example.org"] and message.subject.startswith("[Factdesk] Approved:")


def test_publication_mails_reviewers_and_author(users, make_claim, django_capture_on_commit_callbacks):
    claim = make_claim("approved")
    AssignmentFactory(claim=claim, reviewer=users["reviewer2"], role="second")
    with django_capture_on_commit_callbacks(execute=True):
        verdict = services.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    [message] = mail.outbox
    assert sorted(message.to) == ["reviewer2@example.org", "reviewer@example.org"]
    assert f"http://127.0.0.1:8000/fact-checks/{verdict.slug}/" in message.body and admin_url(claim) in message.body


def test_a_redelivered_notification_is_sent_once(users):
    claim = ClaimFactory()
    for _ in range(2):
        send_notification.delay("assigned", claim.pk, {"reviewer_ids": [users["reviewer"].pk]}, "key-1")
    assert len(mail.outbox) == 1
    send_notification.delay("assigned", claim.pk, {"reviewer_ids": [users["reviewer"].pk]}, "key-2")
    assert len(mail.outbox) == 2


def test_daily_reminders_list_due_soon_and_overdue_once_a_day(users):
    now = timezone.now()
    overdue = ClaimFactory(state="in_review", due_at=now - datetime.timedelta(hours=3))
    soon = ClaimFactory(state="assigned", due_at=now + datetime.timedelta(hours=5))
    later = ClaimFactory(state="assigned", due_at=now + datetime.timedelta(days=4))
    done = ClaimFactory(state="submitted", due_at=now - datetime.timedelta(days=1))
    for claim in (overdue, soon, later, done):
        AssignmentFactory(claim=claim, reviewer=users["reviewer"], due_at=claim.due_at)
    withdrawn = ClaimFactory(state="assigned", due_at=now + datetime.timedelta(hours=1))
    AssignmentFactory(
        claim=withdrawn, reviewer=users["reviewer2"], due_at=withdrawn.due_at, state=Assignment.State.WITHDRAWN
    )
    assert send_due_reminders.delay().get() == 1
    [message] = mail.outbox
    assert message.to == ["reviewer@example.org"] and message.subject == "[Factdesk] 2 claim(s) due soon or overdue"
    assert "OVERDUE" in message.body and "due soon" in message.body
    assert admin_url(overdue) in message.body and admin_url(soon) in message.body
    assert admin_url(later) not in message.body and admin_url(done) not in message.body
    assert send_due_reminders.delay().get() == 0, "the same day's reminder is not sent twice"
    assert len(mail.outbox) == 1


def test_reminder_task_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "workflows.tasks.send_due_reminders" in tasks
