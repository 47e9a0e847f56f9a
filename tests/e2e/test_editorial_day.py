"""The editorial day, end to end in a real browser: the desk in the admin, then the public site.

One test walks the whole journey (issue 9), saving a screenshot after each step in ``test-artifacts/e2e/``.
Each user has a browser context of their own (their own cookies), as they would on their own machines.
"""

from __future__ import annotations

import datetime
import json
import re

import feedparser
import pytest

from .conftest import ARTIFACTS, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

PRIORITY = {"Urgent": 1, "High": 2, "Normal": 3, "Low": 4}
# The queue opens on open work, in ``workflows.selectors.QUEUE_ORDER``.
OPEN_WORK_SQL = "SELECT COUNT(*) FROM claims_claim WHERE state IN ('new', 'assigned', 'in_review')"
QUEUE_ORDER_SQL = (
    "SELECT id FROM claims_claim WHERE state IN ('new', 'assigned', 'in_review') "
    "ORDER BY CASE state WHEN 'new' THEN 0 ELSE 1 END, "
    "priority, score DESC, due_at IS NULL, due_at, CASE claim_type WHEN 'quantity' THEN 5 WHEN 'laws_rules' THEN 4 "
    "WHEN 'correlation_causation' THEN 3 WHEN 'prediction' THEN 2 WHEN 'personal_experience' THEN 1 ELSE 0 END "
    "DESC, created_at DESC, id DESC"
)
XSS_MARK = "__factdeskXss"
EVIDENCE_FOR = {
    "url": "https://example.org/registry-2025",
    "title": "National registry of medical AI products",
    "publisher": "Ministry of Health",
    "quote": "48 products were entered in the registry by 2025.",
    "stance": "supports",
}
EVIDENCE_AGAINST = {
    "url": "https://example.org/registry-audit",
    "title": "Audit of the medical AI registry",
    "publisher": "Audit Chamber",
    "quote": "31 of the registered products are still authorised.",
    "stance": "refutes",
}
HEADLINE = "Registry lists 48 medical AI products, but fewer are still authorised"
SUMMARY_1 = "The registry did list 48 products, but an audit found only 31 still authorised."
SUMMARY_2 = "The registry did list 48 products, but an April 2025 audit found only 31 still authorised."
EXPLANATION = (
    '<p>The figure comes from <a href="https://example.org/registry-2025">the national registry</a>.</p>'
    f"<script>window.{XSS_MARK} = 'script ran'</script>"
    f"<p onclick=\"window.{XSS_MARK} = 'handler ran'\">An audit found that fewer are still authorised.</p>"
)
RETURN_NOTE = "Say in the summary when the audit was done, please."
CORRECTION = {"what_changed": "The rating", "note": "A second audit counted 40 products, so we now rate it Half true."}


class Shots:
    """Numbered screenshots of the journey: ``test-artifacts/e2e/NN-name.png``."""

    def __init__(self):
        self.number = 0

    def __call__(self, page, name: str) -> None:
        self.number += 1
        page.screenshot(path=ARTIFACTS / f"{self.number:02d}-{name}.png", full_page=True)


def messages(page) -> list[str]:
    return [text.strip() for text in page.locator("ul.messagelist li").all_inner_texts()]


def expect_message(page, level: str, text: str | re.Pattern) -> None:
    expect(page.locator(f"ul.messagelist li.{level}")).to_contain_text(text)


def state_label(page):
    return page.locator("#source .fd-state")


def press(page, action: str) -> None:
    """Press an inline workflow button (a form with no fields but the version)."""
    page.locator(f'form[data-action="{action}"] button[type=submit]').click()


def open_form(page, action: str):
    """Open a workflow button's <details> form and return the form."""
    details = page.locator(f'details[data-action="{action}"]')
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def add_evidence(page, evidence: dict) -> None:
    """The draft form's new-source row, saved with the draft in one submit (workflows.desk.drafts)."""
    row = page.locator('details[data-action="evidence"]')
    if row.get_attribute("open") is None:
        row.locator("summary").click()
    for field in ("url", "title", "publisher", "quote"):
        row.locator(f'[name$="-{field}"]').fill(evidence[field])
    row.locator('select[name$="-stance"]').select_option(evidence["stance"])
    page.locator('form[data-action="draft"] button[type=submit]').click()
    expect_message(page, "success", "Evidence added.")


