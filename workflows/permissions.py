"""Who may do what to a claim: ONE matrix of role x action, plus the object rules behind its cells.

The matrix answers for the role; the rule in a cell says what the user's relation to the claim must be
(an active assignment, not being the verdict's author). The state the claim must be in is not decided
here: that is ``workflows.transitions``. Every service calls :func:`check`; the admin and the API call
:func:`can` (through ``transitions.allowed_actions``) to show only what the user may press.

Model permissions in ``factcheck.roles`` only decide what the admin *shows*.
"""

from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext, pgettext, pgettext_lazy

from factcheck.claims.models import Assignment, Claim, ClaimState
from factcheck.roles import ADMIN, EDITOR, REVIEWER, role_of

from .actions import LABELS, OBJECTS, Action, DeskAction
from .exceptions import ActionForbidden, NotVisible

# A role as a refusal names it ("A reviewer cannot ...").
ROLE_NAMES = {
    REVIEWER: pgettext_lazy("role in a sentence", "reviewer"),
    EDITOR: pgettext_lazy("role in a sentence", "editor"),
    ADMIN: pgettext_lazy("role in a sentence", "admin"),
}


class Rule(StrEnum):
    NEVER = "never"
    ALWAYS = "always"
    # Only with an active assignment on this claim to the user.
    ASSIGNED = "assigned"
    # Anyone in the role except whoever wrote any of the verdict (its draft or evidence) and the claim's
    # active reviewers: no self-approval.
    NOT_AUTHOR = "not_author"
    # With any (active or completed) assignment to the user, or once the fact-check is public.
    ASSIGNED_OR_PUBLIC = "assigned_or_public"


_N, _Y, _AS, _NA, _AP = Rule.NEVER, Rule.ALWAYS, Rule.ASSIGNED, Rule.NOT_AUTHOR, Rule.ASSIGNED_OR_PUBLIC

# Columns: Reviewer, Editor, Admin. Editors may review too, but only claims assigned to them, so every
# verdict has an assigned author and the no-self-approval rule has someone to apply to.
MATRIX: dict[str, dict[str, Rule]] = {
    Action.DISMISS: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.REOPEN: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.ASSIGN: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.UNASSIGN: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.REASSIGN: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.SET_PRIORITY: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    # The claim as the desk states it (its wording, type, speaker, date, where it appeared): editors, and the
    # reviewer working it, who reads the sources first; locked from submission on (``transitions.ACTIVITIES``).
    Action.EDIT: {REVIEWER: _AS, EDITOR: _Y, ADMIN: _Y},
    # A wrong "already checked" or cluster match: editors, who own the queue and the archive.
    Action.DISMISS_MATCH: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.START: {REVIEWER: _AS, EDITOR: _AS, ADMIN: _Y},
    Action.EVIDENCE: {REVIEWER: _AS, EDITOR: _AS, ADMIN: _Y},
    Action.DRAFT: {REVIEWER: _AS, EDITOR: _AS, ADMIN: _Y},
    Action.SUBMIT: {REVIEWER: _AS, EDITOR: _AS, ADMIN: _Y},
    Action.APPROVE: {REVIEWER: _N, EDITOR: _NA, ADMIN: _NA},
    Action.VOTE: {REVIEWER: _N, EDITOR: _NA, ADMIN: _NA},
    Action.RETURN: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.PUBLISH: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.CORRECT: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.RETRACT: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    Action.VIEW_VERDICT: {REVIEWER: _AP, EDITOR: _Y, ADMIN: _Y},
    # Desk actions (no claim): only never/always make sense here.
    DeskAction.RERUN_EXTRACTION: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
    DeskAction.ADD_CLAIM: {REVIEWER: _N, EDITOR: _Y, ADMIN: _Y},
}

_PUBLIC_STATES = {ClaimState.PUBLISHED, ClaimState.RETRACTED}


def roles_for(action: str) -> frozenset[str]:
    """Roles with any access to ``action`` (some only under an object rule)."""
    return frozenset(role for role, rule in MATRIX[action].items() if rule is not Rule.NEVER)


def _assigned(user, claim: Claim, states: tuple[str, ...]) -> bool:
    """Whether ``user`` holds an assignment of the claim in one of ``states``. A claim whose assignments were
    prefetched (the claim page reads them once for all its checks) answers from them; else one query. The
    services lock and read the claim afresh, so they always ask the database."""
    prefetched = getattr(claim, "_prefetched_objects_cache", {}).get("assignments")
    if prefetched is not None:
        return any(a.reviewer_id == user.pk and a.state in states for a in prefetched)
    return Assignment.objects.filter(claim=claim, reviewer=user, state__in=states).exists()


def has_active_assignment(user, claim: Claim) -> bool:
    return _assigned(user, claim, (Assignment.State.ACTIVE,))


def is_author(user, claim: Claim) -> bool:
    """Whoever wrote any of the verdict (its author, or a recorded contributor to its draft or evidence),
    or any reviewer actively assigned to the claim (a co-author).

    Contributors count whatever their assignment is now: an editor who drafted, unassigned themselves and
    handed the claim to someone else still wrote it.
    """
    from factcheck.verdicts.models import Verdict

    wrote = Verdict.objects.filter(claim=claim).filter(Q(author=user) | Q(contributions__user=user)).exists()
    return wrote or has_active_assignment(user, claim)


def refusal(user, action: str, claim: Claim | None = None) -> str | None:
    """Why ``user`` may not do ``action`` to ``claim``, or None when they may.

    Desk actions (``DeskAction``) are about no claim: pass none; their cells are only never or always.
    """
    role = role_of(user)
    label = LABELS[action]
    if role is None:
        return gettext("You have no desk role: an admin must add you to the Reviewer, Editor or Admin group.")
    rule = MATRIX[action][role]
    if rule is Rule.ALWAYS:
        return None
    if rule is Rule.NEVER:
        return gettext("A %(role)s cannot %(action)s %(objects)s; ask an editor.") % {
            "role": ROLE_NAMES.get(role, role.lower()),
            "action": label,
            "objects": OBJECTS.get(action, pgettext("refused action on", "claims")),
        }
    if claim is None:
        raise ValueError(f"{action!r} is decided per claim: pass the claim.")
    if rule is Rule.ASSIGNED:
        if has_active_assignment(user, claim):
            return None
        return gettext("Only a reviewer assigned to this claim may %(action)s it, and it is not assigned to you.") % {
            "action": label
        }
    if rule is Rule.NOT_AUTHOR:
        if not is_author(user, claim):
            return None
        return gettext(
            "You worked on this verdict (you are assigned to it, or wrote part of its draft or evidence), "
            "so you cannot %(action)s it: another editor must sign it off."
        ) % {"action": label}
    if rule is Rule.ASSIGNED_OR_PUBLIC:
        if claim.state in _PUBLIC_STATES:
            return None
        if _assigned(user, claim, (Assignment.State.ACTIVE, Assignment.State.COMPLETED)):
            return None
        return gettext(
            "This claim's verdict is visible only to its assigned reviewers and editors until it is published."
        )
    raise AssertionError(f"unknown rule {rule!r}")  # pragma: no cover


def can(user, action: str, claim: Claim | None = None) -> bool:
    return refusal(user, action, claim) is None


def check(user, action: str, claim: Claim | None = None) -> None:
    """Raise :class:`ActionForbidden` (or :class:`NotVisible` for reading) with the reason, if refused."""
    reason = refusal(user, action, claim)
    if reason is None:
        return
    if action == Action.VIEW_VERDICT:
        raise NotVisible(reason)
    raise ActionForbidden(reason)
