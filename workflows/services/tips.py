"""A reader's tip becomes a claim in the queue, by the same path as a claim an editor types.

``factcheck.tips.services.tip_submit`` stores the tip and sends ``workflows.tip_tasks.tip_to_claim`` on
commit; this is the work that task does. The claim is made by ``claim_edits.store_claim`` (scored, typed,
attributed, matched against earlier claims and the archive), marked origin ``tip`` with the system as actor,
and ``factcheck.claims.signals.claim_submitted`` is sent once it is committed. Safe to run twice: a tip that
has its claim is left alone, and a claim whose words are already on the desk (another reader's tip, an
editor's typed claim) is the one the tip joins, never a second copy.
"""

from __future__ import annotations

from django.db import transaction

from factcheck.articles.models import Article, content_hash
from factcheck.audit.log import record
from factcheck.claims.models import Claim, ClaimOrigin
from factcheck.claims.signals import claim_submitted
from factcheck.tips.models import Tip
from factcheck.tips.services import is_web_address

from ..exceptions import ValidationFailed
from .claim_edits import READER_TIP, store_claim


def _claim_with_text(text: str) -> Claim | None:
    """The claim already on the desk for these exact words (a typed claim is kept in a desk note found by
    its text's hash), if any."""
    note = Article.objects.filter(content_hash=content_hash(text)).first()
    return note.claims.order_by("id").first() if note is not None else None


def _source(tip: Tip) -> tuple[str, str]:
    """(source_url, source_description) of the claim: the address the reader gave, else their words."""
    if is_web_address(tip.seen_at):
        return tip.seen_at, READER_TIP
    return "", f"{READER_TIP}: {tip.seen_at}"[:500]


def tip_to_claim(*, tip_id: int) -> Claim | None:
    """Make (or find) the claim for tip ``tip_id`` and link the two; None when there is no such tip.

    A refusal by the claim path (it should not happen: the intake checks the same limits) is kept on the tip
    as its ``problem`` and raised, so the sweeper tries again later and the desk can see why."""
    tip = Tip.objects.filter(pk=tip_id).first()
    if tip is None or tip.claim_id:
        return tip.claim if tip is not None else None
    text = tip.claim_text.strip()
    created = False
    claim = _claim_with_text(text)
    if claim is None:
        url, description = _source(tip)
        try:
            claim = store_claim(
                actor=None, origin=ClaimOrigin.TIP, text=text, source_url=url, source_description=description
            )
            created = True
        except ValidationFailed as error:
            claim = _claim_with_text(text)  # the same words, stored by someone else a moment ago
            if claim is None:
                Tip.objects.filter(pk=tip_id).update(problem=str(error)[:500])
                raise
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip_id)
        if tip.claim_id:  # another run linked it meanwhile
            return tip.claim
        tip.claim, tip.problem = claim, ""
        tip.save(update_fields=["claim", "problem"])
        if not created:  # a new claim's own ``claim.add`` event already says a reader's tip brought it
            record(
                action="tip.claim",
                actor=None,
                target=tip,
                claim=claim,
                from_state=claim.state,
                to_state=claim.state,
                data={"tip": tip.pk, "channel": tip.channel},
            )
        else:
            claim_id = claim.pk
            transaction.on_commit(lambda: claim_submitted.send(sender=Claim, claim_id=claim_id, origin=ClaimOrigin.TIP))
    return claim
