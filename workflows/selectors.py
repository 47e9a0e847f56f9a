"""Reads for the workflow (HackSoft style: writes live in ``services``, reads here).

The admin, the API and the tasks ask the same questions (the queue, "my claims", what is overdue, who
has how much work), so they get the same answers.
"""

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias, TypedDict, cast

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from factcheck.actor import Actor
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Assignment, Claim, ClaimState, ClaimType
from factcheck.roles import ADMIN, EDITOR, REVIEWER, role_of
from factcheck.verdicts.models import Verdict

from . import permissions
from .actions import Action
from .models import PanelVote, SavedQueueView

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _DraftHidden(TypedDict):
    draft_hidden: bool


#: An audit event as ``audit_events_for`` returns it: annotated with whether its details are hidden.
ReadableEvent: TypeAlias = "WithAnnotations[AuditEvent, _DraftHidden]"

OPEN_STATES = (ClaimState.ASSIGNED, ClaimState.IN_REVIEW)
User = get_user_model()

# --- the triage queue ---------------------------------------------------------------------------------

# What the queue opens on: work still to be triaged or checked. Waiting for sign-off, published and
# dismissed claims are one filter away.
QUEUE_OPEN_STATES = (ClaimState.NEW, *OPEN_STATES)
# Where a claim's state puts it in the queue: claims to triage first, then those being checked, then
# those waiting for sign-off, then the finished ones.
QUEUE_STAGES = {
    ClaimState.NEW: 0,
    ClaimState.ASSIGNED: 1,
    ClaimState.IN_REVIEW: 1,
    ClaimState.SUBMITTED: 2,
    ClaimState.APPROVED: 2,
    ClaimState.PUBLISHED: 3,
    ClaimState.RETRACTED: 3,
    ClaimState.DISMISSED: 4,
}
# Between claims of the same stage, priority and score, the kind an editor checks first: figures can be
# checked against data, laws and rules against their text, cause-and-effect claims (most health claims)
# do the most harm when wrong; a prediction cannot be checked yet, a personal experience rarely at all.
CLAIM_TYPE_WEIGHTS = {
    ClaimType.QUANTITY: 5,
    ClaimType.LAWS_RULES: 4,
    ClaimType.CORRELATION_CAUSATION: 3,
    ClaimType.PREDICTION: 2,
    ClaimType.PERSONAL_EXPERIENCE: 1,
    ClaimType.OTHER: 0,
}


# The whole order, strict: stage, priority, check-worthiness (at the stored resolution, which the queue
# shows), soonest due (undated last), claim type, newest, and the id so two rows never compare equal.
def _ranked(field: str, weights: dict, default: int) -> Case:
    return Case(
        *(When(**{field: key}, then=Value(rank)) for key, rank in weights.items()),
        default=Value(default),
        output_field=IntegerField(),
    )


# Expressions, not annotation names, so any queryset of claims can be ordered by them: the admin also
# orders the claim choices of other pages' forms by the queue admin's ordering.
QUEUE_ORDER = (
    _ranked("state", QUEUE_STAGES, 9).asc(),
    "priority",
    "-score",
    F("due_at").asc(nulls_last=True),
    _ranked("claim_type", CLAIM_TYPE_WEIGHTS, 0).desc(),
    "-created_at",
    "-id",
)


def claim_queue(*, states: list[str] | None = None) -> QuerySet[Claim]:
    """The triage queue in ``QUEUE_ORDER``: claims to triage first, then by priority, check-worthiness,
    due date, claim type and recency. ``states``: only those (default: every state)."""
    qs = Claim.objects.select_related("article").order_by(*QUEUE_ORDER)
    return qs.filter(state__in=states) if states else qs


def claim_for_page() -> QuerySet[Claim]:
    """Claims with what a claim page shows beside each in one query: its article, cluster and archived match,
    and its verdict (``verdict_of``) with the rating and the people on it. Without the columns no claim page
    shows, which their own managers leave out but a join would read: the article's two copies of its text,
    the verdict's search document and the archived fact-check's embedding."""
    return Claim.objects.select_related(
        "article", "cluster", "archived_match", "verdict__rating", "verdict__author", "verdict__editor"
    ).defer(*PAGE_DEFERRED)


#: The joined rows' columns ``claim_for_page`` leaves unread.
PAGE_DEFERRED = (
    "article__raw_text",
    "article__cleaned_text",
    "verdict__search_vector",
    "archived_match__embedding",
)


