"""Workflow emails, through Django's email backend (the console in the embedded default).

Each function builds and sends one kind of message from database ids, so it can run in a Celery worker
after the transaction that caused it has committed. Every message names the claim and links to its admin
page with an absolute URL (``factcheck.publishing.site``), because the reader is in their mail client.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from factcheck.claims.models import Assignment, Claim
from factcheck.publishing import site
from factcheck.verdicts.models import Verdict

from . import permissions, selectors, transitions
from .actions import Action


def site_url(path: str) -> str:
    """No request here: ``FACTDESK["SITE_URL"]``, else the first ALLOWED_HOSTS entry (``publishing.site``)."""
    return site.absolute(path)


def claim_admin_url(claim_id: int) -> str:
    return site_url(reverse("admin:claims_claim_change", args=[claim_id]))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _emails(user_ids) -> list[str]:
    users = get_user_model().objects.filter(pk__in=set(user_ids), is_active=True).exclude(email="")
    return sorted(u.email for u in users)


def _send(subject: str, lines: list[str], recipients: list[str]) -> int:
    if not recipients:
        return 0
    body = "\n".join(lines) + "\n\n-- \nFactdesk\n"
    return send_mail(f"[Factdesk] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)


def _claim_lines(claim: Claim) -> list[str]:
    return [
        f'Claim: "{claim.reviewed_text}"',
        f"Source: {claim.article}",
        f"State: {claim.get_state_display()}",
        f"Open it: {claim_admin_url(claim.pk)}",
    ]


def _author_id(claim: Claim) -> int | None:
    verdict = Verdict.objects.filter(claim=claim).only("author_id").first()
    if verdict and verdict.author_id:
        return verdict.author_id
    lead = claim.assignments.filter(role=Assignment.Role.LEAD).order_by("-assigned_at").first()
    return lead.reviewer_id if lead else None


def _reviewer_ids(claim: Claim) -> list[int]:
    """Whoever works the claim: the verdict's author and its active reviewers (a return or an approval is
    news to all of them)."""
    active = claim.assignments.filter(state=Assignment.State.ACTIVE).values_list("reviewer_id", flat=True)
    return [i for i in (_author_id(claim), *active) if i]


def signoff_editor_ids(claim: Claim) -> list[int]:
    """Who may sign the claim off now: active editors and admins the matrix lets approve (or vote on) it, so
    never anyone who wrote the verdict or is assigned to it (no self-approval)."""
    action = Action.VOTE if transitions.signoff_policy() == "panel" else Action.APPROVE
    people = selectors.desk_signoff_users()
    return [user.pk for user in people if permissions.can(user, action, claim)]


def notify_submitted(claim_id: int) -> int:
    """To the editors (or, under the panel, the panel of editors): a verdict waits for sign-off."""
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    verdict = Verdict.objects.filter(claim=claim).select_related("rating").first()
    rated = f"Proposed rating: {verdict.rating}" if verdict and verdict.rating_id else "Proposed rating: none"
    if transitions.signoff_policy() == "panel":
        subject = "Panel vote needed"
        ask = (
            f"A verdict was submitted for the panel's sign-off: {transitions.panel_size()} votes decide. "
            "Open it to cast your vote, or return it with a note."
        )
    else:
        subject = "Ready for sign-off"
        ask = "A verdict was submitted for sign-off. Open it to approve it, or return it with a note."
    lines = [ask, "", *_claim_lines(claim), rated]
    if verdict and verdict.headline:
        lines.append(f'Headline: "{verdict.headline}"')
    return _send(f"{subject}: {_short(claim.reviewed_text)}", lines, _emails(signoff_editor_ids(claim)))


def notify_assigned(claim_id: int, reviewer_ids: list[int]) -> int:
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    due = f"Due: {timezone.localtime(claim.due_at):%Y-%m-%d %H:%M}" if claim.due_at else "Due: no date set"
    lines = ["You have been assigned a claim to check.", "", *_claim_lines(claim), due]
    return _send(f"Assigned: {_short(claim.reviewed_text)}", lines, _emails(reviewer_ids))


def notify_returned(claim_id: int, note: str) -> int:
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    lines = [
        "Your verdict was returned for more work. The note is also at the top of the claim's page.",
        "",
        *_claim_lines(claim),
        "",
        "Editor's note:",
        note,
    ]
    return _send(f"Returned: {_short(claim.reviewed_text)}", lines, _emails(_reviewer_ids(claim)))


def notify_approved(claim_id: int) -> int:
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    lines = ["Your verdict was approved and is ready to publish.", "", *_claim_lines(claim)]
    return _send(f"Approved: {_short(claim.reviewed_text)}", lines, _emails(_reviewer_ids(claim)))


def notify_published(claim_id: int) -> int:
    claim = Claim.objects.select_related("article", "verdict").get(pk=claim_id)
    reviewers = claim.assignments.exclude(state=Assignment.State.WITHDRAWN).values_list("reviewer_id", flat=True)
    public = site_url(claim.verdict.get_absolute_url()) if claim.verdict.slug else ""
    lines = ["The fact-check you worked on is published.", "", *_claim_lines(claim), f"Public page: {public}"]
    return _send(f"Published: {_short(claim.reviewed_text)}", lines, _emails([*reviewers, _author_id(claim)]))


SENDERS = {
    "submitted": notify_submitted,
    "assigned": notify_assigned,
    "returned": notify_returned,
    "approved": notify_approved,
    "published": notify_published,
}


def reminder_batches(now: datetime.datetime | None = None) -> dict[int, list[Assignment]]:
    """Active assignments due within 24 hours or overdue, grouped by reviewer id."""
    batches: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in selectors.assignments_due_soon(now=now, within=datetime.timedelta(hours=24)):
        batches[assignment.reviewer_id].append(assignment)
    return dict(batches)


def send_reminder(reviewer_id: int, assignments: list[Assignment], now: datetime.datetime) -> int:
    lines = ["These claims assigned to you are due within 24 hours or overdue:", ""]
    for assignment in assignments:
        due = assignment.claim.due_at
        flag = "OVERDUE" if due and due < now else "due soon"
        claim_text = _short(assignment.claim.reviewed_text, 100)
        lines.append(f'- [{flag}, {timezone.localtime(due):%Y-%m-%d %H:%M}] "{claim_text}"')
        lines.append(f"  {claim_admin_url(assignment.claim_id)}")
    return _send(f"{len(assignments)} claim(s) due soon or overdue", lines, _emails([reviewer_id]))
