"""The desk's sign-off and claim edits in a real browser: an editor selects a claim the model missed in an
article's text and adds it (landing on the new claim), restates it; the claim is worked and returned (the
note on top of the claim, "Returned" in My claims), resubmitted and approved; the editor previews the public
page (ClaimReview included) and publishes from the preview; the retract and evidence-removal confirmation
steps. Screenshots at 1366×900 and 390×844 in ``test-artifacts/signoff/``, no sideways scroll on a phone,
axe without serious or critical violations.

Setup steps nobody needs to watch (assign, start, evidence, draft) go through the API with each person's
token; everything this part is about is done by clicking in the desk.
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e
SHOTS = REPO / "test-artifacts" / "signoff"
# A passage extraction did not make a claim of its own: the second half of a sentence (a fresh span).
MISSED = "they acquire permanent immunity and cannot develop this specific form of cancer again in the future."
RESTATED = (
    "Patients cured of melanoma with the Belgrade clinic's method acquire permanent immunity to that "
    "cancer, Sergey Boljević said."
)
RETURN_NOTE = "Cite the oncology society's statement on recurrence.\nAnd link the clinic's own page."


def _token(request, username: str, password: str) -> str:
    response = request.post("/api/v1/auth/token/", data={"username": username, "password": password})
    assert response.status == 200, response.text()
    return response.json()["token"]


def _api(request, token: str, method: str, path: str, body: dict | None = None, status: int = 200) -> dict:
    response = request.fetch(path, method=method, data=body, headers={"Authorization": f"Token {token}"})
    assert response.status == status, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


#: The innermost elements whose right edge passes the phone's width, so a failure names what to fix.
WIDER_THAN_THE_PHONE = """() => {
    const width = document.documentElement.clientWidth;
    const reach = (el) => Math.max(el.getBoundingClientRect().right, el.getBoundingClientRect().left + el.scrollWidth);
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        if (reach(el) > width + 1 && ![...el.children].some((c) => reach(c) > width + 1)) {
            out.push(`${el.tagName.toLowerCase()}.${el.className}#${el.id} reaches ${Math.round(reach(el))}px`);
        }
    }
    return out.slice(0, 8);
}"""


def _shoot(page, name: str) -> None:
    """The page at desktop width, and as a phone opens it (a new tab at 390×844, same session): on the
    phone nothing may stick out sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-desktop.png", full_page=True)
    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(page.url)
    # Measured once the page has settled (the explanation editor's script and styles loaded), as a reader sees it.
    phone.wait_for_load_state("networkidle")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = phone.evaluate(WIDER_THAN_THE_PHONE) if overflow > 1 else []
    phone.screenshot(path=SHOTS / f"{name}-phone.png", full_page=True)
    phone.close()
    assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow}px on a phone; sticking out: {wide}"


def _axe(page, name: str) -> None:
    serious = run_axe(page, name)
    assert not serious, describe_violations(serious)


def _select_in_article(page, passage: str) -> None:
    """Select ``passage`` in the article's text as a mouse would: a DOM selection over the text node."""
    page.evaluate(
        """(passage) => {
        const box = document.getElementById("fd-article-text");
        const node = box.firstChild;
        const start = node.data.indexOf(passage);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + passage.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }""",
        passage,
    )


