"""An editor files a claim: an admin adds a topic to the desk's list, an article mentioning it comes in and
extraction suggests the topic on its claims; the editor accepts the suggestion and tags the claim on its
page, then finds it through the queue's topic and tag filters; a published fact-check filed under the topic
shows on the topic's public page. Screenshots at 1366x900 and 390x844 in ``/tmp/shots/tags/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/tags")
ARTICLE = (
    "Hospital waiting lists reach a record\n\n"
    "The NHS said 7.6 million people were waiting for hospital treatment in March, the highest figure since "
    "records began in 2007. Health officials said 400,000 patients had waited more than a year for surgery. "
    "The minister blamed strikes for the delays."
)


def _shoot(page, name: str, focus: str | None = None) -> None:
    """The screen as an editor or reader sees it at each size, scrolled to ``focus`` when given."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if focus:
            page.locator(focus).first.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.screenshot(path=SHOTS / f"{name}-{label}.png")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {label} width"
    page.set_viewport_size(DESKTOP)


def _token(request, username: str, password: str) -> str:
    response = request.post("/api/v1/auth/token/", data={"username": username, "password": password})
    assert response.status == 200, response.text()
    return response.json()["token"]


def test_an_editor_accepts_a_suggested_topic_tags_the_claim_and_the_queue_finds_it(e2e_server, new_context):
    # An admin adds the topic, with the words that suggest it.
    admin = login(new_context(), "admin", e2e_server.password, "/admin/claims/topic/add/")
    admin.locator("#id_name").press_sequentially("Health")
    expect(admin.locator("#id_slug")).to_have_value("health")  # filled from the name as it is typed
    admin.fill("#id_description", "Hospitals, waiting lists, vaccines and the health service.")
    admin.fill("#id_keywords", "NHS, hospital, vaccine\nwaiting list")
    admin.click("input[name=_save]")
    expect(admin.locator(".messagelist .success")).to_be_visible()
    _shoot(admin, "topic-admin")

    # An article comes in; extraction suggests the topic on its claims.
    request = new_context().request
    token = _token(request, "editor", e2e_server.password)
    response = request.post(
        "/api/v1/articles/",
        data={"title": "Hospital waiting lists reach a record", "text": ARTICLE},
        headers={"Authorization": f"Token {token}"},
    )
    assert response.status in (200, 202), response.text()
    rows = e2e_server.query(
        "SELECT c.id FROM claims_claim c JOIN claims_claimtopic t ON t.claim_id = c.id "
        "WHERE c.text LIKE '%7.6 million%' AND t.status = 'suggested'"
    )
    assert rows, "extraction suggested no topic for the claim"
    claim_id = rows[0][0]

    # The editor accepts it on the claim page and tags the claim.
    page = login(new_context(), "editor", e2e_server.password, f"/admin/claims/claim/{claim_id}/change/")
    panel = page.locator("#tags")
    expect(panel.locator(".fd-suggestion")).to_contain_text("Health")
    expect(panel.locator(".fd-suggestion")).to_contain_text("found: NHS")
    _shoot(page, "claim-suggested-topic", "#tags")
    panel.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Topic accepted: Health.")
    panel = page.locator("#tags")
    expect(panel.locator(".fd-topic")).to_have_text("Health")
    panel.locator("summary", has_text="Change topics and tags").click()
    tags = panel.locator("#id_tags")
    # A refused save keeps what was typed: a tag too long first.
    tags.fill("waiting lists, " + "x" * 60)
    panel.get_by_role("button", name="Save topics and tags").click()
    expect(page.locator(".messagelist .error")).to_contain_text("too long")
    expect(page.locator("#tags .fd-tags-error")).to_contain_text("too long")  # where the page opens
    expect(page.locator("#tags #id_tags")).to_have_value("waiting lists, " + "x" * 60)
    _shoot(page, "claim-tags-refused", "#tags")
    page.locator("#tags #id_tags").fill("waiting lists, NHS")
    page.locator("#tags").get_by_role("button", name="Save topics and tags").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Tags and topics saved.")
    expect(page.locator("#tags .fd-tag")).to_have_text(["NHS", "waiting lists"])
    _shoot(page, "claim-tagged", "#tags")
    history = page.locator("#history")
    expect(history).to_contain_text("filed the claim under Health")
    expect(history).to_contain_text("tagged the claim “waiting lists” and “NHS”")

    # The queue finds it by topic, and by tag.
    page.goto("/admin/claims/claim/")
    page.locator('#changelist-filter details[data-filter-title="topic"] a', has_text="Health").first.click()
    page.wait_for_url(lambda url: "topic=health" in url)
    rows = page.locator("#result_list tbody tr")
    expect(rows.locator("input.action-select")).to_have_count(1)
    expect(rows.first.locator("input.action-select")).to_have_value(str(claim_id))
    expect(rows.first.locator(".fd-row-topic")).to_have_text("Health")
    expect(rows.first.locator(".fd-row-tag")).to_have_text(["NHS", "waiting lists"])
    _shoot(page, "queue-by-topic")
    page.goto("/admin/claims/claim/?tag=waiting+lists")
    expect(page.locator("#result_list tbody tr input.action-select")).to_have_value(str(claim_id))

    # A published fact-check filed under the topic is on the topic's public page, with its feeds.
    sample = e2e_server.sample
    response = request.fetch(
        f"/api/v1/claims/{sample['claim_id']}/",
        method="PATCH",
        data={
            "version": request.get(
                f"/api/v1/claims/{sample['claim_id']}/", headers={"Authorization": f"Token {token}"}
            ).json()["version"],
            "topics": ["health"],
            "fact_check_tags": ["NHS"],
        },
        headers={"Authorization": f"Token {token}"},
    )
    assert response.status == 200, response.text()
    reader = new_context().new_page()
    reader.goto("/topics/health/")
    expect(reader.locator("h1")).to_have_text("Health")
    expect(reader.locator(".cards")).to_contain_text(sample["headline"])
    assert reader.locator('link[rel=alternate][href="/topics/health/feed/atom/"]').count() == 1
    violations = run_axe(reader, "topic-page")
    assert not violations, describe_violations(violations)
    _shoot(reader, "public-topic-page")
    reader.goto(f"/fact-checks/{sample['slug']}/")
    expect(reader.locator(".filed-under")).to_contain_text("Health")
    _shoot(reader, "public-factcheck-filed-under", ".filed-under")