def verdict_of(claim: Claim) -> Verdict | None:
    """The claim's verdict whoever may see it (the caller decides what to show): the one read with the claim
    (``claim_for_page``), else one query."""
    if Claim.verdict.related.is_cached(claim):
        return getattr(claim, "verdict", None)  # None: read with the claim, and there is none
    return Verdict.objects.filter(claim=claim).first()


def saved_queue_views(user: Actor) -> QuerySet[SavedQueueView]:
    """The user's own saved views of the queue, by name; nobody sees another person's."""
    return SavedQueueView.objects.filter(user=user).order_by("name", "id")


def active_assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(state=Assignment.State.ACTIVE).select_related("reviewer"),
        to_attr="active_assignments",
    )


def my_assignments(user: Actor) -> QuerySet[Assignment]:
    """The user's active assignments, the claim due soonest first (no due date last), then by priority."""
    return (
        Assignment.objects.filter(reviewer=user, state=Assignment.State.ACTIVE)
        .select_related("claim", "claim__article")
        .order_by(F("claim__due_at").asc(nulls_last=True), "claim__priority", "-claim__score", "id")
    )


def my_claims(user: Actor) -> QuerySet[Claim]:
    """Claims with an active assignment to ``user``, soonest due first, undated last."""
    return (
        Claim.objects.filter(assignments__reviewer=user, assignments__state=Assignment.State.ACTIVE)
        .select_related("article")
        .order_by(F("due_at").asc(nulls_last=True), "priority", "-score", "id")
        .distinct()
    )


def overdue_claims(*, now: datetime.datetime | None = None) -> QuerySet[Claim]:
    now = now or timezone.now()
    return (
        Claim.objects.filter(state__in=OPEN_STATES, due_at__lt=now)
        .select_related("article")
        .order_by("due_at", "priority")
    )


def assignments_due_soon(
    *, now: datetime.datetime | None = None, within: datetime.timedelta = datetime.timedelta(hours=24)
) -> QuerySet[Assignment]:
    """Active assignments on open claims due before ``now + within`` (overdue ones included).

    The claim's due date is the one shown everywhere, so it is the one that counts here too.
    """
    now = now or timezone.now()
    return (
        Assignment.objects.filter(
            state=Assignment.State.ACTIVE, claim__state__in=OPEN_STATES, claim__due_at__lte=now + within
        )
        .select_related("claim", "reviewer")
        .order_by("reviewer_id", "claim__due_at", "claim_id")
    )


# Audit events whose details (data, note) are the draft's: the draft text and rating, evidence URLs and
# quotes, votes and tallies, return and approval notes. Namespaces, so a new verdict.* or evidence.* event
# is covered without a change here.
DRAFT_EVENT_PREFIXES = ("verdict.", "evidence.")


def _draft_visibility(user: Actor, claim_path: str) -> Q | None:
    """Who may read a claim's draft (``permissions.MATRIX[VIEW_VERDICT]``, the rule behind ``verdict_for``)
    as a filter on the claim at ``claim_path``: None when every draft is visible to ``user``."""
    role = role_of(user)
    rule = permissions.MATRIX[Action.VIEW_VERDICT].get(role) if role else permissions.Rule.NEVER
    if rule is permissions.Rule.ALWAYS:
        return None
    if rule is permissions.Rule.ASSIGNED_OR_PUBLIC:
        mine = Assignment.objects.filter(
            reviewer=user, state__in=[Assignment.State.ACTIVE, Assignment.State.COMPLETED]
        ).values("claim_id")
        return Q(**{f"{claim_path}__state__in": [ClaimState.PUBLISHED, ClaimState.RETRACTED]}) | Q(
            **{f"{claim_path}__in": mine}
        )
    return Q(pk__isnull=True)  # matches no row: no draft is visible


