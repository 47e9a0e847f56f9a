"""The public site driven by the real workflow services: publish, correct, retract, each purging on commit."""

import json

import pytest

from factcheck.publishing.cache import generation
from tests.factories import claim_in_state
from tests.unit.publishing.conftest import claim_reviews, parse, xml_root
from workflows import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(users, ratings):
    claim = claim_in_state(
        "approved",
        reviewer=users["reviewer"],
        editor=users["editor"],
        rating=ratings["mostly-false"],
        speaker="Jane Minister",
    )
    return claim


def _url(claim) -> str:
    claim.verdict.refresh_from_db()
    return claim.verdict.get_absolute_url()


def test_publish_correct_retract_through_the_services(
    client, approved, users, ratings, django_capture_on_commit_callbacks
):
    editor = users["editor"]
    assert client.get("/fact-checks/").content.count(b'class="card"') == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_publish(claim_id=approved.pk, actor=editor)
    url = _url(approved)
    published = client.get(url)
    assert published.status_code == 200
    review = claim_reviews(published)[0]
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["reviewRating"]["ratingValue"] == 3
    assert "dateModified" not in review, "publishing stamps modified_at, but nothing changed yet"
    assert "Researched by reviewer" in parse(published).text and "Edited by editor" in parse(published).text
    assert client.get("/fact-checks/").content.count(b'class="card"') == 1

    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_correct(
            claim_id=approved.pk,
            actor=editor,
            what_changed="The rating",
            note="A second source settled it.",
            new_rating_id=ratings["false"].pk,
            headline="Corrected headline",
        )
    assert generation() > before, "the service purged the page cache on commit"
    corrected = client.get(url, HTTP_IF_NONE_MATCH=published["ETag"])
    assert corrected.status_code == 200
    page = parse(corrected)
    assert page.headings[0] == (1, "Corrected headline")
    assert "Rating changed from Mostly false to False." in page.text
    assert "A second source settled it." in page.text
    review = claim_reviews(corrected)[0]
    assert review["reviewRating"]["alternateName"] == "False" and review["reviewRating"]["ratingValue"] == 2
    assert review["dateModified"] >= review["datePublished"]  # same second in a fast test
    assert page.find("time", datetime=review["dateModified"], **{"class": "modified"})

    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_retract(claim_id=approved.pk, actor=editor, reason="The source was fabricated.")
    retracted = client.get(url, HTTP_IF_NONE_MATCH=corrected["ETag"])
    assert retracted.status_code == 200
    text = parse(retracted).text
    assert "This fact-check has been retracted" in text and "Why: The source was fabricated." in text
    assert "Withdrawn rating: False." in text
    log = [text.index(s) for s in ("The rating", "The fact-check was retracted.")]
    assert log == sorted(log), "corrections log in order, retraction last"
    assert claim_reviews(retracted) == []
    assert client.get("/fact-checks/").content.count(b'class="card"') == 0
    assert json.loads(client.get("/fact-checks/claimreview.json").content)["dataFeedElement"] == []
    assert xml_root(client.get("/fact-checks/feed/rss/")).findall("./channel/item") == []


def test_unpublished_claims_are_404_until_the_service_publishes(
    client, approved, users, django_capture_on_commit_callbacks
):
    approved.verdict.slug = "preview-slug"
    approved.verdict.save()
    assert client.get("/fact-checks/preview-slug/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_publish(claim_id=approved.pk, actor=users["editor"])
    assert client.get(_url(approved)).status_code == 200
