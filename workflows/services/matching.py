"""An editor marks a match as wrong: the claim does not repeat that archived fact-check ("already checked"),
or is not the same claim as another article's claim it was grouped with (its cluster).

The link is cleared, the dismissal is remembered (``MatchDismissal``: linking does not make the pair again,
and ``match_report`` reads the scores of dismissed matches against those kept to tune the threshold) and
told in the claim's history. It changes nothing readers see, so it is allowed in every state
(``transitions.ACTIVITIES``), to editors and admins (``permissions.MATRIX``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.models import Claim, MatchDismissal
from factcheck.sanitize import XML_ILLEGAL

from ..actions import Action
from ..exceptions import ValidationFailed
from ._base import guard_activity, lock_claim, person, touch

MAX_REASON_CHARS = 2000
#: How much of the matched text the audit event keeps, so history reads the same after the match is gone.
MATCHED_TEXT_KEPT = 300


def _id(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = None
    try:
        return int(value)
    except (TypeError, ValueError):
        message = f"{field.replace('_', ' ').capitalize()} must be the id of the match."
        raise ValidationFailed(message, {field: [message]}) from None


def _reason(value: Any) -> str:
    reason = XML_ILLEGAL.sub("", value if isinstance(value, str) else "").strip()
    if len(reason) > MAX_REASON_CHARS:
        message = gettext("Say why in at most %(limit)s characters.") % {
            "limit": number_format(MAX_REASON_CHARS, force_grouping=True)
        }
        raise ValidationFailed(message, {"reason": [message]})
    return reason


def _gone(field: str, message: str) -> ValidationFailed:
    """``message``: the whole sentence, translated, naming the match that is gone."""
    return ValidationFailed(message, {field: [message]})


@transaction.atomic
def match_dismiss(
    *,
    claim_id: int,
    actor: Actor,
    archived_id: int | None = None,
    other_claim_id: int | None = None,
    reason: str = "",
    version: int | None = None,
) -> MatchDismissal:
    """Mark one of the claim's matches as wrong: ``archived_id`` (its "already checked" fact-check) or
    ``other_claim_id`` (a claim of another article in its cluster), exactly one. The claim leaves the
    match (its archive match and score cleared, or it leaves the cluster), the dismissal is stored with
    the match's score (archive matches keep one; clusters keep none) and one ``claim.dismiss_match`` event
    is written. ``version`` refuses a stale page."""
    claim = lock_claim(claim_id)
    guard_activity(claim=claim, action=Action.DISMISS_MATCH, actor=actor, version=version)
    archived_id, other_claim_id = _id(archived_id, "archived"), _id(other_claim_id, "other_claim")
    reason = _reason(reason)
    if (archived_id is None) == (other_claim_id is None):
        message = gettext(
            "Name the one match that is wrong: the archived fact-check (archived) or the claim of another "
            "article it was grouped with (other_claim)."
        )
        raise ValidationFailed(message, {"archived": [message], "other_claim": [message]})
    if archived_id is not None:
        archived = claim.archived_match
        if claim.archived_match_id != archived_id or archived is None:
            raise _gone(
                "archived",
                gettext(
                    "This claim is not matched with archived fact-check %(id)s (any more): reload the claim page to "
                    "see its matches as they are now."
                )
                % {"id": archived_id},
            )
        target: dict[str, Any] = {"archived": archived}
        kind, matched, score = "archived", archived.claim_text, claim.match_score
        claim.archived_match, claim.match_score = None, None
        changed: tuple[str, ...] = ("archived_match", "match_score")
    else:
        assert other_claim_id is not None  # exactly one of the two, checked above
        other = Claim.objects.filter(pk=other_claim_id).only("pk", "text", "cluster_id", "article_id").first()
        if other is None or claim.cluster_id is None or other.pk == claim.pk or other.cluster_id != claim.cluster_id:
            raise _gone(
                "other_claim",
                gettext(
                    "This claim is not matched with claim %(id)s (any more): reload the claim page to see its "
                    "matches as they are now."
                )
                % {"id": other_claim_id},
            )
        target = {"other_claim": other}
        kind, matched, score = "claim", other.text, None
        claim.cluster = None
        changed = ("cluster",)
    # A pair dismissed before and linked again since (an older linker, a re-run) is dismissed anew.
    dismissal, _ = MatchDismissal.objects.update_or_create(
        claim=claim,
        **target,
        defaults={"score": score, "dismissed_by": person(actor), "reason": reason, "created_at": timezone.now()},
    )
    touch(claim, *changed)
    record(
        action="claim.dismiss_match",
        actor=actor,
        target=claim,
        claim=claim,
        from_state=claim.state,
        to_state=claim.state,
        data={
            "kind": kind,
            "target": archived_id or other_claim_id,
            "matched": matched[:MATCHED_TEXT_KEPT],
            "score": score,
            "why": reason,
        },
    )
    return dismissal
