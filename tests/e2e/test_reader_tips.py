"""Readers' tips and error reports, in a real browser, end to end.

A reader suggests a claim (first sending the form half-filled: each reason beside its field, the text kept),
lands on the thank-you page, then reports an error on a published fact-check from the link on its (cached)
page; an editor finds the tip in the queue as a "Reader tip" and the report counted in the desk's menu and on
the claim page, resolves it with "no change" and a reason, and the reader's one email is in the server's
outbox (the console backend's log). A flood of 200 tip posts from one address gets 429s and stores at most
the allowed number. Screenshots at 1366x900 and 390x844 go to ``test-artifacts/reader-tips/`` (and
``/tmp/shots/tips/``); no page may scroll sideways on a phone; axe finds nothing serious or critical on the
public forms.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e
SHOTS = REPO / "test-artifacts" / "reader-tips"
LOOKED_AT = Path("/tmp/shots/tips")
TIP = "The mayor said bus fares have fallen by 30 percent since 2022."
REPORT = "The fact-check quotes the 2019 figure, but the 2024 report gives a different number."
READER = "reader@example.org"
PHONE_OPTIONS = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# The per-address default (FACTDESK_READER_RATE_PER_SENDER): 20 posts an hour.
PER_SENDER = 20


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    LOOKED_AT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, LOOKED_AT / path.name)


def _no_sideways_scroll(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px on a phone"


def _both_sizes(new_context, path: str, name: str, prepare=None) -> None:
    """Screenshots of ``path`` at desktop and phone sizes (``prepare(page)`` fills or submits first)."""
    for size, options in (("desktop", {"viewport": DESKTOP}), ("phone", PHONE_OPTIONS)):
        page = new_context(**options).new_page()
        page.goto(path)
        if prepare:
            prepare(page)
        _shoot(page, f"{name}-{size}")
        if size == "phone":
            _no_sideways_scroll(page, name)


def test_a_reader_sends_a_tip_and_a_report_and_an_editor_resolves_it(e2e_server, new_context):
    server = e2e_server
    slug, headline = server.sample["slug"], server.sample["headline"]
    reader = new_context().new_page()

    # --- a tip: the form refuses half-filled input beside each field and keeps the text -----------------
    reader.goto("/fact-checks/")
    reader.get_by_role("link", name="Suggest a claim").first.click()
    expect(reader).to_have_url(re.compile(r"/suggest-a-claim/$"))
    violations = run_axe(reader, "suggest-a-claim")
    assert not violations, describe_violations(violations)
    reader.fill("#id_claim", TIP)
    reader.fill("#id_email", READER)
    reader.get_by_role("button", name="Send the claim").click()
    expect(reader.locator("#field-seen_at .reader-errors")).to_contain_text("Say where you saw the claim")
    expect(reader.locator("#field-consent .reader-errors")).to_contain_text("Tick the box")
    expect(reader.locator("#id_claim")).to_have_value(TIP)
    _shoot(reader, "suggest-errors-desktop")
    reader.fill("#id_seen_at", "https://example.org/mayor-speech")
    reader.check("#id_consent")
    reader.get_by_role("button", name="Send the claim").click()
    expect(reader).to_have_url(re.compile(r"/suggest-a-claim/thanks/$"))
    expect(reader.locator("h2")).to_contain_text("What happens next")
    rows = server.query("SELECT claim_id, contact_email FROM tips_tip")
    assert len(rows) == 1 and rows[0][0] is not None and rows[0][1] == READER
    claim_id = rows[0][0]
    assert server.query("SELECT origin, state FROM claims_claim WHERE id = ?", (claim_id,)) == [("tip", "new")]

    # --- a report, from the cached fact-check page (its form lives on its own, uncached page) ------------
    reader.goto(f"/fact-checks/{slug}/")
    reader.goto(f"/fact-checks/{slug}/")  # served from the page cache this time
    reader.get_by_role("link", name="Report an error in this fact-check").click()
    expect(reader).to_have_url(re.compile(rf"/fact-checks/{slug}/report/$"))
    violations = run_axe(reader, "report-an-error")
    assert not violations, describe_violations(violations)
    reader.fill("#id_evidence_url", "not a link")
    reader.get_by_role("button", name="Send the report").click()
    expect(reader.locator("#field-message .reader-errors")).to_contain_text("Tell us what is wrong")
    expect(reader.locator("#field-evidence_url .reader-errors")).to_contain_text("full web address")
    expect(reader.locator("#id_evidence_url")).to_have_value("not a link")
    _shoot(reader, "report-errors-desktop")
    reader.fill("#id_message", REPORT)
    reader.fill("#id_evidence_url", "https://example.org/report-2024")
    reader.fill("#id_email", READER)
    reader.get_by_role("button", name="Send the report").click()
    expect(reader).to_have_url(re.compile(rf"/fact-checks/{slug}/report/thanks/$"))
    _shoot(reader, "report-thanks-desktop")

    # --- the editor: the tip in the queue, the report counted, resolved with a reason ---------------------
    editor = login(new_context(), "editor", server.password, "/admin/")
    expect(editor.locator(".fd-reports-link")).to_contain_text("1 open")
    _shoot(editor, "desk-index-desktop")
    editor.goto("/admin/claims/claim/?origin=tip")
    expect(editor.locator(".fd-origin-tip").first).to_have_text("Reader tip")
    expect(editor.locator("#result_list")).to_contain_text(TIP[:40])
    _shoot(editor, "desk-queue-reader-tip-desktop")
    editor.goto(f"/admin/claims/claim/{claim_id}/change/")
    expect(editor.locator("#history")).to_contain_text("A reader's tip brought the claim to the desk")
    _shoot(editor, "desk-tip-claim-page-desktop")
    editor.goto(f"/admin/claims/claim/{server.sample['claim_id']}/change/")
    box = editor.locator("#fd-claim-reports")
    expect(box).to_contain_text("Readers reported 1 possible error")
    _shoot(editor, "desk-claim-page-reports-desktop")
    expect(editor.locator("#history")).to_contain_text("A reader reported an error in the fact-check")
    box.get_by_role("link", name=re.compile("2019 figure")).click()
    expect(editor.locator(".fd-report-message")).to_contain_text(REPORT)
    _shoot(editor, "desk-resolve-desktop")
    editor.check("input[name=outcome][value=no_change]")
    editor.get_by_role("button", name="Resolve the report").click()
    expect(editor.locator(".errorlist").first).to_contain_text("Say why the fact-check stands")
    _shoot(editor, "desk-resolve-errors-desktop")
    editor.fill("#id_reason", "The 2024 report gives the same figure; the 2019 one is quoted for comparison.")
    editor.get_by_role("button", name="Resolve the report").click()
    expect(editor.locator(".messagelist")).to_contain_text("Report resolved")
    _shoot(editor, "desk-reports-list-desktop")
    rows = server.query("SELECT state, resolution, reader_notified_at FROM tips_errorreport")
    assert rows[0][0] == "resolved" and rows[0][1] == "no_change" and rows[0][2] is not None
    log = server.log_path.read_text(errors="replace")
    assert log.count(f"To: {READER}") == 1, "the reader gets exactly one message"
    assert "the 2019 one is quoted for comparison" in log

    # --- the same screens at phone size -------------------------------------------------------------------
    _both_sizes(new_context, "/suggest-a-claim/", "suggest")
    _both_sizes(new_context, f"/fact-checks/{slug}/report/", "report")
    _both_sizes(new_context, "/suggest-a-claim/thanks/", "suggest-thanks")
    _both_sizes(
        new_context,
        f"/fact-checks/{slug}/",
        "factcheck-report-link",
        prepare=lambda page: page.locator(".report-error").scroll_into_view_if_needed(),
    )
    _both_sizes(
        new_context,
        "/suggest-a-claim/",
        "suggest-errors",
        prepare=lambda page: (page.fill("#id_claim", TIP), page.click("button.reader-submit")),
    )
    phone = login(new_context(**PHONE_OPTIONS), "editor", server.password, "/admin/tips/errorreport/?state=all")
    _shoot(phone, "desk-reports-list-phone")
    phone.goto(f"/admin/claims/claim/{server.sample['claim_id']}/change/")
    _shoot(phone, "desk-claim-page-reports-phone")
    report_id = server.query("SELECT id FROM tips_errorreport")[0][0]
    phone.goto(f"/admin/tips/errorreport/{report_id}/resolve/")
    _shoot(phone, "desk-resolve-phone")
    _no_sideways_scroll(phone, "the resolved report")
    assert headline


def test_a_flood_from_one_address_gets_429s_and_stores_at_most_the_allowed_number(e2e_server, new_context):
    server = e2e_server
    page = new_context().new_page()
    page.goto("/suggest-a-claim/")
    token = page.locator("input[name=csrfmiddlewaretoken]").get_attribute("value")
    before = server.query("SELECT COUNT(*) FROM tips_tip")[0][0]
    codes = []
    for n in range(200):
        response = page.request.post(
            "/suggest-a-claim/",
            form={"csrfmiddlewaretoken": token, "claim": f"Flood claim number {n} about 12 percent", "seen_at": "TV"},
            headers={"Referer": server.url("/suggest-a-claim/")},
            max_redirects=0,
        )
        codes.append(response.status)
    stored = server.query("SELECT COUNT(*) FROM tips_tip")[0][0] - before
    assert set(codes) <= {302, 429}, sorted(set(codes))
    assert codes.count(302) == stored <= PER_SENDER
    assert codes.count(429) >= 200 - PER_SENDER
    assert codes[-1] == 429
    # The reader who floods sees why, and what they typed is still there.
    page.fill("#id_claim", "One more claim")
    page.fill("#id_seen_at", "TV")
    page.click("button.reader-submit")
    expect(page.locator(".reader-notice-limited")).to_contain_text("try again in")
    expect(page.locator("#id_claim")).to_have_value("One more claim")
    _shoot(page, "suggest-limited-desktop")
    phone = new_context(**PHONE_OPTIONS).new_page()
    phone.goto("/suggest-a-claim/")
    phone.fill("#id_claim", "One more claim")
    phone.fill("#id_seen_at", "TV")
    phone.click("button.reader-submit")
    _shoot(phone, "suggest-limited-phone")
    _no_sideways_scroll(phone, "the 429 page")
