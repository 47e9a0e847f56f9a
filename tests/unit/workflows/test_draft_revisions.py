"""A draft has history: every save of the verdict draft is a revision (who, when, the fields as saved);
a refused save writes none."""

import pytest

from factcheck.verdicts.models import DraftRevision
from workflows import services
from workflows.exceptions import StaleEdit

pytestmark = pytest.mark.django_db


def save(claim, actor, version, **fields):
    values = {"rating_id": None, "headline": "", "summary": "", "explanation": ""} | fields
    return services.verdict_save_draft(claim_id=claim.pk, actor=actor, version=version, **values)


def test_every_save_is_a_revision_with_its_author_time_and_fields(users, make_claim, ratings):
    claim = make_claim("in_review")
    start = claim.verdict.version
    first = save(
        claim,
        users["reviewer"],
        start,
        rating_id=ratings["false"].pk,
        headline="First",
        summary="S1",
        explanation="<p>One<script>x()</script></p>",
    )
    second = save(
        claim,
        users["admin"],
        first.version,
        rating_id=ratings["true"].pk,
        headline="Second",
        summary="S1",
        explanation="<p>One</p>",
    )
    revisions = list(DraftRevision.objects.filter(verdict=claim.verdict).order_by("number"))
    assert [r.number for r in revisions] == [start + 1, start + 2] == [first.version, second.version]
    one, two = revisions
    assert (one.author, one.rating, one.rating_label, one.headline, one.summary) == (
        users["reviewer"],
        ratings["false"],
        ratings["false"].label,
        "First",
        "S1",
    )
    assert one.explanation == "<p>One</p>", "the revision keeps the text as saved (sanitized)"
    assert two.author == users["admin"] and two.headline == "Second" and two.created_at >= one.created_at
    assert set(two.changed) == {"rating_id", "headline"}


def test_a_refused_save_writes_no_revision(users, make_claim):
    claim = make_claim("in_review")
    version = claim.verdict.version
    save(claim, users["reviewer"], version, headline="Mine")
    with pytest.raises(StaleEdit):
        save(claim, users["reviewer"], version, headline="From an old tab")
    assert list(DraftRevision.objects.values_list("headline", flat=True)) == ["Mine"]
