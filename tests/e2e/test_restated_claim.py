"""A claim extraction missed, added by its span in the seed article and restated by an editor, as readers
then see it: the restated claim on the page and in its ClaimReview (author, date, where it appeared), the
sentence "as it appeared" under it, at desktop and phone width, with axe.

The desk's forms for adding and restating are another part's; this drives the API an integration (or those
forms) calls, through the browser's own request context, then reads the public page in the browser.
Screenshots: ``test-artifacts/claim-edits/``.
"""

from __future__ import annotations

import json

import pytest

from .conftest import DESKTOP, PHONE, REPO, describe_violations, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e
SHOTS = REPO / "test-artifacts" / "claim-edits"
MISSED = (
    "if a patient is fully cured of melanoma through this method, they acquire permanent immunity and "
    "cannot develop this specific form of cancer again in the future."
)
RESTATED = (
    "Patients fully cured of melanoma with the Belgrade clinic's new method can never develop that form "
    "of cancer again."
)
APPEARANCE = "https://tv.example.org/morning-show/melanoma-interview"


def _token(request, username: str, password: str) -> str:
    response = request.post("/api/v1/auth/token/", data={"username": username, "password": password})
    assert response.status == 200, response.text()
    return response.json()["token"]


def _call(request, token: str, method: str, path: str, body: dict | None = None, expect_status: int = 200) -> dict:
    response = request.fetch(path, method=method, data=body, headers={"Authorization": f"Token {token}"})
    assert response.status == expect_status, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


def test_a_missed_claim_added_by_span_and_restated_is_what_readers_see(e2e_server, new_context):
    SHOTS.mkdir(parents=True, exist_ok=True)
    article_id, raw = e2e_server.query(
        "SELECT id, raw_text FROM articles_article WHERE raw_text LIKE ?", ("%acquire permanent immunity%",)
    )[0]
    start = raw.index(MISSED)
    request = new_context().request
    editor, reviewer, admin = (_token(request, name, e2e_server.password) for name in ("editor", "reviewer", "admin"))

    added = _call(
        request,
        editor,
        "POST",
        "/api/v1/claims/",
        {"article": article_id, "start": start, "end": start + len(MISSED)},
        expect_status=201,
    )
    assert added["text"] == MISSED and added["origin"] == "manual" and added["state"] == "new"
    assert added["speaker"] == "Sergey Boljević", "the speaker is guessed as extraction would"
    claim = f"/api/v1/claims/{added['id']}/"
    refused = _call(
        request,
        editor,
        "POST",
        "/api/v1/claims/",
        {"article": article_id, "start": start, "end": start + len(MISSED)},
        expect_status=400,
    )
    assert f"already claim {added['id']}" in refused["detail"]

    restated = _call(
        request,
        editor,
        "PATCH",
        claim,
        {
            "claim_reviewed": RESTATED,
            "claim_date": "2025-01-14",
            "appearance_url": APPEARANCE,
            "version": added["version"],
        },
    )
    assert restated["claim_reviewed"] == RESTATED and restated["text"] == MISSED
    stale = _call(
        request, editor, "PATCH", claim, {"speaker": "Someone else", "version": added["version"]}, expect_status=409
    )
    assert stale["current_version"] == restated["version"]

    _call(request, editor, "POST", claim + "assign/", {"reviewers": ["reviewer"]})
    _call(request, reviewer, "POST", claim + "start/", {})
    _call(
        request,
        reviewer,
        "POST",
        claim + "evidence/",
        {
            "url": "https://example.org/melanoma-recurrence",
            "title": "Melanoma recurrence after remission",
            "stance": "refutes",
        },
        expect_status=201,
    )
    verdict = _call(request, reviewer, "GET", claim + "verdict/")
    _call(
        request,
        reviewer,
        "PUT",
        claim + "verdict/",
        {
            "rating": "false",
            "headline": "No treatment makes melanoma patients permanently immune",
            "summary": "Melanoma can come back after remission; no study shows permanent immunity.",
            "explanation": "<p>Oncologists describe remission, not immunity.</p>",
            "version": verdict["version"],
        },
    )
    _call(request, reviewer, "POST", claim + "submit/", {})
    _call(request, admin, "POST", claim + "approve/", {})
    published = _call(request, editor, "POST", claim + "publish/", {})

    failures = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_context(viewport=viewport).new_page()
        page.goto(published["path"])
        expect(page.locator("blockquote.claim-text")).to_have_text(RESTATED)
        expect(page.locator(".claim-as-appeared")).to_contain_text(f"As it appeared: “{MISSED}”")
        expect(page.locator("a.claim-appearance")).to_have_attribute("href", APPEARANCE)
        expect(page.locator("time.claim-date")).to_have_attribute("datetime", "2025-01-14")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
        page.screenshot(path=SHOTS / f"public-restated-claim-{name}.png", full_page=True)
        failures += run_axe(page, f"public-restated-claim-{name}")
        review = json.loads(page.locator("script[type='application/ld+json']").text_content())
        assert review["claimReviewed"] == RESTATED
        item = review["itemReviewed"]
        assert item["author"] == {"@type": "Person", "name": "Sergey Boljević"}
        assert item["datePublished"] == "2025-01-14"
        appearances = item["appearance"] if isinstance(item["appearance"], list) else [item["appearance"]]
        assert appearances[0] == {"@type": "CreativeWork", "url": APPEARANCE}
    assert not failures, describe_violations(failures)
