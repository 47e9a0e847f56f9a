"""Every change to a claim, its verdict and evidence goes through one of these functions.

HackSoft/Zulip style: keyword-only, typed, one per action. Each runs in ``transaction.atomic``, locks the
claim row, checks the state against ``workflows.transitions``, the actor against ``workflows.permissions``,
refuses stale versions, writes one ``AuditEvent`` and sends side effects only after commit. Errors are the
named ``workflows.exceptions``. The admin, the API, tasks and commands all call these.
"""

from ._base import BulkResult
from .assignment import (
    AutoAssignResult,
    claim_assign,
    claim_reassign,
    claim_unassign,
    claims_auto_assign,
    claims_bulk_assign,
    due_from_priority,
)
from .claim_edits import UNCHANGED, claim_add, claim_restate
from .extraction import RerunResult, articles_rerun_extraction
from .matching import match_dismiss
from .publication import factcheck_correct, factcheck_publish, factcheck_retract, public_snapshot, rating_snapshot
from .review import evidence_add, evidence_remove, evidence_update, review_start, verdict_save_draft, verdict_submit
from .signoff import VoteResult, verdict_approve, verdict_return, verdict_vote
from .triage import (
    claim_dismiss,
    claim_reopen,
    claim_set_priority,
    claim_update_details,
    claims_bulk_dismiss,
    claims_bulk_set_priority,
)

__all__ = [
    "UNCHANGED",
    "AutoAssignResult",
    "BulkResult",
    "RerunResult",
    "VoteResult",
    "articles_rerun_extraction",
    "claim_add",
    "claim_assign",
    "claim_dismiss",
    "claim_reassign",
    "claim_reopen",
    "claim_restate",
    "claim_set_priority",
    "claim_unassign",
    "claim_update_details",
    "claims_auto_assign",
    "claims_bulk_assign",
    "claims_bulk_dismiss",
    "claims_bulk_set_priority",
    "due_from_priority",
    "evidence_add",
    "evidence_remove",
    "evidence_update",
    "factcheck_correct",
    "factcheck_publish",
    "factcheck_retract",
    "match_dismiss",
    "public_snapshot",
    "rating_snapshot",
    "review_start",
    "verdict_approve",
    "verdict_return",
    "verdict_save_draft",
    "verdict_submit",
    "verdict_vote",
]
