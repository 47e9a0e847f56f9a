"""A stale draft PUT answers 409 with the one error shape, plus the current draft, so a client can merge."""

import pytest

pytestmark = pytest.mark.django_db


def test_stale_put_answers_409_with_the_current_draft(client_for, make_claim, ratings, users):
    claim = make_claim("in_review")
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    reviewer, admin = client_for("reviewer"), client_for("admin")
    loaded = reviewer.get(url).json()["version"]
    body = {
        "rating": "false",
        "headline": "Theirs",
        "summary": "Their summary",
        "explanation": "<p>Theirs</p>",
        "version": loaded,
    }
    assert admin.put(url, body, format="json").status_code == 200
    response = reviewer.put(url, {**body, "headline": "Mine", "version": loaded}, format="json")
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "conflict" and error["current_version"] == loaded + 1
    current = error["current_draft"]
    assert current["version"] == loaded + 1
    assert (current["headline"], current["summary"], current["explanation"]) == (
        "Theirs",
        "Their summary",
        "<p>Theirs</p>",
    )
    assert current["rating"]["slug"] == "false"
    assert current["saved_by"] == users["admin"].get_username() and current["saved_at"]
