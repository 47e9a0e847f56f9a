"""Sign-off: one editor approves (``SIGNOFF_POLICY = "single"``) or a panel votes (``"panel"``); either
may return the verdict with a note. The author of a verdict never signs it off (see ``permissions``).

Panel rule (PolitiFact's three-editor panel, made explicit): votes count on the verdict's current version.
Until ``PANEL_SIZE`` votes are in, the claim stays submitted. From then on, after every vote, the rating
with the most votes wins if no other rating has as many; the claim becomes approved with that rating.
On a tie the claim stays submitted and the result asks for one more editor's vote (or a return); each
further vote is counted the same way, so the first vote that breaks the tie decides.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.models import Assignment, ClaimState
from factcheck.verdicts.models import Rating, Verdict

from .. import selectors
from ..actions import Action
from ..exceptions import ValidationFailed
from ..models import PanelVote
from ..transitions import panel_size
from ._base import get_rating, guard, lock_claim, locked_verdict, move, notify, person, require_text


@dataclass
class VoteResult:
    verdict: Verdict
    approved: bool
    votes: int
    needed: int
    tally: dict[str, int]  # rating label → votes on the current version
    message: str


@transaction.atomic
def verdict_approve(*, claim_id: int, actor: Actor, note: str = "", version: int | None = None) -> Verdict:
    """submitted → approved by one editor (single policy). The approving editor is recorded."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.APPROVE, actor=actor, version=version)
    verdict = locked_verdict(claim)
    verdict.editor = actor
    verdict.save(update_fields=["editor", "updated_at"])
    old = move(claim, transition.target)
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={"verdict_version": verdict.version, "rating": verdict.rating_id},
    )
    notify("approved", claim.pk)
    return verdict


def _decide(tally: Counter) -> int | None:
    """The winning rating id, or None on a tie for first place."""
    ranked = tally.most_common()
    if len(ranked) == 1 or (ranked and ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _labelled(tally: Counter) -> dict[str, int]:
    labels = dict(Rating.objects.filter(pk__in=list(tally)).values_list("pk", "label"))
    return {labels[pk]: n for pk, n in tally.most_common()}


@transaction.atomic
def verdict_vote(*, claim_id: int, actor: Actor, rating_id: int, version: int | None = None) -> VoteResult:
    """One panel editor's rating vote on the submitted verdict (panel policy). One vote per editor per
    verdict version; the author may not vote. See the module docstring for quorum and ties."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.VOTE, actor=actor, version=version)
    verdict = locked_verdict(claim)
    rating = get_rating(rating_id)
    if PanelVote.objects.filter(verdict=verdict, editor=actor, verdict_version=verdict.version).exists():
        raise ValidationFailed(
            gettext("You have already voted on version %(version)s of this verdict.") % {"version": verdict.version},
            {"rating": [gettext("One vote per editor per version.")]},
        )
    PanelVote.objects.create(verdict=verdict, editor=person(actor), rating=rating, verdict_version=verdict.version)
    tally = selectors.panel_tally(verdict)
    votes, needed = sum(tally.values()), panel_size()
    winner = _decide(tally) if votes >= needed else None
    labelled = _labelled(tally)
    from_state = claim.state
    if winner is not None:
        proposed = verdict.rating_id
        verdict.rating_id = winner
        verdict.editor = actor
        verdict.save(update_fields=["rating", "editor", "updated_at"])
        move(claim, transition.target)
        winning_label = Rating.objects.get(pk=winner).label
        message = gettext('The panel approved the verdict with the rating "%(rating)s" (%(votes)d votes).') % {
            "rating": winning_label,
            "votes": votes,
        }
        data = {"rating": rating.pk, "decided": True, "winner": winner, "proposed": proposed}
        notify("approved", claim.pk)
    elif votes < needed:
        message = gettext("Vote recorded: %(votes)d of %(needed)d votes; the claim stays submitted.") % {
            "votes": votes,
            "needed": needed,
        }
        data = {"rating": rating.pk, "decided": False}
    else:
        leaders = ", ".join(f"{label} ({n})" for label, n in labelled.items() if n == max(tally.values()))
        message = gettext(
            "Tie after %(votes)d votes between %(leaders)s: the claim stays submitted. One more editor's vote "
            "will decide, or an editor can return the verdict."
        ) % {"votes": votes, "leaders": leaders}
        data = {"rating": rating.pk, "decided": False, "tie": True}
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=from_state,
        to_state=claim.state,
        data={**data, "tally": labelled, "verdict_version": verdict.version},
    )
    return VoteResult(
        verdict=verdict,
        approved=claim.state == ClaimState.APPROVED,
        votes=votes,
        needed=needed,
        tally=labelled,
        message=message,
    )


@transaction.atomic
def verdict_return(*, claim_id: int, actor: Actor, note: str, version: int | None = None) -> Verdict:
    """submitted | approved → in_review, with a note for the reviewer (required: say what to fix).

    The verdict version is bumped, so panel votes cast on the returned version lapse and an open draft
    form elsewhere must reload before it can save.
    """
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.RETURN, actor=actor, version=version)
    note = require_text(
        note, field="note", message=gettext("A return needs a note telling the reviewer what to change.")
    )
    verdict = locked_verdict(claim)
    verdict.version += 1
    verdict.editor = None
    verdict.save(update_fields=["version", "editor", "updated_at"])
    old = move(claim, transition.target)
    # Who gets it back, so history can say "returned the verdict to Rafael".
    reviewers = list(
        claim.assignments.filter(state=Assignment.State.ACTIVE)
        .order_by("role", "assigned_at", "id")
        .values_list("reviewer_id", flat=True)
    )
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={"verdict_version": verdict.version, "reviewers": reviewers},
    )
    notify("returned", claim.pk, note=note)
    return verdict
