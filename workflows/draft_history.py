"""Reads of a verdict draft's history: the saves (``DraftRevision``) of a claim's draft, and the draft as
it stands now with who saved it last, which a refused stale save shows beside the writer's own text (the
desk's conflict page and the API's 409 alike).

Only those who may see the draft may read its history (``Action.VIEW_VERDICT``), as for the draft itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext

from factcheck.claims.models import Claim
from factcheck.verdicts.models import DraftRevision, Rating, Verdict

from . import selectors
from .exceptions import NotVisible

DRAFT_FIELDS = ("rating", "headline", "summary", "explanation")


@dataclass(frozen=True)
class SavedDraft:
    """The draft as last saved: the fields, its version, and who saved it when (None before any save
    that was recorded, such as a draft from before revisions were kept)."""

    version: int
    rating: Rating | None
    headline: str
    summary: str
    explanation: str
    saved_by: object | None
    saved_at: datetime.datetime | None

    def value(self, field: str):
        return self.rating.pk if field == "rating" and self.rating else getattr(self, field) or ""


def saved_draft(verdict: Verdict) -> SavedDraft:
    """``verdict`` as stored now, with the author and time of the save that made this version."""
    latest = DraftRevision.objects.filter(verdict=verdict, number=verdict.version).select_related("author").first()
    rating = Rating.objects.filter(pk=verdict.rating_id).first() if verdict.rating_id else None
    return SavedDraft(
        version=verdict.version,
        rating=rating,
        headline=verdict.headline,
        summary=verdict.summary,
        explanation=verdict.explanation,
        saved_by=latest.author if latest else None,
        saved_at=latest.created_at if latest else None,
    )


def _visible_verdict(user, claim: Claim) -> Verdict:
    verdict = selectors.verdict_for(user, claim)  # NotVisible when the user may not see the draft
    if verdict is None:
        raise NotVisible(gettext("This claim has no verdict draft yet: it is created when the review starts."))
    return verdict


def revisions(user, claim: Claim) -> tuple[Verdict, list[DraftRevision]]:
    """The draft's saves, newest first."""
    verdict = _visible_verdict(user, claim)
    return verdict, list(verdict.draft_revisions.select_related("author", "rating").order_by("-number"))


def revision(user, claim: Claim, number: int) -> tuple[Verdict, DraftRevision, DraftRevision | None]:
    """One save, and the save before it (to say what changed), or NotVisible."""
    verdict = _visible_verdict(user, claim)
    found = verdict.draft_revisions.select_related("author", "rating").filter(number=number).first()
    if found is None:
        raise NotVisible(gettext("This draft has no version %(number)s.") % {"number": number})
    previous = verdict.draft_revisions.filter(number__lt=number).order_by("-number").first()
    return verdict, found, previous
