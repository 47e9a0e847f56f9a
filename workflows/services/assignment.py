"""Assigning reviewers: one claim, many claims, automatically by workload; unassigning and reassigning."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.models import Assignment, Claim, ClaimState, Priority

from .. import selectors
from ..actions import Action
from ..exceptions import ValidationFailed, WorkflowError
from ._base import BulkResult, each_claim, guard, lock_claim, move, notify

User = get_user_model()


@dataclass
class AutoAssignResult:
    assigned: dict[int, AbstractBaseUser] = field(default_factory=dict)  # claim id → reviewer
    skipped: dict[int, str] = field(default_factory=dict)  # claim id → why


def due_from_priority(priority: int, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """The default due date: now plus ``FACTDESK["DUE_DAYS_BY_PRIORITY"][priority]`` days."""
    days_by_priority = settings.FACTDESK["DUE_DAYS_BY_PRIORITY"]
    days = days_by_priority.get(int(priority), days_by_priority.get(str(int(priority)), 5))
    return (now or timezone.now()) + datetime.timedelta(days=int(days))


def _resolve_reviewers(reviewers: Sequence) -> list:
    """Users (or ids) → users, checked: at least one, no repeats, each may be assigned work."""
    if not reviewers:
        raise ValidationFailed(
            gettext("Choose at least one reviewer."), {"reviewers": [gettext("Choose at least one reviewer.")]}
        )
    ids = [r.pk if isinstance(r, User) else int(r) for r in reviewers]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(
            gettext("A reviewer is listed twice."), {"reviewers": [gettext("List each reviewer once.")]}
        )
    found = {u.pk: u for u in selectors.assignable_users().filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            gettext("User(s) %(ids)s cannot be assigned claims.") % {"ids": missing},
            {"reviewers": [gettext("Only active staff in the Reviewer, Editor or Admin group can be assigned.")]},
        )
    return [found[i] for i in ids]


def _check_due(due_at: datetime.datetime | None) -> None:
    if due_at is not None and due_at <= timezone.now():
        raise ValidationFailed(
            gettext("The due date is in the past."), {"due_at": [gettext("Choose a date in the future.")]}
        )


def _create_assignments(
    claim: Claim, reviewers: list, actor: Actor, due_at: datetime.datetime | None
) -> list[Assignment]:
    """The first reviewer leads; the others are second reviewers."""
    now = timezone.now()
    return [
        Assignment.objects.create(
            claim=claim,
            reviewer=reviewer,
            assigned_by=actor if getattr(actor, "pk", None) else None,
            assigned_at=now,
            due_at=due_at,
            role=Assignment.Role.LEAD if i == 0 else Assignment.Role.SECOND,
        )
        for i, reviewer in enumerate(reviewers)
    ]


def _withdraw_active(claim: Claim) -> list[int]:
    active = list(claim.assignments.filter(state=Assignment.State.ACTIVE))
    now = timezone.now()
    for assignment in active:
        assignment.state = Assignment.State.WITHDRAWN
        assignment.finished_at = now
        assignment.save(update_fields=["state", "finished_at"])
    return [a.reviewer_id for a in active]


@transaction.atomic
def claim_assign(
    *,
    claim_id: int,
    actor: Actor,
    reviewers: Sequence,
    due_at: datetime.datetime | None = None,
    priority: int | None = None,
    version: int | None = None,
) -> Claim:
    """new → assigned to ``reviewers`` (the first leads). Without ``due_at`` the date follows the priority."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.ASSIGN, actor=actor, version=version)
    people = _resolve_reviewers(reviewers)
    if priority is not None:
        try:
            claim.priority = Priority(int(priority))
        except (ValueError, TypeError):
            raise ValidationFailed(
                gettext("Unknown priority %(value)r.") % {"value": priority}, {"priority": [gettext("Choose 1 to 4.")]}
            ) from None
    _check_due(due_at)
    claim.due_at = due_at or due_from_priority(claim.priority)
    created = _create_assignments(claim, people, actor, claim.due_at)
    old = move(claim, transition.target, "priority", "due_at")
    record(
        action=transition.event,
        actor=actor,
        target=claim,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        data={
            "reviewers": [u.pk for u in people],
            "lead": people[0].pk,
            "due_at": claim.due_at,
            "priority": claim.priority,
            "assignments": [a.pk for a in created],
        },
    )
    notify("assigned", claim.pk, reviewer_ids=[u.pk for u in people])
    return claim


