"""Going public: publish an approved verdict, correct a published one, retract it.

Readers see the verdict row (current text, the rating snapshot) plus its public corrections log; every
public version is also kept as a ``VerdictRevision`` so editors can see exactly what was live when.
After commit each change is told as ``factcheck.verdicts.signals.factcheck_changed``; the public site,
which listens, purges its cached pages (this module imports nothing of the site).
"""

from collections.abc import Iterator

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.claims.archive import archive_published, archive_withdrawn
from factcheck.claims.models import Assignment, Claim
from factcheck.sanitize import clean_html
from factcheck.verdicts.models import Correction, Rating, Verdict
from factcheck.verdicts.signals import factcheck_changed

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
        "claim": {
            "text": claim.text,
            "claim_reviewed": claim.reviewed_text,
            "speaker": claim.speaker,
            "claim_type": claim.claim_type,
            "claim_date": claim.claim_date.isoformat() if claim.claim_date else None,
            "appearance_url": claim.appearance_url,
        },
        "headline": verdict.headline,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "rating": verdict.published_rating,
        "evidence": [
            {
                "url": e.url,
                "title": e.title,
                "publisher": e.publisher,
                "quote": e.quote,
                "stance": e.stance,
                "accessed_on": e.accessed_on.isoformat() if e.accessed_on else None,
            }
            for e in verdict.evidence.all()
        ],
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "modified_at": verdict.modified_at.isoformat() if verdict.modified_at else None,
        "retracted_at": verdict.retracted_at.isoformat() if verdict.retracted_at else None,
        "retraction_reason": verdict.retraction_reason,
    }


def _tell_readers(verdict: Verdict, change: str) -> None:
    """Once the change commits, whoever shows fact-checks hears of it (the public site purges its pages).
    The claim matcher's archive follows at once: a later claim repeating this one is "already checked"."""
    _feed_archive(verdict, change)
    after_commit(factcheck_changed.send, sender=Verdict, verdict_id=verdict.pk, change=change)


def _feed_archive(verdict: Verdict, change: str) -> None:
    if change == "retract":
        archive_withdrawn(verdict.get_absolute_url())
        return
    archive_published(
        url=verdict.get_absolute_url(),
        claim_text=verdict.claim.reviewed_text,
        rating=(verdict.published_rating or {}).get("label", ""),
        publisher=settings.FACTDESK["ORG_NAME"],
        published_at=verdict.published_at.date() if verdict.published_at else None,
    )


def _revise(verdict: Verdict, kind: str, actor: Actor) -> VerdictRevision:
    number = VerdictRevision.objects.filter(verdict=verdict).count() + 1
    return VerdictRevision.objects.create(
        verdict=verdict, number=number, kind=kind, snapshot=public_snapshot(verdict), created_by=actor
    )


