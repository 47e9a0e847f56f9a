"""The public API: no credentials, published fact-checks only (retracted ones marked), drafts invisible."""

import pytest

from factcheck.verdicts.models import Verdict

pytestmark = pytest.mark.django_db


def test_list_is_newest_first_with_retracted_marked_and_no_drafts(client_for, make_claim):
    anonymous = client_for(None)
    older = make_claim("published")
    retracted = make_claim("retracted")
    newer = make_claim("published")
    make_claim("approved")
    make_claim("in_review")
    body = anonymous.get("/api/v1/fact-checks/").json()
    slugs = [fc["slug"] for fc in body["results"]]
    by_claim = {v.claim_id: v.slug for v in Verdict.objects.filter(slug__isnull=False)}
    assert slugs == [by_claim[newer.pk], by_claim[retracted.pk], by_claim[older.pk]]
    marked = {fc["slug"]: fc["retracted"] for fc in body["results"]}
    assert marked[by_claim[retracted.pk]] is True and marked[by_claim[newer.pk]] is False


def test_list_pages(client_for, make_claim):
    for _ in range(5):
        make_claim("published")
    seen, url = [], "/api/v1/fact-checks/?page_size=2"
    while url:
        body = client_for(None).get(url).json()
        seen += [fc["slug"] for fc in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 5


def test_detail_has_claim_review_and_retracted_detail_has_none(client_for, make_claim):
    anonymous = client_for(None)
    live = Verdict.objects.get(claim=make_claim("published"))
    body = anonymous.get(f"/api/v1/fact-checks/{live.slug}/").json()
    assert body["claim_review"]["@type"] == "ClaimReview"
    assert body["claim_review"]["reviewRating"]["alternateName"] == "Mostly false"
    assert body["evidence"] and body["reviewers"] == ["reviewer"]
    gone = Verdict.objects.get(claim=make_claim("retracted"))
    body = anonymous.get(f"/api/v1/fact-checks/{gone.slug}/").json()
    assert body["retracted"] is True and body["claim_review"] is None and body["retraction_reason"] == "Wrong."


def test_drafts_and_unknown_slugs_are_404(client_for, make_claim):
    draft = Verdict.objects.get(claim=make_claim("approved"))
    draft.slug = "not-yet"
    draft.save(update_fields=["slug"])
    for slug in ("not-yet", "no-such-thing"):
        response = client_for(None).get(f"/api/v1/fact-checks/{slug}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_public_endpoints_ignore_bad_credentials(make_claim):
    """A stale token in a reader's client must not turn a public read into a 401."""
    from rest_framework.test import APIClient

    make_claim("published")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/fact-checks/").status_code == 200
    assert client.get("/api/v1/ratings/").status_code == 200


def test_text_is_plain_on_the_public_api(client_for, make_claim):
    claim = make_claim("published", speaker="<b>The minister</b>")
    verdict = Verdict.objects.get(claim=claim)
    verdict.headline = "<script>alert(1)</script>Headline"
    verdict.save(update_fields=["headline"])
    body = client_for(None).get(f"/api/v1/fact-checks/{verdict.slug}/").json()
    assert "<" not in body["headline"] and body["claim"]["speaker"] == "The minister"