def audit_events_for(user: Actor) -> QuerySet[ReadableEvent]:
    """Audit events, each annotated ``draft_hidden``: it describes a draft (its text, evidence or votes)
    that ``user`` may not see. The history of a claim, the API and the audit log admin all read this, so
    the audit trail never shows more of a draft than the draft itself would."""
    qs = AuditEvent.objects.select_related("actor", "content_type")
    visible = _draft_visibility(user, "claim")
    if visible is None:
        return qs.annotate(draft_hidden=Value(False, output_field=BooleanField()))
    about_draft = Q(action__startswith=DRAFT_EVENT_PREFIXES[0])
    for prefix in DRAFT_EVENT_PREFIXES[1:]:
        about_draft |= Q(action__startswith=prefix)
    return qs.annotate(
        draft_hidden=Case(
            When(about_draft & ~visible, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def claim_history(user: Actor, claim: Claim, *, limit: int | None = None) -> list[ReadableEvent]:
    """The claim's audit trail as ``user`` may read it, newest first (what happened last is what a desk
    needs to know first; ``workflows.history`` tells each event as a sentence).

    Events about a draft the user may not see stay in the trail (who did what, when, from which state to
    which) with their details removed: ``data`` and ``note`` come back empty and ``draft_hidden`` is set.
    The rows are not saved (audit events never are, after creation).
    """
    newest = audit_events_for(user).filter(claim=claim).order_by("-created_at", "-id")
    events = list(newest if limit is None else newest[:limit])  # ``limit``: the newest ones only
    for event in events:
        if event.draft_hidden:
            event.data, event.note = {}, ""
    return events


def claim_history_seen(claim: Claim, *, draft_visible: bool, limit: int | None = None) -> list[ReadableEvent]:
    """``claim_history`` for a reader whose right to see this claim's draft is already known (``permissions``'
    ``VIEW_VERDICT`` answer, the rule ``audit_events_for`` puts in SQL): the same events, details emptied
    and ``draft_hidden`` set the same way, without the permission subquery."""
    newest = (
        AuditEvent.objects.select_related("actor", "content_type").filter(claim=claim).order_by("-created_at", "-id")
    )
    events = cast("list[ReadableEvent]", list(newest if limit is None else newest[:limit]))
    for event in events:
        event.draft_hidden = not draft_visible and event.action.startswith(DRAFT_EVENT_PREFIXES)
        if event.draft_hidden:
            event.data, event.note = {}, ""
    return events


def verdict_for(user: Actor, claim: Claim) -> Verdict | None:
    """The claim's verdict if ``user`` may see it (raises NotVisible otherwise); None when there is none."""
    permissions.check(user, Action.VIEW_VERDICT, claim)
    if Claim.verdict.related.is_cached(claim):  # read with the claim (``claim_for_page``)
        return getattr(claim, "verdict", None)
    return Verdict.objects.filter(claim=claim).select_related("rating", "author", "editor").first()


def visible_verdicts(user: Actor) -> QuerySet[Verdict]:
    """Verdicts ``user`` may read: all for editors; for reviewers their own claims' and published ones."""
    qs = Verdict.objects.select_related("claim", "rating")
    visible = _draft_visibility(user, "claim")
    return qs if visible is None else qs.filter(visible)


def assignable_users() -> QuerySet:
    """Who may be assigned a claim: active staff in a desk group (or superusers)."""
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name__in=[REVIEWER, EDITOR, ADMIN]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def available_reviewers(*, today: datetime.date | None = None) -> QuerySet:
    """Reviewers auto-assignment may pick: in the Reviewer group, active, and not marked unavailable.

    A reviewer with no profile is available; ``unavailable_until`` in the past means back at work.
    """
    today = today or timezone.localdate()
    away = Q(reviewer_profile__available=False) & (
        Q(reviewer_profile__unavailable_until__isnull=True) | Q(reviewer_profile__unavailable_until__gte=today)
    )
    return (
        User.objects.filter(is_active=True, groups__name=REVIEWER)
        .exclude(away)
        .exclude(reviewer_profile__unavailable_until__gte=today)
        .distinct()
    )


def open_workloads(user_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Active assignments on open claims per user id."""
    qs = Assignment.objects.filter(state=Assignment.State.ACTIVE)
    if user_ids is not None:
        qs = qs.filter(reviewer_id__in=user_ids)
    return dict(qs.values_list("reviewer_id").annotate(n=Count("id")).values_list("reviewer_id", "n"))


def reviewer_workloads(*, now: datetime.datetime | None = None) -> list[dict]:
    """Per reviewer with active work: open assignments and how many of them are overdue."""
    now = now or timezone.now()
    rows = (
        Assignment.objects.filter(state=Assignment.State.ACTIVE)
        .values("reviewer_id", "reviewer__username")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(claim__due_at__lt=now, claim__state__in=OPEN_STATES)),
        )
        .order_by("-open", "reviewer__username")
    )
    return [
        {
            "reviewer_id": r["reviewer_id"],
            "username": r["reviewer__username"],
            "open": r["open"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]


def panel_tally(verdict: Verdict) -> Counter:
    """Votes per rating id on the verdict's current version."""
    votes = PanelVote.objects.filter(verdict=verdict, verdict_version=verdict.version)
    return Counter(votes.values_list("rating_id", flat=True))


def median_assignment_to_approval(*, since: datetime.datetime | None = None) -> datetime.timedelta | None:
    """Median time from a claim's first assignment to its (latest) approval, over approvals since ``since``.

    Read from the audit log, which is the record of when things happened. Bounded to recent approvals
    (default 90 days) so the dashboard stays cheap at scale.
    """
    since = since or timezone.now() - datetime.timedelta(days=90)
    approvals = dict(
        AuditEvent.objects.filter(to_state=ClaimState.APPROVED, created_at__gte=since, claim__isnull=False)
        .order_by("claim_id", "created_at")
        .values_list("claim_id", "created_at")
    )
    if not approvals:
        return None
    first_assigned: dict[int, datetime.datetime] = {}
    for claim_id, at in (
        AuditEvent.objects.filter(action="claim.assign", claim_id__in=list(approvals))
        .order_by("created_at")
        .values_list("claim_id", "created_at")
    ):
        first_assigned.setdefault(claim_id, at)
    spans = [(approvals[c] - first_assigned[c]).total_seconds() for c in approvals if c in first_assigned]
    return datetime.timedelta(seconds=statistics.median(spans)) if spans else None


def ratings_distribution() -> list[dict]:
    """Ratings of approved and published verdicts (published ones by their published snapshot)."""
    counts: Counter = Counter()
    colours: dict[str, str] = {}
    for verdict in Verdict.objects.filter(claim__state__in=[ClaimState.APPROVED, ClaimState.PUBLISHED]).select_related(
        "rating", "claim"
    ):
        if verdict.claim.state == ClaimState.PUBLISHED and verdict.published_rating:
            label, colour = verdict.published_rating.get("label"), verdict.published_rating.get("colour")
        elif verdict.rating:
            label, colour = verdict.rating.label, verdict.rating.colour
        else:
            continue
        counts[label] += 1
        colours.setdefault(label, colour or "#555555")
    return [{"label": label, "count": n, "colour": colours[label]} for label, n in counts.most_common()]


def dashboard_stats(*, now: datetime.datetime | None = None) -> dict:
    """Everything the editors' dashboard shows, in one place."""
    now = now or timezone.now()
    by_state = dict(Claim.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {
        "counts_by_state": [
            {"state": value, "label": label, "count": by_state.get(value, 0)} for value, label in ClaimState.choices
        ],
        "total": sum(by_state.values()),
        "overdue_count": overdue_claims(now=now).count(),
        "overdue": list(overdue_claims(now=now).prefetch_related(active_assignments_prefetch())[:20]),
        "workloads": reviewer_workloads(now=now),
        "median_assignment_to_approval": median_assignment_to_approval(),
        "ratings": ratings_distribution(),
    }


# --- sign-off signals: who signs off, and work returned to its reviewer --------------------------------


def desk_signoff_users() -> QuerySet:
    """Active editors and admins (superusers count as admins): whoever may sign a verdict off."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITOR, ADMIN]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


# The events that move a verdict in or out of review: the last of them says whether it was returned.
_REVIEW_MOVES = ("review.start", "verdict.submit", "verdict.return")


def pending_returns(user: Actor, claim_ids: Iterable[int]) -> dict[int, ReadableEvent]:
    """claim id → the return event (with ``note`` and ``actor``) for those of ``claim_ids`` that were
    returned and not yet resubmitted, as ``user`` may read them (a return is a draft event: hidden from
    whoever may not see the draft). One query, whatever the number of claims."""
    ids = list(claim_ids)
    if not ids:
        return {}
    events = (
        audit_events_for(user)
        .filter(claim_id__in=ids, action__in=_REVIEW_MOVES, draft_hidden=False, claim__state=ClaimState.IN_REVIEW)
        .select_related("actor")
        .order_by("claim_id", "-created_at", "-id")
    )
    latest: dict[int, ReadableEvent] = {}
    for event in events:
        if event.claim_id is not None:
            latest.setdefault(event.claim_id, event)
    return {claim_id: event for claim_id, event in latest.items() if event.action == "verdict.return"}


def pending_return_among(
    user: Actor, claim: Claim, newest: list[ReadableEvent], *, complete: bool
) -> "ReadableEvent | None":
    """``pending_returns`` for one claim whose newest events (as ``user`` may read them, newest first) were read
    already, as the claim page's history is: the latest review move among them decides, with no query. Only
    when none of them is a review move and older events were left unread (``complete`` false) is the
    database asked."""
    if claim.state != ClaimState.IN_REVIEW:
        return None
    for event in newest:
        if event.action in _REVIEW_MOVES and not event.draft_hidden:
            return event if event.action == "verdict.return" else None
    if complete:
        return None
    return pending_returns(user, [claim.pk]).get(claim.pk)
