"""The names of everything a user can do to a claim, and of the desk's few actions on nothing in particular.

A module of its own so that ``permissions`` (who) and ``transitions`` (when) can both name actions
without importing each other.
"""

from enum import StrEnum


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


LABELS: dict[str, str] = {
    Action.DISMISS: "dismiss",
    Action.REOPEN: "reopen",
    Action.ASSIGN: "assign",
    Action.UNASSIGN: "unassign",
    Action.REASSIGN: "reassign",
    Action.START: "start reviewing",
    Action.SUBMIT: "submit for sign-off",
    Action.APPROVE: "approve",
    Action.VOTE: "vote on",
    Action.RETURN: "return",
    Action.PUBLISH: "publish",
    Action.CORRECT: "correct",
    Action.RETRACT: "retract",
    Action.EVIDENCE: "edit the evidence of",
    Action.DRAFT: "edit the verdict draft of",
    Action.SET_PRIORITY: "change the priority of",
    Action.EDIT: "edit the details of",
    Action.DISMISS_MATCH: "dismiss the matches of",
    Action.VIEW_VERDICT: "see the verdict draft of",
    DeskAction.RERUN_EXTRACTION: "re-run extraction on",
    DeskAction.ADD_CLAIM: "add",
}

# What a refused action is done to, in the refusal sentence ("A reviewer cannot ... claims").
OBJECTS: dict[str, str] = {DeskAction.RERUN_EXTRACTION: "articles"}