def save_draft(
    page,
    *,
    rating: str | None = None,
    headline: str | None = None,
    summary: str | None = None,
    explanation: str | None = None,
) -> None:
    form = page.locator('form[data-action="draft"]')
    if rating is not None:
        form.locator("#id_draft_rating").select_option(label=rating)
    for field, value in (("headline", headline), ("summary", summary)):
        if value is not None:
            form.locator(f"#id_draft_{field}").fill(value)
    if explanation is not None:
        # Raw HTML as a paste into the editor's HTML view would send it: straight into the form field.
        form.locator("#id_draft_explanation").evaluate("(field, html) => { field.value = html; }", explanation)
    form.locator("button[type=submit]").click()
    expect_message(page, "success", re.compile(r"Draft saved \(version \d+\)"))


def post_crafted_form(page, path: str, fields: dict) -> None:
    """Submit a form the page never offered, as a browser would: built in the DOM, posted with cookies."""
    with page.expect_navigation():
        page.evaluate(
            """([action, fields]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden"; input.name = name; input.value = String(value);
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [path, fields],
        )


def claim_row(server, claim_id: int) -> tuple:
    return server.query("SELECT state, version, dismiss_reason, due_at FROM claims_claim WHERE id = ?", (claim_id,))[0]


def audit_count(server, claim_id: int) -> int:
    return server.query("SELECT COUNT(*) FROM workflows_auditevent WHERE claim_id = ?", (claim_id,))[0][0]


def json_ld(page) -> dict:
    scripts = page.locator('script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    return json.loads(scripts.text_content())


def test_editorial_day(e2e_server, new_context):
    server, shot = e2e_server, Shots()
    claim_url = "/admin/claims/claim/{}/change/".format

    # --- 1. The editor logs in; the queue shows the open seed claims ranked, the sentence on hover -------
    editor = login(new_context(), "editor", server.password, "/admin/claims/claim/")
    total = server.query(OPEN_WORK_SQL)[0][0]
    assert total > 20, "the seed articles should have produced a queue"
    expect(editor.locator("#changelist-search")).to_contain_text(f"{total} results")
    rows = editor.locator("#result_list tbody tr")
    shown = [int(v) for v in rows.locator("input.action-select").evaluate_all("els => els.map(e => e.value)")]
    ranked = [r[0] for r in server.query(QUEUE_ORDER_SQL)]
    assert shown == ranked[: len(shown)], "the queue is not in rank order (stage, priority, check-worthiness, …)"
    priorities = [PRIORITY[t.strip()] for t in rows.locator("td.field-priority").all_inner_texts()]
    scores = [float(t.strip().strip("<>%")) for t in rows.locator("td.field-score_band").all_inner_texts()]
    keys = [(p, -s) for p, s in zip(priorities, scores, strict=True)]
    assert keys == sorted(keys)
    texts = dict(server.query("SELECT id, text FROM claims_claim"))
    contexts = dict(server.query("SELECT id, context FROM claims_claim"))
    for claim_id, row in zip(shown, rows.all(), strict=True):
        mark = row.locator(".field-claim_in_context mark")
        expect(mark).to_have_count(1)
        assert " ".join(mark.text_content().split()) == " ".join(texts[claim_id].split())
        # Clamped to two lines in the row; the sentences around it on hover.
        hover = row.locator(".field-claim_in_context .fd-clamp").get_attribute("title")
        assert hover == (contexts[claim_id] or texts[claim_id])
    shot(editor, "editor-claim-queue")

    # --- 2. Filter to quantity claims; bulk-assign three with a due date; dismiss one -------------------
    editor.locator('#changelist-filter details[data-filter-title="claim type"] a', has_text="Quantity").click()
    editor.wait_for_url(re.compile(r"claim_type__exact=quantity"))
    expect(rows.locator("td.field-claim_type").first).to_have_text("Quantity")
    assert set(rows.locator("td.field-claim_type").all_inner_texts()) == {"Quantity"}
    quantity = [int(v) for v in rows.locator("input.action-select").evaluate_all("els => els.map(e => e.value)")]
    assert len(quantity) >= 4
    assigned, dismissed = quantity[:3], quantity[3]
    shot(editor, "quantity-claims")

    for claim_id in assigned:
        editor.check(f'input.action-select[value="{claim_id}"]')
    editor.select_option("select[name=action]", "assign_reviewers")
    editor.click("button[name=index]")
    expect(editor.locator(".factdesk-workflow h2")).to_have_text("Assign claims: 3 claims")
    expect(editor.locator(".factdesk-workflow li mark")).to_have_count(3)
    due = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(hour=17, minute=0)
    editor.select_option("#id_lead", label="Rafael Reviewer")
    editor.fill("#id_due_at", due.strftime("%Y-%m-%dT%H:%M"))
    shot(editor, "bulk-assign-form")
    editor.click(".fd-form button[type=submit]")
    expect_message(editor, "success", "3 claims assigned.")
    assert "claim_type__exact=quantity" in editor.url, "the queue should keep its filter after the action"
    for claim_id in assigned:
        row = rows.filter(has=editor.locator(f'input.action-select[value="{claim_id}"]'))
        expect(row.locator("td.field-state")).to_have_text("Assigned")
        expect(row.locator("td.field-reviewers")).to_have_text("reviewer")
        expect(row.locator("td.field-due")).to_have_text(due.strftime("%Y-%m-%d %H:%M"))
        state, _, _, due_at = claim_row(server, claim_id)
        assert state == "assigned" and due_at.startswith(due.strftime("%Y-%m-%d 17:00"))
    shot(editor, "assigned")

    editor.check(f'input.action-select[value="{dismissed}"]')
    editor.select_option("select[name=action]", "dismiss_with_reason")
    editor.click("button[name=index]")
    expect(editor.locator(".factdesk-workflow h2")).to_have_text("Dismiss claims: 1 claim")
    editor.select_option("#id_reason", "not_check_worthy")
    editor.fill("#id_note", "A routine count with no public interest at stake.")
    shot(editor, "dismiss-form")
    editor.click(".fd-form button[type=submit]")
    expect_message(editor, "success", "1 claim dismissed.")
    # A dismissed claim leaves the queue's open work (the "all states" view still lists it).
    expect(rows.filter(has=editor.locator(f'input.action-select[value="{dismissed}"]'))).to_have_count(0)
    state, _, reason, _ = claim_row(server, dismissed)
    assert (state, reason) == ("dismissed", "not_check_worthy")
    assert server.query(
        "SELECT note FROM workflows_auditevent WHERE claim_id = ? AND action = 'claim.dismiss'", (dismissed,)
    ) == [("A routine count with no public interest at stake.",)]
    shot(editor, "dismissed")

    # --- 3. The reviewer: My claims, start, two evidence links, a draft with a <script>, submit ---------
    reviewer = login(new_context(), "reviewer", server.password, "/admin/")
    reviewer.locator(".fd-links a", has_text="My claims").click()
    mine = reviewer.locator("#my-claims tbody tr")
    expect(mine).to_have_count(3)
    assert {int(v) for v in mine.evaluate_all("els => els.map(e => e.dataset.claim)")} == set(assigned)
    expect(mine.first).to_contain_text(due.strftime("%Y-%m-%d %H:%M"))
    shot(reviewer, "reviewer-my-claims")

    claim_id = assigned[0]
    reviewer.locator(f'#my-claims tr[data-claim="{claim_id}"] td a').first.click()
    reviewer.wait_for_url(f"**{claim_url(claim_id)}")
    expect(state_label(reviewer)).to_have_text("Assigned")
    press(reviewer, "start")
    expect_message(reviewer, "success", "Review started")
    expect(state_label(reviewer)).to_have_text("In review")
    add_evidence(reviewer, EVIDENCE_FOR)
    add_evidence(reviewer, EVIDENCE_AGAINST)
    evidence_rows = reviewer.locator("#evidence tbody tr")
    expect(evidence_rows).to_have_count(2)
    expect(evidence_rows.nth(0)).to_contain_text("Supports the claim")
    expect(evidence_rows.nth(1)).to_contain_text("Refutes the claim")
    save_draft(reviewer, rating="Mostly true", headline=HEADLINE, summary=SUMMARY_1, explanation=EXPLANATION)
    assert reviewer.evaluate(f"window.{XSS_MARK}") is None
    serious = run_axe(reviewer, "admin-claim-in-review")
    assert not serious, describe_violations(serious)
    shot(reviewer, "reviewer-draft")
    press(reviewer, "submit")
    expect_message(reviewer, "success", "Submitted for sign-off.")
    expect(state_label(reviewer)).to_have_text("Submitted for sign-off")
    stored = server.query("SELECT explanation FROM verdicts_verdict WHERE claim_id = ?", (claim_id,))[0][0]
    assert "<script" not in stored and "onclick" not in stored and 'href="https://example.org/registry-2025"' in stored
    shot(reviewer, "submitted")

    # --- 4. The editor returns it with a note; the reviewer edits and resubmits; approve; publish -------
    editor.goto(claim_url(claim_id))
    expect(state_label(editor)).to_have_text("Submitted for sign-off")
    explanation = editor.locator("#verdict .fd-explanation")
    expect(explanation.locator('a[href="https://example.org/registry-2025"]')).to_have_count(1)
    expect(explanation.locator("script, [onclick]")).to_have_count(0)
    assert editor.evaluate(f"window.{XSS_MARK}") is None
    form = open_form(editor, "return")
    form.locator("#id_return_note").fill(RETURN_NOTE)
    form.locator("button[type=submit]").click()
    expect_message(editor, "success", "Returned to the reviewer with your note.")
    expect(state_label(editor)).to_have_text("In review")
    shot(editor, "returned")

    reviewer.reload()
    expect(state_label(reviewer)).to_have_text("In review")
    expect(reviewer.locator('#history tr[data-audit="verdict.return"]')).to_contain_text(RETURN_NOTE)
    reviewer.locator('#history tr[data-audit="verdict.return"]').scroll_into_view_if_needed()
    shot(reviewer, "reviewer-sees-note")
    save_draft(reviewer, summary=SUMMARY_2)
    press(reviewer, "submit")
    expect_message(reviewer, "success", "Submitted for sign-off.")

    editor.goto(claim_url(claim_id))
    expect(editor.locator("#verdict")).to_contain_text(SUMMARY_2)
    press(editor, "approve")
    expect_message(editor, "success", "Approved: ready to publish.")
    expect(state_label(editor)).to_have_text("Approved")
    # Publish asks first: the preview of the public page, then "Publish now".
    editor.locator('a[data-action="publish"]').click()
    expect(editor.locator(".fd-preview-banner h2")).to_have_text("Preview — not published")
    editor.locator('button[data-action="publish-now"]').click()
    expect_message(editor, "success", re.compile(r"Published at /fact-checks/[\w-]+/\."))
    path = re.search(r"Published at (/fact-checks/[\w-]+/)\.", " ".join(messages(editor))).group(1)
    expect(state_label(editor)).to_have_text("Published")
    assert claim_row(server, claim_id)[0] == "published"
    shot(editor, "published")

    # --- 5. An anonymous reader: the page, its ClaimReview, the index and the feed ----------------------
    reader_context = new_context()
    reader = reader_context.new_page()
    reader.goto(path)
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    meter = reader.locator("section.rating svg.rating-meter")
    expect(meter).to_be_visible()
    expect(meter).to_have_attribute("role", "img")
    expect(reader.locator(".rating-label")).to_have_text("Mostly true")
    expect(reader.locator(".summary")).to_have_text(SUMMARY_2)
    claim_text = " ".join(texts[claim_id].split())
    expect(reader.locator(".claim-text")).to_have_text(claim_text)
    body = reader.locator("section.explanation")
    expect(body.locator('a[href="https://example.org/registry-2025"]')).to_have_attribute("rel", re.compile("nofollow"))
    expect(reader.locator("article script, article [onclick]")).to_have_count(0)
    expect(reader.locator("script")).to_have_count(1)  # the JSON-LD block only
    assert reader.evaluate(f"window.{XSS_MARK}") is None
    items = reader.locator(".evidence-item")
    expect(items).to_have_count(2)
    expect(reader.locator(".evidence-item.stance-supports .evidence-title")).to_have_text(EVIDENCE_FOR["title"])
    expect(reader.locator(".evidence-item.stance-refutes .evidence-title")).to_have_text(EVIDENCE_AGAINST["title"])
    expect(reader.locator(".bylines .reviewers")).to_have_text("Rafael Reviewer")
    expect(reader.locator(".bylines .editor")).to_have_text("Erin Editor")
    review = json_ld(reader)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == reader.locator(".claim-text").inner_text().strip()
    assert review["reviewRating"]["alternateName"] == reader.locator(".rating-label").inner_text().strip()
    assert review["reviewRating"]["ratingValue"] == 5
    assert review["headline"] == reader.locator("h1").inner_text().strip()
    assert review["url"] == server.url(path)
    shot(reader, "public-factcheck")

    reader.goto("/fact-checks/")
    card = reader.locator("article.card", has=reader.locator(f'a[href="{path}"]'))
    expect(card).to_have_count(1)
    expect(card.locator(".card-title")).to_have_text(HEADLINE)
    expect(card.locator(".card-rating")).to_contain_text("Mostly true")
    shot(reader, "public-index")
    feed = reader_context.request.get("/fact-checks/feed/rss/")
    assert feed.ok and "xml" in feed.headers["content-type"]
    entries = {entry.link: entry for entry in feedparser.parse(feed.text()).entries}
    assert server.url(path) in entries, f"the RSS feed does not list {path}: {list(entries)}"
    assert entries[server.url(path)].title == HEADLINE
    assert "Rating: Mostly true." in entries[server.url(path)].summary

    # --- 6. The editor publishes a correction; the public page shows it in the corrections log ----------
    editor.goto(claim_url(claim_id))
    form = open_form(editor, "correct")
    form.locator("#id_correct_kind").select_option("correction")
    form.locator("#id_correct_what_changed").fill(CORRECTION["what_changed"])
    form.locator("#id_correct_note").fill(CORRECTION["note"])
    form.locator("#id_correct_rating").select_option(label="Half true")
    shot(editor, "correction-form")
    form.locator("button[type=submit]").click()
    expect_message(editor, "success", "Correction published.")

    reader.goto(path)
    log = reader.locator(".corrections-log li.correction")
    expect(log).to_have_count(1)
    expect(log.locator(".what-changed")).to_have_text(CORRECTION["what_changed"])
    expect(log.locator(".note")).to_have_text(CORRECTION["note"])
    expect(log.locator(".rating-change")).to_contain_text("Rating changed from Mostly true to Half true")
    expect(reader.locator(".rating-label")).to_have_text("Half true")
    expect(reader.locator("time.modified")).to_have_count(1)
    review = json_ld(reader)
    assert review["reviewRating"]["alternateName"] == "Half true" and "dateModified" in review
    reader.locator("section.corrections").scroll_into_view_if_needed()
    shot(reader, "public-correction")

    # --- 7. The reviewer tries editor-only actions through crafted form posts: refused, nothing changes -
    other = assigned[1]
    reviewer.goto(claim_url(other))
    press(reviewer, "start")
    expect_message(reviewer, "success", "Review started")
    add_evidence(reviewer, EVIDENCE_FOR)
    save_draft(reviewer, rating="True", headline="A second headline", summary="A second summary.")
    press(reviewer, "submit")
    expect(state_label(reviewer)).to_have_text("Submitted for sign-off")
    expect(reviewer.locator('form[data-action="approve"], [data-action="publish"]')).to_have_count(0)

    def snapshot():
        return [(claim_row(server, c), audit_count(server, c)) for c in (other, claim_id)]

    before = snapshot()
    token = reviewer.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    version = before[0][0][1]

    post_crafted_form(
        reviewer, f"/admin/claims/claim/{other}/workflow/approve/", {"csrfmiddlewaretoken": token, "version": version}
    )
    assert reviewer.url.endswith(claim_url(other))
    expect_message(reviewer, "error", "A reviewer cannot approve claims; ask an editor.")
    expect(state_label(reviewer)).to_have_text("Submitted for sign-off")
    shot(reviewer, "reviewer-approve-refused")
    post_crafted_form(
        reviewer,
        f"/admin/claims/claim/{claim_id}/workflow/correct/",
        {
            "csrfmiddlewaretoken": token,
            "kind": "correction",
            "what_changed": "Everything",
            "note": "Sneaky.",
        },
    )
    expect_message(reviewer, "error", "A reviewer cannot correct claims; ask an editor.")
    assert snapshot() == before, "a refused action changed a claim or wrote to its audit trail"
    assert server.query(
        "SELECT COUNT(*) FROM verdicts_correction c JOIN verdicts_verdict v ON v.id = c.verdict_id "
        "WHERE v.claim_id = ?",
        (claim_id,),
    ) == [(1,)]
    assert server.query("SELECT editor_id FROM verdicts_verdict WHERE claim_id = ?", (other,)) == [(None,)]
    reader.reload()
    expect(reader.locator(".corrections-log li.correction")).to_have_count(1)
    dashboard = reviewer.request.get("/admin/claims/claim/dashboard/")
    assert dashboard.status == 403, "the editors' dashboard must be refused to a reviewer"
