"""The fact-check index: newest first, filters, search (PostgreSQL FTS or the SQLite fallback), pages."""

from datetime import timedelta

import pytest

from factcheck.claims.models import ClaimState
from factcheck.publishing.views import PAGE_SIZE
from tests.unit.publishing.conftest import BASE_TIME, parse

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [text for level, text in parse(response).headings if level == 2]


def test_index_lists_published_newest_first_and_hides_the_rest(client, make_factcheck):
    for i in range(3):
        make_factcheck(headline=f"Check {i}", published_at=BASE_TIME + timedelta(days=i))
    make_factcheck(headline="A draft", state=ClaimState.SUBMITTED)
    retracted = make_factcheck(headline="Withdrawn one")
    retracted.claim.state = ClaimState.RETRACTED
    retracted.claim.save()

    response = client.get("/fact-checks/")

    assert response.status_code == 200
    assert titles(response) == ["Check 2", "Check 1", "Check 0"]
    page = parse(response)
    assert "3 fact-checks" in page.text
    assert page.find("link", rel="canonical")[0]["href"] == "http://127.0.0.1:8000/fact-checks/"
    assert not page.find("meta", name="robots")
    assert page.headings[0] == (1, "Fact-checks")


def test_filter_by_rating_claim_type_and_speaker(client, make_factcheck):
    make_factcheck(headline="False quantity by Ann", rating="false", claim_type="quantity", speaker="Ann Example")
    make_factcheck(headline="True prediction by Ann", rating="true", claim_type="prediction", speaker="Ann Example")
    make_factcheck(headline="False prediction by Bob", rating="false", claim_type="prediction", speaker="Bob Example")
    make_factcheck(headline="Unverifiable by the paper", rating="unverifiable", speaker="")

    assert titles(client.get("/fact-checks/", {"rating": "false"})) == [
        "False prediction by Bob",
        "False quantity by Ann",
    ]
    assert titles(client.get("/fact-checks/", {"type": "prediction"})) == [
        "False prediction by Bob",
        "True prediction by Ann",
    ]
    assert titles(client.get("/fact-checks/", {"speaker": "Ann Example"})) == [
        "True prediction by Ann",
        "False quantity by Ann",
    ]
    assert titles(client.get("/fact-checks/", {"rating": "false", "speaker": "Ann Example"})) == [
        "False quantity by Ann"
    ]
    assert titles(client.get("/fact-checks/", {"rating": "no-such-rating"})) == []
    filtered = parse(client.get("/fact-checks/", {"rating": "false"}))
    assert filtered.find("meta", name="robots")[0]["content"] == "noindex, follow"
    assert "selected" in filtered.find("option", value="false")[0]


def test_filter_choices_come_from_published_factchecks(client, make_factcheck):
    make_factcheck(rating="false", speaker="Ann Example")
    make_factcheck(rating="unverifiable", speaker="Bob Example")
    make_factcheck(rating="true", speaker="Secret Draft Speaker", state=ClaimState.APPROVED)
    page = parse(client.get("/fact-checks/"))
    ratings = [o["value"] for o in page.find("option") if o.get("value") in {"false", "true", "unverifiable"}]
    assert ratings == ["false", "unverifiable"]  # on-scale first, the draft's rating absent
    speakers = [o["value"] for o in page.find("option") if "Example" in o.get("value", "")]
    assert speakers == ["Ann Example", "Bob Example"]
    assert "Secret Draft Speaker" not in page.text
    assert {o["value"] for o in page.find("option")} >= {"quantity", "prediction", "laws_rules"}


def test_search_matches_headline_claim_speaker_and_explanation(client, make_factcheck):
    make_factcheck(headline="Hospital waiting lists", claim_text="Waiting lists halved last year.", summary="")
    make_factcheck(
        headline="School budgets", claim_text="Schools received more money.", speaker="Carla Mayor", summary=""
    )
    make_factcheck(headline="Rail fares", explanation="<p>The regulator publishes fare indices.</p>", summary="")

    assert titles(client.get("/fact-checks/", {"q": "hospital"})) == ["Hospital waiting lists"]
    assert titles(client.get("/fact-checks/", {"q": "halved"})) == ["Hospital waiting lists"]
    assert titles(client.get("/fact-checks/", {"q": "Carla"})) == ["School budgets"]
    assert titles(client.get("/fact-checks/", {"q": "regulator"})) == ["Rail fares"]
    assert titles(client.get("/fact-checks/", {"q": "school money"})) == ["School budgets"]
    assert titles(client.get("/fact-checks/", {"q": "school hospital"})) == []
    everything = ["Rail fares", "School budgets", "Hospital waiting lists"]
    assert titles(client.get("/fact-checks/", {"q": "   "})) == everything
    page = parse(client.get("/fact-checks/", {"q": "hospital"}))
    assert page.find("input", name="q")[0]["value"] == "hospital"
    assert "1 fact-check match" in page.text


def test_pagination_keeps_filters_and_survives_bad_page_numbers(client, make_factcheck):
    for i in range(PAGE_SIZE + 5):
        make_factcheck(headline=f"Check {i:02d}", published_at=BASE_TIME + timedelta(hours=i), rating="false")

    first = client.get("/fact-checks/", {"rating": "false"})
    assert len(titles(first)) == PAGE_SIZE
    assert titles(first)[0] == f"Check {PAGE_SIZE + 4:02d}"
    next_link = parse(first).find("a", rel="next")[0]["href"]
    assert next_link == "?rating=false&page=2"

    second = client.get("/fact-checks/?rating=false&page=2")
    assert titles(second) == [f"Check {i:02d}" for i in range(4, -1, -1)]
    assert parse(second).find("a", rel="prev")[0]["href"] == "?rating=false&page=1"
    assert not parse(second).find("a", rel="next")

    assert titles(client.get("/fact-checks/", {"page": "999"})) == titles(client.get("/fact-checks/", {"page": "2"}))
    assert titles(client.get("/fact-checks/", {"page": "abc"})) == titles(first)
    unfiltered_page_2 = parse(client.get("/fact-checks/", {"page": "2"}))
    assert unfiltered_page_2.find("link", rel="canonical")[0]["href"] == "http://127.0.0.1:8000/fact-checks/?page=2"


def test_control_characters_in_filters_are_ignored_not_a_500(client, make_factcheck):
    make_factcheck(headline="Hospital waiting lists", summary="")
    response = client.get("/fact-checks/", {"q": "hosp\x00ital", "speaker": "\x00", "rating": "\x07"})
    assert response.status_code == 200
    assert titles(response) == ["Hospital waiting lists"]


def test_empty_index_still_renders(client, rating_scale):
    response = client.get("/fact-checks/")
    assert response.status_code == 200
    assert "No fact-checks yet." in parse(response).text


def test_root_redirects_readers_to_the_index_and_admin_stays(client):
    assert client.get("/")["Location"] == "/fact-checks/"
    assert client.get("/admin/").status_code in (200, 302)