def _slug_candidates(verdict: Verdict, claim: Claim) -> Iterator[str]:
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
def factcheck_publish(*, claim_id: int, actor: Actor, version: int | None = None) -> Verdict:
    """approved → published: a unique slug, the rating snapshot, publication times; assignments complete."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.PUBLISH, actor=actor, version=version)
    verdict = locked_verdict(claim)
    if verdict.rating_id is None:
        raise ValidationFailed(
            gettext("The verdict has no rating."), {"rating": [gettext("An approved verdict needs a rating.")]}
        )
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
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        data={
            "slug": verdict.slug,
            "rating": verdict.published_rating,
            "revision": revision.number,
            "completed_assignments": completed,
        },
    )
    _tell_readers(verdict, "publish")
    notify("published", claim.pk)
    return verdict


# The published text a correction may change, with the refusal when it would blank one: a published
# fact-check keeps a headline and a summary (submit required them); the explanation may be emptied.
_REQUIRED_TEXT = {
    "headline": gettext_lazy(
        "A published fact-check needs a headline: write the corrected one, or leave the field out to keep it."
    ),
    "summary": gettext_lazy(
        "A published fact-check needs a summary: write the corrected one, or leave the field out to keep it."
    ),
}
_CHANGE_NAMES = {
    "headline": "headline",
    "summary": "summary",
    "explanation": "explanation",
    "speaker": "speaker",
    "claim_type": "claim type",
}


def _text_changes(verdict: Verdict, **texts: str | None) -> dict[str, list[str]]:
    """field → [published, corrected] for each text that was given and differs once cleaned (None: keep)."""
    changes: dict[str, list[str]] = {}
    for name, value in texts.items():
        if value is None:
            continue
        new = clean_html(value) if name == "explanation" else value.strip()
        if not new and name in _REQUIRED_TEXT:
            raise ValidationFailed(str(_REQUIRED_TEXT[name]), {name: [str(_REQUIRED_TEXT[name])]})
        limit = getattr(Verdict._meta.get_field(name), "max_length", None)
        if limit and len(new) > limit:
            raise ValidationFailed(
                gettext("The %(field)s is too long.") % {"field": name},
                {name: [gettext("At most %(limit)d characters.") % {"limit": limit}]},
            )
        if new != getattr(verdict, name):
            changes[name] = [getattr(verdict, name), new]
    return changes


def _describe(changes: dict[str, list]) -> str:
    """What the log says changed when the editor left it to the desk: the rating old → new, then the rest."""
    names = [_CHANGE_NAMES[name] for name in changes if name != "rating"]
    rest = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
    if "rating" in changes:
        old, new = changes["rating"]
        sentence = f"Rating changed from {old} to {new}" + (f"; {rest} updated." if rest else ".")
    else:
        sentence = f"{rest[:1].upper()}{rest[1:]} updated."
    return sentence[:300]


@transaction.atomic
def factcheck_correct(
    *,
    claim_id: int,
    actor: Actor,
    note: str,
    what_changed: str = "",
    new_rating_id: int | None = None,
    headline: str | None = None,
    summary: str | None = None,
    explanation: str | None = None,
    kind: str = Correction.Kind.CORRECTION,
    speaker: str | None = None,
    claim_type: str | None = None,
    version: int | None = None,
) -> Correction:
    """published → published with a public correction (or update) appended.

    A correction changes what readers see, so the text can follow a new rating: any of the rating, headline,
    summary and explanation (sanitized like a draft), and the claim's speaker and type (locked everywhere
    else once the verdict was submitted). None leaves a field as published; a value equal to the published
    one is no change, and a correction that changes nothing is refused (a note alone would put an entry in
    the public log with nothing behind it). ``what_changed`` is the log's line; left empty, it is written
    from the changes. The rating is re-snapshotted and logged old → new; the audit event keeps every change
    old → new, and the previous version stays in the revisions.
    """
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.CORRECT, actor=actor, version=version)
    note = require_text(note, field="note", message=gettext("Write the correction note readers will see."))
    if kind not in (Correction.Kind.CORRECTION, Correction.Kind.UPDATE):
        raise ValidationFailed(
            gettext("Unknown kind %(value)r.") % {"value": kind}, {"kind": [gettext("Use correction or update.")]}
        )
    details = apply_details(claim, claim_type=claim_type, speaker=speaker)
    verdict = locked_verdict(claim)
    changes: dict[str, list] = {}
    rating = None
    if new_rating_id not in (None, ""):
        rating = get_rating(new_rating_id, field="new_rating_id")
        if rating.pk != verdict.rating_id:
            changes["rating"] = [(verdict.published_rating or {}).get("label", ""), rating.label]
    changes.update(_text_changes(verdict, headline=headline, summary=summary, explanation=explanation))
    if not changes and not details:
        raise ValidationFailed(
            gettext(
                "This correction changes nothing: give a new rating, headline, summary or explanation (or the "
                "claim's speaker or type) that differs from what is published. The note explains a change; it "
                "cannot be one on its own."
            )
        )
    what_changed = (what_changed or "").strip() or _describe({**changes, **details})
    if rating is not None and "rating" in changes:
        verdict.rating = rating
        verdict.published_rating = rating_snapshot(rating)
    for name in ("headline", "summary", "explanation"):
        if name in changes:
            setattr(verdict, name, changes[name][1])
    verdict.modified_at = timezone.now()
    verdict.version += 1
    verdict.save()
    old_label, new_label = changes.get("rating", ["", ""])
    correction = Correction.objects.create(
        verdict=verdict,
        kind=kind,
        what_changed=what_changed[:300],
        old_rating=old_label,
        new_rating=new_label,
        note=note,
        decided_by=actor,
    )
    old = move(claim, transition.target, *details)
    revision = _revise(verdict, VerdictRevision.Kind.CORRECT, actor)
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=note,
        data={
            "correction": correction.pk,
            "what_changed": what_changed,
            "rating": [old_label, new_label],
            "changes": changes,
            "revision": revision.number,
            "details": details,
        },
    )
    _tell_readers(verdict, "correct")
    return correction


@transaction.atomic
def factcheck_retract(*, claim_id: int, actor: Actor, reason: str, version: int | None = None) -> Verdict:
    """published → retracted. The page stays up with a public retraction notice and the reason."""
    claim = lock_claim(claim_id)
    transition = guard(claim=claim, action=Action.RETRACT, actor=actor, version=version)
    reason = require_text(reason, field="reason", message=gettext("A retraction needs a public reason."))
    verdict = locked_verdict(claim)
    now = timezone.now()
    verdict.retracted_at = now
    verdict.retraction_reason = reason
    verdict.modified_at = now
    verdict.version += 1
    verdict.save()
    correction = Correction.objects.create(
        verdict=verdict,
        kind=Correction.Kind.RETRACTION,
        what_changed="The fact-check was retracted.",  # stored: the public log's line
        note=reason,
        decided_by=actor,
        old_rating=(verdict.published_rating or {}).get("label", ""),
    )
    old = move(claim, transition.target)
    revision = _revise(verdict, VerdictRevision.Kind.RETRACT, actor)
    record(
        action=transition.event,
        actor=actor,
        target=verdict,
        claim=claim,
        from_state=old,
        to_state=claim.state,
        note=reason,
        data={"correction": correction.pk, "revision": revision.number},
    )
    _tell_readers(verdict, "retract")
    return verdict