def test_add_by_selection_restate_return_preview_and_publish(e2e_server, new_context):
    server = e2e_server
    article_id, raw = server.query(
        "SELECT id, raw_text FROM articles_article WHERE raw_text LIKE ?", ("%acquire permanent immunity%",)
    )[0]
    api = new_context().request
    tokens = {name: _token(api, name, server.password) for name in ("editor", "reviewer", "admin")}

    # --- 1. The editor selects the missed passage on the article's page and adds it ----------------------
    editor = login(new_context(), "editor", server.password, f"/admin/articles/article/{article_id}/change/")
    panel = editor.locator("#fd-add-claim")
    expect(panel.locator("h2")).to_have_text("Add a claim the model missed")
    # The box holds the article's exact characters (non-ASCII names included).
    assert editor.locator("#fd-article-text").evaluate("b => b.textContent") == raw
    _select_in_article(editor, MISSED)
    expect(panel.locator("[data-role=selection]")).to_have_text(f"Selected: “{MISSED}”")
    start = raw.index(MISSED)
    assert editor.locator("#fd-add-selection input[name=start]").input_value() == str(start)
    assert editor.locator("#fd-add-selection input[name=end]").input_value() == str(start + len(MISSED))
    panel.scroll_into_view_if_needed()
    _shoot(editor, "01-article-selection")
    _axe(editor, "signoff-article-add-claim")
    editor.locator("#fd-add-selection button[type=submit]").click()
    editor.wait_for_url(re.compile(r"/admin/claims/claim/\d+/change/"))
    claim_id = int(re.search(r"/claim/(\d+)/change/", editor.url).group(1))
    expect(editor.locator("ul.messagelist li.success")).to_contain_text("Claim added to the queue.")
    expect(editor.locator("#source mark")).to_have_text(MISSED)
    assert server.query('SELECT text, origin, start, "end" FROM claims_claim WHERE id = ?', (claim_id,)) == [
        (MISSED, "manual", start, start + len(MISSED))
    ]

    # --- 2. ...and restates it: the claim as checked, who said it, when, where ------------------------------
    restate = editor.locator('details[data-action="edit"]')
    restate.locator("summary").click()
    restate.locator("#id_restate_claim_reviewed").fill(RESTATED)
    restate.locator("#id_restate_speaker").fill("Sergey Boljević")
    restate.locator("#id_restate_claim_date").fill("2025-01-14")
    restate.locator("#id_restate_appearance_url").fill("https://tv.example.org/morning-show/melanoma")
    _shoot(editor, "02-restate-form")
    restate.locator("button[type=submit]").click()
    expect(editor.locator("ul.messagelist li.success")).to_contain_text("The claim's details are saved.")
    expect(editor.locator("#source .fd-reviewed")).to_contain_text(RESTATED)
    expect(editor.locator("#source")).to_contain_text("As it appeared:")

    # --- 3. Worked by the reviewer (API), submitted, returned with a note by the editor (desk) ------------
    claim = f"/api/v1/claims/{claim_id}/"
    _api(api, tokens["editor"], "POST", claim + "assign/", {"reviewers": ["reviewer"]})
    _api(api, tokens["reviewer"], "POST", claim + "start/", {})
    _api(
        api,
        tokens["reviewer"],
        "POST",
        claim + "evidence/",
        {
            "url": "https://example.org/melanoma-recurrence",
            "title": "Melanoma can recur after remission",
            "stance": "refutes",
        },
        status=201,
    )
    verdict = _api(api, tokens["reviewer"], "GET", claim + "verdict/")
    _api(
        api,
        tokens["reviewer"],
        "PUT",
        claim + "verdict/",
        {
            "rating": "false",
            "headline": "No melanoma treatment gives permanent immunity",
            "summary": "Melanoma can come back after remission; no study shows lasting immunity.",
            "explanation": "<p>Oncologists speak of remission, not immunity.</p>",
            "version": verdict["version"],
        },
    )
    _api(api, tokens["reviewer"], "POST", claim + "submit/", {})
    editor.reload()
    form = editor.locator('details[data-action="return"]')
    form.locator("summary").click()
    form.locator("#id_return_note").fill(RETURN_NOTE)
    form.locator("button[type=submit]").click()
    expect(editor.locator("ul.messagelist li.success")).to_contain_text("Returned to the reviewer with your note.")

    # The reviewer sees the note on top of the claim, and "Returned" in My claims.
    reviewer = login(new_context(), "reviewer", server.password, "/admin/claims/claim/mine/")
    row = reviewer.locator(f'#my-claims tr[data-claim="{claim_id}"]')
    expect(row.locator(".fd-badge-returned")).to_have_text("Returned")
    expect(row.locator(".fd-returned-line")).to_contain_text("Cite the oncology society's statement on recurrence.")
    expect(row.locator(".fd-returned-line")).not_to_contain_text("link the clinic")
    _shoot(reviewer, "03-my-claims-returned")
    _axe(reviewer, "signoff-my-claims")
    row.locator("td a").first.click()
    box = reviewer.locator(".fd-returned")
    expect(box).to_contain_text("Returned by Erin")
    expect(box.locator(".fd-returned-note")).to_contain_text("And link the clinic's own page.")
    assert box.evaluate("b => b.getBoundingClientRect().top") < reviewer.locator("#source").evaluate(
        "s => s.getBoundingClientRect().top"
    ), "the note is above the claim"
    _shoot(reviewer, "04-claim-returned-note")
    _axe(reviewer, "signoff-claim-returned")
    # Removing evidence asks first; Cancel leaves it in place.
    reviewer.locator("#evidence a.fd-remove-link").click()
    expect(reviewer.locator("#fd-confirm-heading")).to_have_text("Remove this evidence link?")
    expect(reviewer.locator(".fd-confirm-subject")).to_contain_text("Melanoma can recur after remission")
    _shoot(reviewer, "05-evidence-remove-confirm")
    _axe(reviewer, "signoff-evidence-remove-confirm")
    reviewer.locator("a.cancel-link").click()
    expect(reviewer.locator("#evidence tbody tr")).to_have_count(1)
    reviewer.locator('form[data-action="submit"] button[type=submit]').click()
    expect(reviewer.locator("ul.messagelist li.success")).to_contain_text("Submitted for sign-off.")
    expect(reviewer.locator(".fd-returned")).to_have_count(0)
    _api(api, tokens["admin"], "POST", claim + "approve/", {})

    # --- 4. The editor previews the public page, then publishes from the preview ----------------------------
    editor.reload()
    editor.locator('a[data-action="publish"]').click()
    banner = editor.locator(".fd-preview-banner")
    expect(banner.locator("h2")).to_have_text("Preview — not published")
    expect(editor.locator('meta[name="robots"]')).to_have_attribute("content", re.compile("noindex"))
    review = json.loads(editor.locator('script[type="application/ld+json"]').text_content())
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == RESTATED
    assert review["itemReviewed"]["author"]["name"] == "Sergey Boljević"
    expect(editor.locator("h1")).to_have_text("No melanoma treatment gives permanent immunity")
    expect(editor.locator(".claim-as-appeared")).to_contain_text(MISSED)
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (claim_id,)) == [("approved",)]
    _shoot(editor, "06-publish-preview")
    _axe(editor, "signoff-publish-preview")
    editor.locator('button[data-action="publish-now"]').click()
    expect(editor.locator("ul.messagelist li.success")).to_contain_text("Published at /fact-checks/")
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (claim_id,)) == [("published",)]

    # --- 5. Retract asks first: its confirmation page, left with Cancel (nothing changes) -------------------
    retract = editor.locator('details[data-action="retract"]')
    retract.locator("summary").click()
    retract.locator("#id_retract_reason").fill("The interview was misquoted.")
    retract.locator("button[type=submit]").click()
    expect(editor.locator("#fd-confirm-heading")).to_have_text("Retract this fact-check?")
    expect(editor.locator("#id_retract_reason")).to_have_value("The interview was misquoted.")
    expect(editor.locator(".fd-consequences")).to_contain_text("This cannot be undone")
    _shoot(editor, "07-retract-confirm")
    _axe(editor, "signoff-retract-confirm")
    editor.locator("a.cancel-link").click()
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (claim_id,)) == [("published",)]
