"""Going public: publish an approved verdict, correct a published one, retract it.

Readers see the verdict row (current text, the rating snapshot) plus its public corrections log; every
public version is also kept as a ``VerdictRevision`` so editors can see exactly what was live when.
Cached public pages are purged after commit.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from factcheck.claims.models import Assignment, Claim
from factcheck.publishing.cache import purge_factcheck
from factcheck.sanitize import clean_html
from factcheck.verdicts.models import Correction, Rating, Verdict

from .. import audit
from ..actions import Action
from ..exceptions import ValidationFailed
from ..models import VerdictRevision
from ._base import after_commit, get_rating, guard, lock_claim, locked_verdict, move, notify, require_text
from .triage import apply_details

_SLUG_BASE_LENGTH = 100


def rating_snapshot(rating: Rating) -> dict:
    """The rating as published, so later edits to the scale never rewrite a published fact-check."""
    scale = rating.scale
    return {
        "label": rating.label,
        "value": rating.value,
        "best": scale.best_value,
        "worst": scale.worst_value,
        "colour": rating.colour,
        "slug": rating.slug,
        "scale": scale.slug,
        "scale_name": scale.name,
    }


def public_snapshot(verdict: Verdict) -> dict:
    """Everything a reader sees of the fact-check, as JSON."""
    claim = verdict.claim
    return {
        "slug": verdict.slug,
        "claim": {"text": claim.text, "speaker": claim.speaker},
        "headline": verdict.headline,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "rating": verdict.published_rating,
        "evidence": [
            {"url": e.url, "title": e.title, "publisher": e.publisher, "quote": e.quote, "stance": e.stance,
             "accessed_on": e.accessed_on.isoformat() if e.accessed_on else None}
            for e in verdict.evidence.all()
        ],
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "modified_at": verdict.modified_at.isoformat() if verdict.modified_at else None,
        "retracted_at": verdict.retracted_at.isoformat() if verdict.retracted_at else None,
        "retraction_reason": verdict.retraction_reason,
    }


def _revise(verdict: Verdict, kind: str, actor) -> VerdictRevision:
    number = VerdictRevision.objects.filter(verdict=verdict).count() + 1
    return VerdictRevision.objects.create(
        verdict=verdict, number=number, kind=kind, snapshot=public_snapshot(verdict), created_by=actor
    )


def _slug_candidates(verdict: Verdict, claim: Claim):
    base = slugify(verdict.headline or claim.text)[:_SLUG_BASE_LENGTH].strip("-") or f"fact-check-{claim.pk}"
    yield base
    n = 2
    while True:
        yield f"{base}-{n}"
        n += 1


def _save_with_unique_slug(verdict: Verdict, claim: Claim, fields: list[str]) -> None:
    """Take the first free slug. The unique constraint is the real guard: if a concurrent publish takes
    the same slug between our check and our write, the savepoint rolls back and the next one is tried."""
    taken = Verdict.objects.exclude(pk=verdict.pk)
    collisions = 0
    for candidate in _slug_candidates(verdict, claim):
        if taken.filter(slug=candidate).exists():
            continue
        verdict.slug = candidate
        try:
            with transaction.atomic():
                verdict.save(update_fields=[*fields, "slug"])
            return
        except IntegrityError:
            collisions += 1
            if collisions >= 5:  # not a slug race: let the real error surface
                raise


@transaction.atomic
def factcheck_publish(*, claim_id: int, actor, version: int | None = None) -> Verdict:
    """approved → published: a unique slug, the rating snapshot, publication times; assignments complete."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.PUBLISH, actor=actor, version=version)
    verdict = locked_verdict(claim)
    if verdict.rating_id is None:
        raise ValidationFailed("The verdict has no rating.", {"rating": ["An approved verdict needs a rating."]})
    now = timezone.now()
    verdict.published_rating = rating_snapshot(get_rating(verdict.rating_id))
    verdict.published_at = verdict.published_at or now
    verdict.modified_at = now
    fields = ["published_rating", "published_at", "modified_at", "updated_at"]
    if verdict.slug:
        verdict.save(update_fields=fields)
    else:
        _save_with_unique_slug(verdict, claim, fields)
    completed = list(claim.assignments.filter(state=Assignment.State.ACTIVE).values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=completed).update(state=Assignment.State.COMPLETED, finished_at=now)
    old = move(claim, transition.target)
    revision = _revise(verdict, VerdictRevision.Kind.PUBLISH, actor)
    audit.record(
        action=transition.event, actor=actor, target=verdict, claim=claim, from_state=old, to_state=claim.state,
        data={"slug": verdict.slug, "rating": verdict.published_rating, "revision": revision.number,
              "completed_assignments": completed},
    )
    after_commit(purge_factcheck, verdict.pk)
    notify("published", claim.pk)
    return verdict


