"""Workflow emails, through Django's email backend (``EMAIL_URL``; the console in the embedded default).

Each function gathers one kind of message's facts from database ids, so it can run in a Celery worker
after the transaction that caused it has committed; its words are templates
(``templates/workflows/email/<kind>.txt`` and ``<kind>_subject.txt``, plain text, translatable). Every
message names the claim and links to its admin page with an absolute URL (``factcheck.publishing.site``),
because the reader is in their mail client.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone, translation

from factcheck.claims.models import Assignment, Claim
from factcheck.publishing import site
from factcheck.shorten import shortened
from factcheck.verdicts.models import Verdict

from . import permissions, selectors, transitions
from .actions import Action
from .models import DeskPreference


def site_url(path: str) -> str:
    """No request here: ``FACTDESK["SITE_URL"]``, else the first ALLOWED_HOSTS entry (``publishing.site``)."""
    return site.absolute(path)


def claim_admin_url(claim_id: int) -> str:
    return site_url(reverse("admin:claims_claim_change", args=[claim_id]))


def _emails(user_ids) -> list[str]:
    users = get_user_model().objects.filter(pk__in=set(user_ids), is_active=True).exclude(email="")
    return sorted(u.email for u in users)


def _render(name: str, context: dict) -> str:
    """Plain text: rendered without HTML escaping, so a claim's quotes and ampersands reach the reader as
    typed, whatever a newsroom's own version of the template says."""
    return Engine.get_default().get_template(name).render(Context(context, autoescape=False))


def _by_language(recipients: list[str]) -> dict[str, list[str]]:
    """The recipients grouped by the interface language each chose in My settings (else the site's)."""
    chosen = dict(
        DeskPreference.objects.filter(user__email__in=recipients)
        .exclude(language="")
        .values_list("user__email", "language")
    )
    groups: dict[str, list[str]] = defaultdict(list)
    for address in recipients:
        groups[chosen.get(address, settings.LANGUAGE_CODE)].append(address)
    return dict(groups)


def _send(kind: str, context: dict, recipients: list[str]) -> int:
    """Render ``workflows/email/<kind>_subject.txt`` (one line) and ``<kind>.txt``, and send them: one
    message per language the recipients read the desk in."""
    if not recipients:
        return 0
    sent = 0
    for language, addresses in _by_language(recipients).items():
        with translation.override(language):
            subject = " ".join(_render(f"workflows/email/{kind}_subject.txt", context).split())
            body = _render(f"workflows/email/{kind}.txt", context)
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    return sent


def _claim_context(claim: Claim) -> dict:
    """What every message says about its claim (``workflows/email/_claim.txt``) and its subject's short form."""
    return {"claim": claim, "claim_url": claim_admin_url(claim.pk), "short": shortened(claim.reviewed_text, 70)}


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
    context = {
        **_claim_context(claim),
        "panel": transitions.signoff_policy() == "panel",
        "panel_size": transitions.panel_size(),
        "rating": verdict.rating if verdict and verdict.rating_id else None,
        "headline": verdict.headline if verdict else "",
    }
    return _send("submitted", context, _emails(signoff_editor_ids(claim)))


def notify_assigned(claim_id: int, reviewer_ids: list[int]) -> int:
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    due = f"{timezone.localtime(claim.due_at):%Y-%m-%d %H:%M}" if claim.due_at else ""
    return _send("assigned", {**_claim_context(claim), "due": due}, _emails(reviewer_ids))


def notify_returned(claim_id: int, note: str) -> int:
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    return _send("returned", {**_claim_context(claim), "note": note}, _emails(_reviewer_ids(claim)))


def notify_approved(claim_id: int) -> int:
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    return _send("approved", _claim_context(claim), _emails(_reviewer_ids(claim)))


def notify_published(claim_id: int) -> int:
    claim = Claim.objects.select_related("article", "verdict").get(pk=claim_id)
    reviewers = claim.assignments.exclude(state=Assignment.State.WITHDRAWN).values_list("reviewer_id", flat=True)
    public = site_url(claim.verdict.get_absolute_url()) if claim.verdict.slug else ""
    context = {**_claim_context(claim), "public_url": public}
    return _send("published", context, _emails([*reviewers, _author_id(claim)]))


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
    items = [
        {
            "overdue": bool(a.claim.due_at and a.claim.due_at < now),
            "due": f"{timezone.localtime(a.claim.due_at):%Y-%m-%d %H:%M}",
            "text": shortened(a.claim.reviewed_text, 100),
            "url": claim_admin_url(a.claim_id),
        }
        for a in assignments
    ]
    return _send("reminder", {"items": items}, _emails([reviewer_id]))