@transaction.atomic
def claims_bulk_assign(
    *,
    claim_ids: Sequence[int],
    actor: Actor,
    reviewers: Sequence,
    due_at: datetime.datetime | None = None,
    priority: int | None = None,
) -> BulkResult:
    """Assign each claim to the same reviewers. A claim that cannot be assigned (wrong state, say) is
    reported in ``failed`` and the others still go through; nothing is sent until everything commits."""
    done, failed = each_claim(
        claim_ids,
        lambda claim_id: claim_assign(
            claim_id=claim_id, actor=actor, reviewers=reviewers, due_at=due_at, priority=priority
        ),
    )
    return BulkResult(done=done, failed=failed)


@transaction.atomic
def claim_unassign(*, claim_id: int, actor: Actor, note: str = "", version: int | None = None) -> Claim:
    """assigned | in_review → new: withdraw every active assignment. A started draft is kept for the next
    reviewer; the due date goes, since it was promised by the people now withdrawn."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.UNASSIGN, actor=actor, version=version)
    withdrawn = _withdraw_active(claim)
    claim.due_at = None
    old = move(claim, transition.target, "due_at")
    record(
        action=transition.event,
        actor=actor,
        target=claim,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={"withdrawn": withdrawn},
    )
    return claim


@transaction.atomic
def claim_reassign(
    *,
    claim_id: int,
    actor: Actor,
    reviewers: Sequence,
    due_at: datetime.datetime | None = None,
    note: str = "",
    version: int | None = None,
) -> Claim:
    """assigned → assigned to other reviewers (the first leads). The due date is kept unless given."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.REASSIGN, actor=actor, version=version)
    people = _resolve_reviewers(reviewers)
    _check_due(due_at)
    withdrawn = _withdraw_active(claim)
    claim.due_at = due_at or claim.due_at or due_from_priority(claim.priority)
    _create_assignments(claim, people, actor, claim.due_at)
    old = move(claim, transition.target, "due_at")
    record(
        action=transition.event,
        actor=actor,
        target=claim,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={"withdrawn": withdrawn, "reviewers": [u.pk for u in people], "due_at": claim.due_at},
    )
    newcomers = [u.pk for u in people if u.pk not in withdrawn]
    if newcomers:
        notify("assigned", claim.pk, reviewer_ids=newcomers)
    return claim


@transaction.atomic
def claims_auto_assign(*, claim_ids: Sequence[int], actor: Actor) -> AutoAssignResult:
    """Give each new claim one lead reviewer: the available reviewer with the fewest active assignments
    (ties broken by user id, so the same input gives the same result). The queue order (priority, score)
    decides which claims are placed first. Claims that are not new are skipped, with the reason."""
    result = AutoAssignResult()
    pool = list(selectors.available_reviewers().order_by("pk"))
    load = selectors.open_workloads([u.pk for u in pool])
    claims = Claim.objects.filter(pk__in=list(claim_ids)).order_by("priority", "-score", "id")
    seen = set()
    for claim in claims:
        seen.add(claim.pk)
        if claim.state != ClaimState.NEW:
            result.skipped[claim.pk] = f'already "{claim.get_state_display()}"'
            continue
        if not pool:
            result.skipped[claim.pk] = "no reviewer is available"
            continue
        reviewer = min(pool, key=lambda u: (load.get(u.pk, 0), u.pk))
        try:
            with transaction.atomic():
                claim_assign(claim_id=claim.pk, actor=actor, reviewers=[reviewer])
        except WorkflowError as error:
            result.skipped[claim.pk] = error.message
            continue
        load[reviewer.pk] = load.get(reviewer.pk, 0) + 1
        result.assigned[claim.pk] = reviewer
    for missing in set(claim_ids) - seen:
        result.skipped[missing] = "no such claim"
    return result
