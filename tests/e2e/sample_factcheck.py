"""Publish one fact-check through the workflow services, before the e2e server starts.

Run as ``python -m tests.e2e.sample_factcheck`` against the e2e database (DATABASE_URL in the environment).
The accessibility and screenshot tests use it, so they do not depend on the journey test having run, and
it is published before the server starts so the server's page cache cannot hold a page from before it.
Prints one JSON line: claim id, slug, headline, rating.
"""

import json

import django


def main() -> dict:
    django.setup()
    from django.contrib.auth import get_user_model

    from factcheck.claims.models import Claim, ClaimState, ClaimType
    from factcheck.verdicts.models import EvidenceLink, Rating
    from workflows import services

    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    # Not a quantity claim: the journey works on the quantity claims.
    claim = (
        Claim.objects.filter(state=ClaimState.NEW)
        .exclude(claim_type=ClaimType.QUANTITY)
        .order_by("priority", "-score", "id")
        .first()
    )
    rating = Rating.objects.get(slug="half-true")
    headline = "Sample fact-check: the claim is partly right"
    services.claim_assign(claim_id=claim.pk, actor=editor, reviewers=[reviewer])
    verdict = services.review_start(claim_id=claim.pk, actor=reviewer)
    services.evidence_add(
        claim_id=claim.pk,
        actor=reviewer,
        url="https://example.org/official-statistics",
        title="Official statistics",
        publisher="Statistics office",
        quote="The figure for the year was lower.",
        stance=EvidenceLink.Stance.REFUTES,
    )
    services.evidence_add(
        claim_id=claim.pk,
        actor=reviewer,
        url="https://example.org/report",
        title="Independent report",
        publisher="Research institute",
        quote="The trend matches the claim.",
        stance=EvidenceLink.Stance.SUPPORTS,
    )
    verdict = services.verdict_save_draft(
        claim_id=claim.pk,
        actor=reviewer,
        rating_id=rating.pk,
        headline=headline,
        summary="The direction is right but the number is overstated.",
        explanation='<p>We compared the claim with <a href="https://example.org/report">the report</a>.</p>',
        version=verdict.version,
    )
    services.verdict_submit(claim_id=claim.pk, actor=reviewer)
    services.verdict_approve(claim_id=claim.pk, actor=editor)
    verdict = services.factcheck_publish(claim_id=claim.pk, actor=editor)
    return {"claim_id": claim.pk, "slug": verdict.slug, "headline": headline, "rating": rating.label}


if __name__ == "__main__":
    print(json.dumps(main()))
