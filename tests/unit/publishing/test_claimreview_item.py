"""The claim as the desk restated it, on the public page, in ClaimReview, the feeds and the public API:
``claimReviewed`` is the restatement, ``itemReviewed`` says who made the claim (a Person or an
Organization), when, and where it appeared; the sentence as it appeared stays on the page."""

import datetime
import json

import pytest
from django.test import override_settings

from factcheck.publishing import display, jsonld
from tests.unit.publishing.conftest import claim_reviews, parse, xml_root

pytestmark = pytest.mark.django_db

SENTENCE = "Of them 60% have been totally cured and have recovered."
RESTATED = "60% of the melanoma patients treated with the new method at the Belgrade clinic were cured."


def _restated(make_factcheck, **claim_fields):
    verdict = make_factcheck(claim_text=SENTENCE, speaker="Sergey Boljević")
    claim = verdict.claim
    fields = {
        "claim_reviewed": RESTATED,
        "claim_date": datetime.date(2025, 2, 20),
        "appearance_url": "https://tv.example.org/interview/42",
        **claim_fields,
    }
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save()
    return verdict


def _review(response) -> dict:
    reviews = claim_reviews(response)
    assert len(reviews) == 1, reviews
    return reviews[0]


def test_claimreview_reviews_the_restated_claim_with_author_date_and_appearances(client, make_factcheck):
    verdict = _restated(make_factcheck)
    review = _review(client.get(verdict.get_absolute_url()))
    assert review["claimReviewed"] == RESTATED
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Sergey Boljević"}
    assert item["datePublished"] == "2025-02-20", "the claim's own date, not the article's"
    assert item["appearance"] == [
        {"@type": "CreativeWork", "url": "https://tv.example.org/interview/42"},
        {
            "@type": "CreativeWork",
            "url": "https://news.example.com/clinic",
            "headline": "Minister visits clinic",
            "publisher": {"@type": "Organization", "name": "Daily Example"},
            "datePublished": "2025-02-26",
        },
    ]


def test_an_appearance_that_is_the_article_is_listed_once(client, make_factcheck):
    verdict = _restated(make_factcheck, appearance_url="https://news.example.com/clinic")
    item = _review(client.get(verdict.get_absolute_url()))["itemReviewed"]
    assert item["appearance"]["url"] == "https://news.example.com/clinic"


def test_without_a_claim_date_the_article_date_stands_in(client, make_factcheck):
    verdict = _restated(make_factcheck, claim_date=None, appearance_url="")
    item = _review(client.get(verdict.get_absolute_url()))["itemReviewed"]
    assert item["datePublished"] == "2025-02-26"
    assert item["appearance"]["url"] == "https://news.example.com/clinic"


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("", {"@type": "Organization", "name": "Daily Example"}),
        ("the publication", {"@type": "Organization", "name": "Daily Example"}),
        ("Daily Example", {"@type": "Organization", "name": "Daily Example"}),
        ("Ministry of Health", {"@type": "Organization", "name": "Ministry of Health"}),
        ("WHO", {"@type": "Organization", "name": "WHO"}),
        ("Jane Minister", {"@type": "Person", "name": "Jane Minister"}),
    ],
)
def test_the_claim_author_is_a_person_or_an_organization(client, make_factcheck, speaker, expected):
    verdict = make_factcheck(speaker=speaker)
    item = _review(client.get(verdict.get_absolute_url()))["itemReviewed"]
    assert item["author"] == expected


def test_the_page_shows_the_restated_claim_and_the_sentence_as_it_appeared(client, make_factcheck):
    verdict = _restated(make_factcheck)
    response = client.get(verdict.get_absolute_url())
    page = parse(response)
    after = page.text.split("The claim ", 1)[1]
    assert after.startswith(RESTATED)
    assert f"As it appeared: “{SENTENCE}”" in page.text
    assert page.find("time", datetime="2025-02-20", **{"class": "claim-date"})
    assert page.find("a", href="https://tv.example.org/interview/42", **{"class": "claim-appearance"})


def test_an_unrestated_claim_is_not_quoted_twice(client, make_factcheck):
    verdict = make_factcheck(claim_text=SENTENCE)
    text = parse(client.get(verdict.get_absolute_url())).text
    assert text.count(SENTENCE) == 1 and "As it appeared" not in text


def test_a_link_that_is_not_http_is_never_an_appearance(make_factcheck):
    verdict = _restated(make_factcheck, appearance_url="javascript:alert(1)")
    item = jsonld.item_reviewed(display.summarize(verdict))
    assert item["appearance"]["url"] == "https://news.example.com/clinic"


def test_feeds_index_and_public_api_carry_the_restated_claim(client, make_factcheck):
    verdict = _restated(make_factcheck)
    rss = xml_root(client.get("/fact-checks/feed/rss/"))
    description = rss.find("channel/item/description").text
    assert RESTATED in description and SENTENCE not in description
    assert RESTATED in parse(client.get("/fact-checks/")).text
    feed = json.loads(client.get("/fact-checks/claimreview.json").content)
    assert feed["dataFeedElement"][0]["claimReviewed"] == RESTATED
    public = client.get(f"/api/v1/fact-checks/{verdict.slug}/").json()
    assert public["claim"]["text"] == RESTATED
    assert public["claim_review"]["claimReviewed"] == RESTATED


@override_settings(DEBUG=False)
def test_readers_find_a_fact_check_by_the_words_of_its_restated_claim(client, make_factcheck):
    verdict = _restated(make_factcheck)
    found = parse(client.get("/fact-checks/", {"q": "Belgrade melanoma"})).text
    assert verdict.headline in found
