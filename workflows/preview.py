"""What publishing an approved verdict would show readers, before it goes out: the public page (and its
ClaimReview) built from the draft in memory, exactly as ``factcheck.publishing`` builds a published one.

Nothing is saved: the rating snapshot, the publication time and the slug are set on the unsaved verdict
only, so the preview cannot drift from the page (the same ``display.page`` and ``jsonld.claim_review``)
and cannot publish anything. Who may see it is who may publish it now (state, policy, role), the checks
``factcheck_publish`` makes, so a preview is never a way to read a draft one may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from factcheck.claims.models import ClaimState
from factcheck.publishing import display, jsonld
from factcheck.publishing import selectors as public_selectors
from factcheck.verdicts.models import Verdict

from . import permissions, transitions
from .actions import Action
from .exceptions import TransitionNotAllowed, ValidationFailed
from .services import rating_snapshot


@dataclass(frozen=True)
class PublicationPreview:
    verdict: Verdict
    page: display.FactCheckPage
    claim_review: str  # the JSON-LD, escaped for a <script> block


def _likely_slug(verdict: Verdict) -> str:
    """The slug publishing will take if it is still free then (``factcheck_publish`` picks the first free
    one of the same candidates): the headline's, numbered when taken."""
    if verdict.slug:
        return verdict.slug
    claim = verdict.claim
    base = slugify(verdict.headline or claim.text)[:100].strip("-") or f"fact-check-{claim.pk}"
    taken = set(Verdict.objects.filter(slug__startswith=base).exclude(pk=verdict.pk).values_list("slug", flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def check_can_publish(user, claim) -> None:
    """The checks ``factcheck_publish`` makes before it changes anything (state, policy, role)."""
    try:
        transitions.get_transition(claim.state, Action.PUBLISH)
    except TransitionNotAllowed:
        raise TransitionNotAllowed(
            gettext(
                "Only an approved verdict can be published, and this claim is “%(state)s”: it needs an editor's "
                "sign-off first."
            )
            % {"state": claim.get_state_display()}
            if claim.state != ClaimState.PUBLISHED
            else gettext("This fact-check is already published: publish a correction to change it, or retract it.")
        ) from None
    transitions.check_policy(Action.PUBLISH)
    permissions.check(user, Action.PUBLISH, claim)


def publication_preview(user, claim, request=None) -> PublicationPreview:
    """The public page of ``claim``'s approved verdict as it would be published now; a ``WorkflowError``
    saying why when ``user`` may not publish it."""
    check_can_publish(user, claim)
    verdict = (
        Verdict.objects.select_related("claim__article", "rating__scale", "author", "editor")
        .filter(claim=claim)
        .first()
    )
    if verdict is None or verdict.rating_id is None:
        raise ValidationFailed(
            gettext("The verdict has no rating."), {"rating": [gettext("An approved verdict needs a rating.")]}
        )
    public_selectors.with_page_relations(verdict)
    now = timezone.now()
    verdict.published_rating = rating_snapshot(verdict.rating)
    verdict.published_at = verdict.published_at or now
    verdict.modified_at = now
    verdict.slug = _likely_slug(verdict)
    page = display.page(verdict, request)
    return PublicationPreview(
        verdict=verdict, page=page, claim_review=jsonld.dumps_for_script(jsonld.claim_review(page.fc))
    )
