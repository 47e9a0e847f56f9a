"""The names of everything a user can do to a claim, and of the desk's few actions on nothing in particular.

A module of its own so that ``permissions`` (who) and ``transitions`` (when) can both name actions
without importing each other.
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


class Action(StrEnum):
    # Moves between states (the transition table).
    DISMISS = "dismiss"
    REOPEN = "reopen"
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    REASSIGN = "reassign"
    START = "start"
    SUBMIT = "submit"
    APPROVE = "approve"
    VOTE = "vote"
    RETURN = "return"
    PUBLISH = "publish"
    CORRECT = "correct"
    RETRACT = "retract"
    # Work inside a state (no move): allowed states live in ``transitions.ACTIVITIES``.
    EVIDENCE = "evidence"
    DRAFT = "draft"
    SET_PRIORITY = "set_priority"
    EDIT = "edit"
    # Marking a match (an archived fact-check, another article's claim in its cluster) as wrong.
    DISMISS_MATCH = "dismiss_match"
    # Reading the verdict draft, its evidence and votes.
    VIEW_VERDICT = "view_verdict"


class DeskAction(StrEnum):
    """Actions on the desk's pipeline rather than on a claim: in the permission matrix (who), never in the
    transition table (no claim state applies)."""

    RERUN_EXTRACTION = "rerun_extraction"
    # Adding a claim extraction missed (a passage of an article, or a claim typed with where it came from).
    ADD_CLAIM = "add_claim"


# How a refusal names each action (translated: a verb phrase in English, whatever reads well in each language).
LABELS: dict[str, str | Promise] = {
    Action.DISMISS: pgettext_lazy("refused action", "dismiss"),
    Action.REOPEN: pgettext_lazy("refused action", "reopen"),
    Action.ASSIGN: pgettext_lazy("refused action", "assign"),
    Action.UNASSIGN: pgettext_lazy("refused action", "unassign"),
    Action.REASSIGN: pgettext_lazy("refused action", "reassign"),
    Action.START: pgettext_lazy("refused action", "start reviewing"),
    Action.SUBMIT: pgettext_lazy("refused action", "submit for sign-off"),
    Action.APPROVE: pgettext_lazy("refused action", "approve"),
    Action.VOTE: pgettext_lazy("refused action", "vote on"),
    Action.RETURN: pgettext_lazy("refused action", "return"),
    Action.PUBLISH: pgettext_lazy("refused action", "publish"),
    Action.CORRECT: pgettext_lazy("refused action", "correct"),
    Action.RETRACT: pgettext_lazy("refused action", "retract"),
    Action.EVIDENCE: pgettext_lazy("refused action", "edit the evidence of"),
    Action.DRAFT: pgettext_lazy("refused action", "edit the verdict draft of"),
    Action.SET_PRIORITY: pgettext_lazy("refused action", "change the priority of"),
    Action.EDIT: pgettext_lazy("refused action", "edit the details of"),
    Action.DISMISS_MATCH: pgettext_lazy("refused action", "dismiss the matches of"),
    Action.VIEW_VERDICT: pgettext_lazy("refused action", "see the verdict draft of"),
    DeskAction.RERUN_EXTRACTION: pgettext_lazy("refused action", "re-run extraction on"),
    DeskAction.ADD_CLAIM: pgettext_lazy("refused action", "add"),
}

# What a refused action is done to, in the refusal sentence ("A reviewer cannot ... claims").
OBJECTS: dict[str, str | Promise] = {DeskAction.RERUN_EXTRACTION: pgettext_lazy("refused action on", "articles")}