@transaction.atomic
def factcheck_correct(
    *,
    claim_id: int,
    actor,
    what_changed: str,
    note: str,
    new_rating_id: int | None = None,
    headline: str | None = None,
    summary: str | None = None,
    explanation: str | None = None,
    kind: str = Correction.Kind.CORRECTION,
    speaker: str | None = None,
    claim_type: str | None = None,
    version: int | None = None,
) -> Correction:
    """published → published with a public correction (or update) appended. A changed rating is logged
    old → new and re-snapshotted; text changes are optional, and so are the claim's speaker and type (locked
    everywhere else once the verdict was submitted). The previous text stays in the revisions."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.CORRECT, actor=actor, version=version)
    what_changed = require_text(what_changed, field="what_changed", message="Say what changed.")
    note = require_text(note, field="note", message="Write the correction note readers will see.")
    if kind not in (Correction.Kind.CORRECTION, Correction.Kind.UPDATE):
        raise ValidationFailed(f"Unknown kind {kind!r}.", {"kind": ["Use correction or update."]})
    details = apply_details(claim, claim_type=claim_type, speaker=speaker)
    verdict = locked_verdict(claim)
    old_label = new_label = ""
    if new_rating_id not in (None, "") and int(new_rating_id) != verdict.rating_id:
        rating = get_rating(new_rating_id, field="new_rating_id")
        old_label = (verdict.published_rating or {}).get("label", "")
        new_label = rating.label
        verdict.rating = rating
        verdict.published_rating = rating_snapshot(rating)
    if headline is not None:
        verdict.headline = headline.strip()
    if summary is not None:
        verdict.summary = summary.strip()
    if explanation is not None:
        verdict.explanation = clean_html(explanation)
    verdict.modified_at = timezone.now()
    verdict.version += 1
    verdict.save()
    correction = Correction.objects.create(
        verdict=verdict, kind=kind, what_changed=what_changed[:300], old_rating=old_label, new_rating=new_label,
        note=note, decided_by=actor,
    )
    old = move(claim, transition.target, *details)
    revision = _revise(verdict, VerdictRevision.Kind.CORRECT, actor)
    audit.record(
        action=transition.event, actor=actor, target=verdict, claim=claim, from_state=old, to_state=claim.state,
        note=note, data={"correction": correction.pk, "what_changed": what_changed, "rating": [old_label, new_label],
                         "revision": revision.number, "details": details},
    )
    after_commit(purge_factcheck, verdict.pk)
    return correction


@transaction.atomic
def factcheck_retract(*, claim_id: int, actor, reason: str, version: int | None = None) -> Verdict:
    """published → retracted. The page stays up with a public retraction notice and the reason."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.RETRACT, actor=actor, version=version)
    reason = require_text(reason, field="reason", message="A retraction needs a public reason.")
    verdict = locked_verdict(claim)
    now = timezone.now()
    verdict.retracted_at = now
    verdict.retraction_reason = reason
    verdict.modified_at = now
    verdict.version += 1
    verdict.save()
    correction = Correction.objects.create(
        verdict=verdict, kind=Correction.Kind.RETRACTION, what_changed="The fact-check was retracted.", note=reason,
        decided_by=actor, old_rating=(verdict.published_rating or {}).get("label", ""),
    )
    old = move(claim, transition.target)
    revision = _revise(verdict, VerdictRevision.Kind.RETRACT, actor)
    audit.record(
        action=transition.event, actor=actor, target=verdict, claim=claim, from_state=old, to_state=claim.state,
        note=reason, data={"correction": correction.pk, "revision": revision.number},
    )
    after_commit(purge_factcheck, verdict.pk)
    return verdict
