"""The claim's life as data: (from_state, action) → (to_state, allowed roles), as django-oscar keeps its
order pipeline. The table is the single answer to "may this move happen now?"; tests walk all of it.

Roles are read from the one permission matrix (``workflows.permissions.MATRIX``), not repeated here, so
the two can never disagree. Work that does not move the claim (evidence, drafting, priority, details) is
listed in ``ACTIVITIES`` with the states it is allowed in, and ``ACTIVITY_REFUSALS`` says what to do
instead where a refusal needs more than "not now".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import Claim, ClaimState

from . import permissions
from .actions import Action
from .exceptions import ActionForbidden, TransitionNotAllowed

S = ClaimState


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    event: str  # the namespaced audit action, e.g. "claim.assign"

    @property
    def roles(self) -> frozenset[str]:
        return permissions.roles_for(self.action)


def _t(source, action, target, event) -> tuple[tuple[str, str], Transition]:
    return (source, action), Transition(source, action, target, event)


TABLE: dict[tuple[str, str], Transition] = dict(
    [
        _t(S.NEW, Action.DISMISS, S.DISMISSED, "claim.dismiss"),
        _t(S.NEW, Action.ASSIGN, S.ASSIGNED, "claim.assign"),
        _t(S.DISMISSED, Action.REOPEN, S.NEW, "claim.reopen"),
        _t(S.ASSIGNED, Action.START, S.IN_REVIEW, "review.start"),
        _t(S.ASSIGNED, Action.UNASSIGN, S.NEW, "claim.unassign"),
        _t(S.ASSIGNED, Action.REASSIGN, S.ASSIGNED, "claim.reassign"),
        _t(S.IN_REVIEW, Action.SUBMIT, S.SUBMITTED, "verdict.submit"),
        _t(S.IN_REVIEW, Action.UNASSIGN, S.NEW, "claim.unassign"),
        _t(S.SUBMITTED, Action.APPROVE, S.APPROVED, "verdict.approve"),
        # A vote moves the claim only when the panel reaches a decision; until then it stays submitted.
        _t(S.SUBMITTED, Action.VOTE, S.APPROVED, "verdict.vote"),
        _t(S.SUBMITTED, Action.RETURN, S.IN_REVIEW, "verdict.return"),
        _t(S.APPROVED, Action.PUBLISH, S.PUBLISHED, "factcheck.publish"),
        _t(S.APPROVED, Action.RETURN, S.IN_REVIEW, "verdict.return"),
        _t(S.PUBLISHED, Action.CORRECT, S.PUBLISHED, "factcheck.correct"),
        _t(S.PUBLISHED, Action.RETRACT, S.RETRACTED, "factcheck.retract"),
    ]
)

ACTIVITIES: dict[str, frozenset[str]] = {
    Action.EVIDENCE: frozenset({S.IN_REVIEW}),
    Action.DRAFT: frozenset({S.IN_REVIEW}),
    Action.SET_PRIORITY: frozenset({S.NEW, S.ASSIGNED, S.IN_REVIEW, S.SUBMITTED, S.APPROVED}),
    # How the claim is stated (its wording, type, speaker, date, where it appeared) is signed off and published
    # with the verdict: locked from submission on.
    Action.EDIT: frozenset({S.NEW, S.DISMISSED, S.ASSIGNED, S.IN_REVIEW}),
    # A wrong match is wrong in every state; it changes nothing readers see.
    Action.DISMISS_MATCH: frozenset(S.values),
}

# Activities about something the claim may not have: offered (``allowed_actions``) only when it is there.
ACTIVITY_NEEDS: dict[str, Callable[[Claim], bool]] = {
    Action.DISMISS_MATCH: lambda claim: bool(claim.archived_match_id or claim.cluster_id),
}


def _offered(claim: Claim) -> bool:
    return True


# What to do instead, when an activity is refused in a state: the end of the refusal sentence.
ACTIVITY_REFUSALS: dict[tuple[str, str], str | Promise] = {
    (S.SUBMITTED, Action.EDIT): _(
        "the details were submitted for sign-off with the verdict: return the verdict first, then correct them"
    ),
    (S.APPROVED, Action.EDIT): _(
        "the details were signed off with the verdict: return the verdict first, then correct them"
    ),
    (S.PUBLISHED, Action.EDIT): _(
        "the details are part of the published fact-check: publish a correction, "
        "which can fix the speaker and type and tells readers what was wrong"
    ),
    (S.RETRACTED, Action.EDIT): _("the fact-check is retracted: its details stay as they were when it was withdrawn"),
    (S.SUBMITTED, Action.DRAFT): _("return the verdict first"),
    (S.APPROVED, Action.DRAFT): _("return the verdict first"),
    (S.SUBMITTED, Action.EVIDENCE): _("return the verdict first"),
    (S.APPROVED, Action.EVIDENCE): _("return the verdict first"),
}

TRANSITION_ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for _, action in TABLE))

# Which sign-off action each policy uses; the other one is refused.
_SIGNOFF_ACTION = {"single": Action.APPROVE, "panel": Action.VOTE}


def signoff_policy() -> str:
    policy = settings.FACTDESK.get("SIGNOFF_POLICY", "single")
    if policy not in _SIGNOFF_ACTION:
        raise ImproperlyConfigured(f'FACTDESK["SIGNOFF_POLICY"] must be "single" or "panel", not {policy!r}.')
    return policy


def panel_size() -> int:
    size = int(settings.FACTDESK.get("PANEL_SIZE", 3))
    if size < 1:
        raise ImproperlyConfigured('FACTDESK["PANEL_SIZE"] must be at least 1.')
    return size


def get_transition(state: str, action: str) -> Transition:
    """The move for ``action`` from ``state``, or :class:`TransitionNotAllowed` naming what is possible."""
    transition = TABLE.get((state, action))
    if transition is None:
        possible = sorted(a for (s, a) in TABLE if s == state) or [gettext("nothing")]
        label = ClaimState(state).label if state in ClaimState.values else state
        raise TransitionNotAllowed(
            gettext('Cannot %(action)s a claim that is "%(state)s"; from this state you can: %(possible)s.')
            % {"action": action, "state": label, "possible": ", ".join(possible)}
        )
    return transition


def check_activity(state: str, action: str) -> None:
    if state not in ACTIVITIES[action]:
        label = ClaimState(state).label
        allowed = ", ".join(str(ClaimState(s).label) for s in ClaimState.values if s in ACTIVITIES[action])
        instead = ACTIVITY_REFUSALS.get((state, action))
        what = {"action": action.replace("_", " "), "state": label, "instead": instead, "allowed": allowed}
        if instead:
            raise TransitionNotAllowed(gettext('Cannot %(action)s while the claim is "%(state)s": %(instead)s.') % what)
        raise TransitionNotAllowed(
            gettext('Cannot %(action)s while the claim is "%(state)s" (only: %(allowed)s).') % what
        )


def check_policy(action: str) -> None:
    """Approve under a panel, or vote under a single editor, is refused: the policy decides the path."""
    policy = signoff_policy()
    expected = _SIGNOFF_ACTION[policy]
    if action in _SIGNOFF_ACTION.values() and action != expected:
        said = {"policy": policy, "expected": expected, "action": action}
        if policy == "panel":
            message = gettext(
                'Sign-off is by a panel vote (FACTDESK["SIGNOFF_POLICY"] = "%(policy)s"): '
                "use %(expected)s, not %(action)s."
            )
        else:
            message = gettext(
                'Sign-off is by one editor (FACTDESK["SIGNOFF_POLICY"] = "%(policy)s"): '
                "use %(expected)s, not %(action)s."
            )
        raise ActionForbidden(message % said)


def _policy_allows(action: str) -> bool:
    return action not in _SIGNOFF_ACTION.values() or action == _SIGNOFF_ACTION[signoff_policy()]


def allowed_actions(user, claim: Claim) -> list[str]:
    """Every action ``user`` may take on ``claim`` now: transitions first (table order), then activities.

    This is what the admin and the API use to show only the buttons a user may press.
    """
    moves = [
        action
        for (state, action) in TABLE
        if state == claim.state and _policy_allows(action) and permissions.can(user, action, claim)
    ]
    work = [
        action
        for action, states in ACTIVITIES.items()
        if claim.state in states
        and ACTIVITY_NEEDS.get(action, _offered)(claim)
        and permissions.can(user, action, claim)
    ]
    return moves + work
