"""A correction that rewrites the text as well as the rating, seen by a reader in a real browser.

The fact-check is taken through the desk by the REST API (as a CMS would), corrected through
``POST /api/v1/claims/{id}/correct/`` with a new rating, headline, summary and explanation and with the
editor's own words naming the rating change, then read on the public page at desktop and phone size: the
new text, the ClaimReview, and the corrections log saying the change once. Screenshots land in
``test-artifacts/corrections/``.
"""

from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE, describe_violations, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS.parent / "corrections"
HEADLINE = "The figure is overstated"
NEW_HEADLINE = "The figure is wrong: the audit found far fewer"


def _api(context, server, username: str):
    """A request function for ``username`` with an API token obtained by logging in."""
    token = context.request.post("/api/v1/auth/token/", data={"username": username, "password": server.password})
    assert token.ok, token.text()
    headers = {"Authorization": f"Token {token.json()['token']}", "Content-Type": "application/json"}

    def call(method: str, path: str, body: dict | None = None, expect_status: int = 200) -> dict:
        response = context.request.fetch(
            path, method=method, headers=headers, data=json.dumps(body) if body is not None else None
        )
        assert response.status == expect_status, (method, path, response.status, response.text())
        return response.json()

    return call


def _publish_one(server, editor, reviewer) -> dict:
    """A new claim taken through assignment, review, sign-off and publication over the API."""
    claim_id = server.query(
        "SELECT id FROM claims_claim WHERE state = 'new' AND claim_type != 'quantity' ORDER BY id DESC LIMIT 1"
    )[0][0]
    claim = editor("POST", f"/api/v1/claims/{claim_id}/assign/", {"reviewers": ["reviewer"]})
    claim = reviewer("POST", f"/api/v1/claims/{claim_id}/start/", {"version": claim["version"]})
    reviewer(
        "POST",
        f"/api/v1/claims/{claim_id}/evidence/",
        {
            "url": "https://example.org/audit",
            "title": "The audit",
            "stance": "refutes",
            "quote": "The audit counted far fewer.",
        },
        expect_status=201,
    )
    draft = reviewer("GET", f"/api/v1/claims/{claim_id}/verdict/")
    reviewer(
        "PUT",
        f"/api/v1/claims/{claim_id}/verdict/",
        {
            "rating": "half-true",
            "headline": HEADLINE,
            "summary": "Right direction, wrong number.",
            "explanation": "<p>The direction is right; the number is not.</p>",
            "version": draft["version"],
        },
    )
    reviewer("POST", f"/api/v1/claims/{claim_id}/submit/", {})
    claim = editor("POST", f"/api/v1/claims/{claim_id}/approve/", {})
    return editor("POST", f"/api/v1/claims/{claim_id}/publish/", {"version": claim["version"]})


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide on a {page.viewport_size} screen"


def test_a_corrected_text_and_rating_reach_the_reader_and_the_log_says_it_once(e2e_server, new_context):
    SHOTS.mkdir(parents=True, exist_ok=True)
    api_context = new_context()
    editor, reviewer = _api(api_context, e2e_server, "editor"), _api(api_context, e2e_server, "reviewer")
    published = _publish_one(e2e_server, editor, reviewer)
    claim_id, path = published["claim_id"], published["path"]

    # A note alone is refused with a sentence saying what to send; nothing is logged.
    refused = editor(
        "POST",
        f"/api/v1/claims/{claim_id}/correct/",
        {"note": "We looked again.", "what_changed": "Nothing"},
        expect_status=400,
    )
    assert "changes nothing" in refused["detail"] and "rating, headline, summary or explanation" in refused["detail"]

    corrected = editor(
        "POST",
        f"/api/v1/claims/{claim_id}/correct/",
        {
            "rating": "false",
            "headline": NEW_HEADLINE,
            "summary": "The audit found far fewer than claimed.",
            "explanation": "<p>The audit, published after our check, counted <strong>far fewer</strong>.</p>",
            "what_changed": "Rating changed from Half true to False after the audit",
            "note": "An audit published after our fact-check settled the number.",
            "version": published["claim_version"],
        },
    )
    assert corrected["correction"]["old_rating"] == "Half true" and corrected["correction"]["new_rating"] == "False"

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        reader = new_context(viewport=viewport).new_page()
        reader.goto(path)
        expect(reader.locator("h1")).to_have_text(NEW_HEADLINE)
        expect(reader.locator(".summary")).to_have_text("The audit found far fewer than claimed.")
        expect(reader.locator(".explanation")).to_contain_text("counted far fewer")
        expect(reader.locator(".rating-label")).to_have_text("False")
        log = reader.locator(".corrections-log li.correction")
        expect(log).to_have_count(1)
        expect(log.locator(".what-changed")).to_have_text("Rating changed from Half true to False after the audit")
        expect(log.locator(".note")).to_have_text("An audit published after our fact-check settled the number.")
        assert log.inner_text().count("Half true") == 1, log.inner_text()
        review = json.loads(reader.locator('script[type="application/ld+json"]').first.inner_text())
        assert review["headline"] == NEW_HEADLINE and review["reviewRating"]["alternateName"] == "False"
        assert "dateModified" in review
        _no_sideways_scroll(reader)
        reader.screenshot(path=SHOTS / f"corrected-factcheck-{name}.png", full_page=True)
        reader.locator("section.corrections").scroll_into_view_if_needed()
        reader.screenshot(path=SHOTS / f"corrections-log-{name}.png")
        if name == "desktop":
            violations = run_axe(reader, "public-corrected-factcheck")
            assert not violations, describe_violations(violations)

    feed = api_context.request.get("/fact-checks/feed/rss/")
    assert feed.ok and NEW_HEADLINE in feed.text() and "Rating: False." in feed.text()
