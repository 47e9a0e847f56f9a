"""What every workflow service does the same way: lock, check state, check permission, refuse stale
versions, move, and defer side effects until the transaction commits.

Order matters and is the design's: the row is locked first, so the state and version checked are the
ones that will be written over; the state is checked before the permission, so a wrong move reads as
"not now" rather than "not you".
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from factcheck.actor import Actor
from factcheck.claims.models import Claim
from factcheck.verdicts.models import Rating, Verdict, VerdictContribution

from .. import permissions, transitions
from ..exceptions import ActionForbidden, NotVisible, StaleEdit, ValidationFailed, WorkflowError
from ..transitions import Transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class BulkResult:
    """Per-claim outcome of a bulk operation: each claim succeeds or fails on its own."""

    done: list[int] = field(default_factory=list)
    failed: dict[int, WorkflowError] = field(default_factory=dict)


def lock_claim(claim_id: int) -> Claim:
    """The claim row, locked until the transaction ends (a no-op lock on SQLite, which locks the file)."""
    try:
        return Claim.objects.select_for_update().get(pk=claim_id)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise NotVisible(gettext("There is no claim %(id)s.") % {"id": claim_id}) from None


def check_claim_version(claim: Claim, version: int | None) -> None:
    if version is not None and int(version) != claim.version:
        raise StaleEdit(
            gettext(
                "This claim changed since you loaded it (you had version %(yours)s, it is now %(now)s). "
                "Reload the page and try again."
            )
            % {"yours": version, "now": claim.version},
            current_version=claim.version,
        )


def guard(*, claim: Claim, action: str, actor: Actor, version: int | None) -> Transition:
    """The checks before a move: state (the table), sign-off policy, permission, then version."""
    transition = transitions.get_transition(claim.state, action)
    transitions.check_policy(action)
    permissions.check(actor, action, claim)
    check_claim_version(claim, version)
    return transition


def guard_activity(*, claim: Claim, action: str, actor: Actor, version: int | None = None) -> None:
    """The same checks for work inside a state (evidence, drafting, priority)."""
    transitions.check_activity(claim.state, action)
    permissions.check(actor, action, claim)
    check_claim_version(claim, version)


def move(claim: Claim, to_state: str, *fields: str) -> str:
    """Set the new state, bump the claim's version, save the named fields; returns the old state."""
    old = claim.state
    claim.state = to_state
    claim.version += 1
    claim.save(update_fields=["state", "version", "updated_at", *fields])
    return old


def touch(claim: Claim, *fields: str) -> None:
    """Save a change that is not a move; still bumps the version so stale forms are caught."""
    claim.version += 1
    claim.save(update_fields=["version", "updated_at", *fields])


def locked_verdict(claim: Claim) -> Verdict:
    """The claim's verdict, locked too: read *after* the claim lock so its version is current."""
    verdict = Verdict.objects.select_for_update().filter(claim=claim).first()
    if verdict is None:
        raise ValidationFailed(gettext("This claim has no verdict yet: review must be started first."))
    return verdict


def person(actor: Actor) -> "User":
    """The user behind an action only a person takes (the permission check has refused the system already)."""
    if actor is None:
        raise ActionForbidden(gettext("Only a signed-in member of the desk can do this."))
    return actor


def contribute(verdict: Verdict, actor: Actor) -> None:
    """Record that ``actor`` wrote part of ``verdict`` (its draft or evidence); the first writer is its author.

    Every service that writes the draft or its evidence calls this, so sign-off can refuse anyone who wrote
    any of it (``permissions.is_author``), whatever their assignment is by then. Called under the claim
    and verdict locks, so the first writer is decided once.
    """
    if actor is None or actor.pk is None:
        return
    now = timezone.now()
    if verdict.author_id is None:
        verdict.author = actor
        verdict.save(update_fields=["author", "updated_at"])
    touched = VerdictContribution.objects.filter(verdict=verdict, user=actor).update(last_at=now)
    if not touched:
        VerdictContribution.objects.create(verdict=verdict, user=actor, first_at=now, last_at=now)


def get_rating(rating_id: Any, *, field: str = "rating_id") -> Rating:
    try:
        return Rating.objects.select_related("scale").get(pk=rating_id)
    except (Rating.DoesNotExist, ValueError, TypeError):
        message = gettext("There is no rating %(id)s.") % {"id": rating_id}
        raise ValidationFailed(message, {field: [gettext("Choose a rating from the scale.")]}) from None


def require_text(value: str | None, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(message, {field: [message]})
    return text


def after_commit(func: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Run ``func(*args, **kwargs)`` once the transaction commits (never on rollback)."""
    transaction.on_commit(partial(func, *args, **kwargs))


def enqueue(task: Any, *args: Any) -> None:
    """Send a Celery task after commit, so a worker never sees rows that are not yet there."""
    transaction.on_commit(partial(task.delay, *args))


def notify(kind: str, claim_id: int, **payload: Any) -> None:
    """Email about ``claim_id`` after commit (``kind`` names a function in ``workflows.notifications``).

    A fresh dedupe key per event means a redelivered task does not send twice, while two real events
    (two returns of the same claim) both send.
    """
    from ..tasks import send_notification

    enqueue(send_notification, kind, claim_id, payload, uuid.uuid4().hex)


def each_claim(claim_ids: Iterable[int], run: Callable[[int], object]) -> tuple[list[int], dict[int, WorkflowError]]:
    """Run ``run(claim_id)`` for each claim in its own savepoint: one refusal does not undo the others.

    Returns ``(done, failed)``: the ids that went through, and id → WorkflowError for the rest.
    """
    done: list[int] = []
    failed: dict[int, WorkflowError] = {}
    for claim_id in claim_ids:
        try:
            with transaction.atomic():
                run(claim_id)
        except WorkflowError as error:
            failed[claim_id] = error
        else:
            done.append(claim_id)
    return done, failed
