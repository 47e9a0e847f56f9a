"""ClaimReview JSON-LD: the fields Google and the Fact Check Explorer read, and agreement with the page."""

import json

import pytest
from django.test import override_settings

from factcheck.claims.models import ClaimState
from factcheck.publishing import jsonld
from tests.unit.publishing.conftest import claim_reviews, parse

pytestmark = pytest.mark.django_db


def _one_claim_review(response) -> dict:
    reviews = claim_reviews(response)
    assert len(reviews) == 1, reviews
    return reviews[0]


def test_claimreview_has_the_required_fields(client, make_factcheck):
    verdict = make_factcheck(rating="mostly-false")
    review = _one_claim_review(client.get(verdict.get_absolute_url()))

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"http://127.0.0.1:8000/fact-checks/{verdict.slug}/"
    assert review["claimReviewed"] == "The clinic treated 500 patients in 2024."
    assert review["author"] == {"@type": "Organization", "name": "Factdesk", "url": "http://127.0.0.1:8000/"}
    assert review["datePublished"] == "2025-03-01T09:30:00+00:00"
    assert "dateModified" not in review, "no correction yet"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Jane Minister"},
        "datePublished": "2025-02-26",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://news.example.com/clinic",
            "headline": "Minister visits clinic",
            "publisher": {"@type": "Organization", "name": "Daily Example"},
            "datePublished": "2025-02-26",
        },
    }


@pytest.mark.parametrize("rating", ["true", "half-true", "fabricated", "unverifiable", "missing-context"])
def test_claimreview_agrees_with_what_the_page_shows(client, make_factcheck, rating):
    verdict = make_factcheck(rating=rating, corrections=1)
    response = client.get(verdict.get_absolute_url())
    review = _one_claim_review(response)
    page = parse(response)

    assert page.find("link", rel="canonical")[0]["href"] == review["url"]
    blockquote_text = page.text.split("The claim ", 1)[1]
    assert blockquote_text.startswith(review["claimReviewed"])
    label = review["reviewRating"]["alternateName"]
    assert page.find("a", href=f"/ratings/#{rating}"), "the page links the rating it shows"
    assert f"Our rating {label}" in page.text
    if "ratingValue" in review["reviewRating"]:
        r = review["reviewRating"]
        assert r["worstRating"] >= 1 and r["worstRating"] <= r["ratingValue"] <= r["bestRating"]
        scale = f"{r['ratingValue']} on a scale from {r['worstRating']} (worst) to {r['bestRating']} (best)"
        assert f"{label}: {scale}" in page.text
    else:
        assert f"{label}: outside the numeric scale" in page.text
    assert page.find("time", datetime=review["datePublished"], **{"class": "published"})
    assert page.find("time", datetime=review["dateModified"], **{"class": "modified"})
    assert page.find("span", **{"class": "claim-author"})
    assert f"{review['itemReviewed']['author']['name']}, in" in page.text
    assert page.find("a", href=review["itemReviewed"]["appearance"]["url"], **{"class": "claim-source"})
    assert page.find("time", datetime=review["itemReviewed"]["datePublished"], **{"class": "claim-date"})
    assert review["author"]["name"] in page.text
    assert review["headline"] == page.headings[0][1]


@override_settings(
    FACTDESK={
        "ORG_NAME": "Example Checks",
        "ORG_URL": "https://checks.example.org/",
        "SITE_URL": "https://checks.example.org/",
    }
)
def test_organisation_and_canonical_url_come_from_settings(client, make_factcheck):
    verdict = make_factcheck()
    response = client.get(verdict.get_absolute_url(), HTTP_HOST="testserver")
    review = _one_claim_review(response)
    assert review["author"] == {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example.org/"}
    assert review["url"] == f"https://checks.example.org/fact-checks/{verdict.slug}/"
    assert parse(response).find("link", rel="canonical")[0]["href"] == review["url"]


def test_dumps_for_script_escapes_markup_and_round_trips():
    data = {"claimReviewed": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = jsonld.dumps_for_script(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_claimreview_feed_lists_only_live_factchecks(client, make_factcheck):
    live = [make_factcheck(headline=f"Live {i}") for i in range(3)]
    retracted = make_factcheck(headline="Retracted one")
    retracted.claim.state = ClaimState.RETRACTED
    retracted.claim.save()
    make_factcheck(headline="Still a draft", state="approved")

    response = client.get("/fact-checks/claimreview.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    feed = json.loads(response.content)
    assert feed["@type"] == "DataFeed"
    urls = {item["url"] for item in feed["dataFeedElement"]}
    assert urls == {f"http://127.0.0.1:8000{v.get_absolute_url()}" for v in live}
    assert all(item["@type"] == "ClaimReview" and "reviewRating" in item for item in feed["dataFeedElement"])
