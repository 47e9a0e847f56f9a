"""Triage: an editor dismisses a claim (with a reason) or reopens it; priority and details edits."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.models import Claim, ClaimType, DismissReason, Priority

from ..actions import Action
from ..exceptions import ValidationFailed
from ._base import BulkResult, each_claim, guard, guard_activity, lock_claim, move, touch


@transaction.atomic
def claim_dismiss(*, claim_id: int, actor: Actor, reason: str, note: str = "", version: int | None = None) -> Claim:
    """new → dismissed. ``reason`` is a ``DismissReason`` value; "other" needs a note saying what."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.DISMISS, actor=actor, version=version)
    if reason not in DismissReason.values:
        choices = ", ".join(DismissReason.values)
        raise ValidationFailed(
            gettext("Unknown dismiss reason %(value)r.") % {"value": reason},
            {"reason": [gettext("Choose one of: %(choices)s.") % {"choices": choices}]},
        )
    note = (note or "").strip()
    if reason == DismissReason.OTHER and not note:
        raise ValidationFailed(
            gettext('A dismissal for "Other" needs a note.'), {"note": [gettext("Say why the claim is dismissed.")]}
        )
    claim.dismiss_reason = reason
    old = move(claim, transition.target, "dismiss_reason")
    record(
        action=transition.event,
        actor=actor,
        target=claim,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={"reason": reason},
    )
    return claim


@transaction.atomic
def claim_reopen(*, claim_id: int, actor: Actor, note: str = "", version: int | None = None) -> Claim:
    """dismissed → new: the dismissal was a mistake, or the claim matters again."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.REOPEN, actor=actor, version=version)
    previous_reason = claim.dismiss_reason
    claim.dismiss_reason = ""
    old = move(claim, transition.target, "dismiss_reason")
    record(
        action=transition.event,
        actor=actor,
        target=claim,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={"previous_reason": previous_reason},
    )
    return claim


@transaction.atomic
def claim_set_priority(*, claim_id: int, actor: Actor, priority: int, version: int | None = None) -> Claim:
    """Change the priority (the queue order). An existing due date is kept: it was promised to someone."""
    claim = lock_claim(claim_id)
    guard_activity(claim=claim, action=Action.SET_PRIORITY, actor=actor, version=version)
    try:
        priority = Priority(int(priority))
    except (ValueError, TypeError):
        message = gettext("Unknown priority %(value)r.") % {"value": priority}
        raise ValidationFailed(message, {"priority": [gettext("Choose 1 (urgent) to 4 (low).")]}) from None
    old_priority = claim.priority
    if old_priority == priority:
        return claim
    claim.priority = priority
    touch(claim, "priority")
    record(
        action="claim.set_priority",
        actor=actor,
        target=claim,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={"from": old_priority, "to": int(priority)},
    )
    return claim


def apply_details(claim: Claim, *, claim_type: str | None, speaker: str | None) -> dict[str, list]:
    """Set the claim's type and speaker (None leaves one alone), unsaved; returns field → [old, new].

    Shared by the details edit (before sign-off) and a published correction (after), so both validate alike.
    """
    changes: dict[str, list] = {}
    if claim_type is not None and claim_type != claim.claim_type:
        if claim_type not in ClaimType.values:
            raise ValidationFailed(
                gettext("Unknown claim type %(value)r.") % {"value": claim_type},
                {"claim_type": [gettext("Choose a claim type.")]},
            )
        changes["claim_type"] = [claim.claim_type, claim_type]
        claim.claim_type = claim_type
    if speaker is not None and speaker.strip() != claim.speaker:
        speaker = speaker.strip()
        if len(speaker) > 200:
            raise ValidationFailed(
                gettext("The speaker is too long."), {"speaker": [gettext("At most 200 characters.")]}
            )
        changes["speaker"] = [claim.speaker, speaker]
        claim.speaker = speaker
    return changes


@transaction.atomic
def claim_update_details(
    *,
    claim_id: int,
    actor: Actor,
    claim_type: str | None = None,
    speaker: str | None = None,
    version: int | None = None,
) -> Claim:
    """Correct what extraction guessed (the claim type, the speaker) until the verdict is submitted; from
    then on they are signed off with it (``transitions.ACTIVITIES``), and a published one changes them
    through ``factcheck_correct``. The workflow fields are not here."""
    claim = lock_claim(claim_id)
    guard_activity(claim=claim, action=Action.EDIT, actor=actor, version=version)
    changes = apply_details(claim, claim_type=claim_type, speaker=speaker)
    if not changes:
        return claim
    touch(claim, *changes)
    record(
        action="claim.edit",
        actor=actor,
        target=claim,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={"changes": changes},
    )
    return claim


@transaction.atomic
def claims_bulk_dismiss(*, claim_ids: Sequence[int], actor: Actor, reason: str, note: str = "") -> BulkResult:
    """Dismiss each claim with the same reason; claims that cannot be dismissed are reported, not fatal."""
    done, failed = each_claim(
        claim_ids, lambda claim_id: claim_dismiss(claim_id=claim_id, actor=actor, reason=reason, note=note)
    )
    return BulkResult(done=done, failed=failed)


@transaction.atomic
def claims_bulk_set_priority(*, claim_ids: Sequence[int], actor: Actor, priority: int) -> BulkResult:
    done, failed = each_claim(
        claim_ids, lambda claim_id: claim_set_priority(claim_id=claim_id, actor=actor, priority=priority)
    )
    return BulkResult(done=done, failed=failed)
