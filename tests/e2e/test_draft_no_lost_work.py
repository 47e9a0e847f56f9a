"""No lost work on the verdict draft, in a real browser: the draft is one form (rating, text, evidence rows)
typed in the rich-text editor with its live preview; a refused evidence URL keeps everything typed; two
people on one draft conflict, and the second sees both versions side by side and saves a merge. Each page
at desktop and phone size (no sideways scrolling on the phone), axe-clean.

Screenshots: ``test-artifacts/draft/``.
"""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = REPO / "test-artifacts" / "draft"
BAD_URL = "ftp://files.example.org/cases-2024.pdf"
GOOD_URL = "https://stats.example.org/cases-2024"
ROW = {
    "title": "Statistics office: cases in 2024",
    "publisher": "Statistics office",
    "quote": "212 cases were recorded in 2024.",
}
HEADLINE = "The clinic treated 212 patients, not 10"
SUMMARY = "Official records show 212 patients in 2024."
EXPLANATION = "The statistics office counted 212 patients in its yearly report."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def no_sideways_scroll(page) -> None:
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if wide[0] > wide[1]:
        culprits = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && !e.closest('.fd-scroll, .fd-table-scroll, .fd-wide-table'))
            .slice(0, 12).map(e => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')}`
                              + ` right=${Math.round(e.getBoundingClientRect().right)}`)""")
        raise AssertionError(
            f"the page is {wide[0]} px wide in a {wide[1]} px window: {page.url}\n" + "\n".join(culprits)
        )


def axe_clean(page, name: str) -> None:
    violations = run_axe(page, name)
    assert not violations, describe_violations(violations)


def draft_form(page):
    return page.locator('form[data-action="draft"]')


def new_row(page):
    return page.locator('details[data-action="evidence"]')


def editor_area(page):
    return draft_form(page).get_by_role("textbox", name="Explanation")


def type_explanation(page, text: str) -> None:
    area = editor_area(page)
    area.click()
    expect(area).to_be_focused()  # on a loaded machine keys typed before the focus lands would be lost
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    expect(area).to_contain_text(text)


def test_draft_keeps_every_typed_field_and_merges_a_conflict(e2e_server, new_context):
    server = e2e_server
    # A claim no other browser test counts on; the desk's admin and an editor share it (the reviewer's
    # "My claims" stays as the editorial-day test expects it).
    claim_id = server.query(
        "SELECT id FROM claims_claim WHERE state = 'new' AND claim_type != 'quantity' ORDER BY id DESC LIMIT 1"
    )[0][0]
    claim_url = f"/admin/claims/claim/{claim_id}/change/"

    # The editor assigns the claim to Ada (lead), with herself as second reviewer; Ada starts the review.
    editor = login(new_context(), "editor", server.password, claim_url)
    assign = editor.locator('details[data-action="assign"]')
    assign.locator("summary").click()
    assign.locator("select[name=lead]").select_option(label="Ada Admin")
    assign.locator("select[name=second]").select_option(label="Erin Editor")
    assign.locator("button[type=submit]").click()
    expect(editor.locator("ul.messagelist li.success")).to_contain_text("Assigned to")
    ada = login(new_context(), "admin", server.password, claim_url)
    ada.locator('form[data-action="start"] button[type=submit]').click()
    expect(ada.locator("ul.messagelist li.success")).to_contain_text("Review started")

    # --- the one form: rating, text in the editor (live preview), a new evidence row with a refused URL --
    form = draft_form(ada)
    expect(editor_area(ada)).to_be_visible()  # the rich-text editor replaced the HTML box
    form.locator("select[name=rating]").select_option(label="False")
    form.locator("input[name=headline]").fill(HEADLINE)
    form.locator("textarea[name=summary]").fill(SUMMARY)
    type_explanation(ada, EXPLANATION)
    expect(form.locator(".fd-preview")).to_contain_text(EXPLANATION)  # the sanitizer's answer, live
    row = new_row(ada)
    expect(row).to_have_attribute("open", "")
    row.locator('input[name$="-url"]').fill(BAD_URL)
    for name, value in ROW.items():
        row.locator(f'[name$="-{name}"]').fill(value)
    row.locator('select[name$="-stance"]').select_option("refutes")
    shot(ada, "01-draft-typed-desktop")
    form.locator("button[type=submit]").click()

    expect(ada.locator("ul.messagelist li.error")).to_contain_text("Nothing was saved")
    form, row = draft_form(ada), new_row(ada)
    expect(form.locator("input[name=headline]")).to_have_value(HEADLINE)
    expect(form.locator("textarea[name=summary]")).to_have_value(SUMMARY)
    expect(editor_area(ada)).to_contain_text(EXPLANATION)
    expect(form.locator("select[name=rating] option:checked")).to_have_text("False")
    expect(row.locator('input[name$="-url"]')).to_have_value(BAD_URL)
    for name, value in ROW.items():
        expect(row.locator(f'[name$="-{name}"]')).to_have_value(value)
    expect(row.locator(".errorlist")).to_contain_text("Evidence links must be http:// or https:// URLs.")
    assert (
        server.query(
            "SELECT COUNT(*) FROM verdicts_draftrevision r JOIN verdicts_verdict v ON v.id = r.verdict_id"
            " WHERE v.claim_id = ?",
            (claim_id,),
        )[0][0]
        == 0
    ), "a refusal writes nothing"
    shot(ada, "02-refused-url-kept-desktop")
    axe_clean(ada, "draft-refused")

    row.locator('input[name$="-url"]').fill(GOOD_URL)
    form.locator("button[type=submit]").click()
    expect(ada.locator("ul.messagelist li.success")).to_contain_text(
        re.compile(r"Draft saved \(version \d+\)\. Evidence added\.")
    )
    headline, version = server.query("SELECT headline, version FROM verdicts_verdict WHERE claim_id = ?", (claim_id,))[
        0
    ]
    assert headline == HEADLINE
    assert server.query(
        "SELECT url FROM verdicts_evidencelink l JOIN verdicts_verdict v ON v.id = l.verdict_id WHERE v.claim_id = ?",
        (claim_id,),
    ) == [(GOOD_URL,)]

    # --- a conflict: the editor (second ada) and the ada both have version N open -------------
    editor.goto(claim_url)
    phone = login(new_context(viewport=PHONE), "editor", server.password, claim_url)  # the editor, on a phone
    shot(phone, "03-draft-phone")
    no_sideways_scroll(phone)

    draft_form(ada).locator("input[name=headline]").fill("Clinic treated 212 patients in 2024, not 10")
    draft_form(ada).locator("button[type=submit]").click()
    expect(ada.locator("ul.messagelist li.success")).to_contain_text(f"Draft saved (version {version + 1})")

    draft_form(phone).locator("input[name=headline]").fill("No: 212 patients, says the statistics office")
    draft_form(phone).locator("textarea[name=summary]").fill("The yearly report counts 212 patients.")
    draft_form(phone).locator("button[type=submit]").click()
    conflict = phone.locator(".fd-conflict")
    expect(conflict.locator("h2")).to_contain_text("compare and merge")
    headline_field = phone.locator("#merge-headline")
    expect(headline_field.locator(".fd-theirs")).to_contain_text("Clinic treated 212 patients in 2024, not 10")
    expect(headline_field.locator(".fd-mine")).to_contain_text("No: 212 patients, says the statistics office")
    expect(conflict).to_contain_text("Ada Admin")
    expect(phone.locator("#merge-explanation legend")).to_contain_text("the same in both")
    shot(phone, "04-conflict-phone")
    no_sideways_scroll(phone)
    axe_clean(phone, "draft-conflict-phone")
    assert server.query("SELECT headline FROM verdicts_verdict WHERE claim_id = ?", (claim_id,)) == [
        ("Clinic treated 212 patients in 2024, not 10",)
    ], "nothing of theirs was overwritten"

    # Saving without choosing is refused, keeping the hand-edited text; then choose and save the merge.
    headline_field.locator("input[name=headline]").fill("Clinic treated 212 patients in 2024, says the office")
    phone.locator(".fd-conflict button[type=submit]").click()
    expect(phone.locator("#merge-headline .errorlist")).to_contain_text("Choose which headline to keep")
    expect(phone.locator("#merge-headline input[name=headline]")).to_have_value(
        "Clinic treated 212 patients in 2024, says the office"
    )
    phone.locator("#merge-headline input[value=mine]").check()
    phone.locator("#merge-summary input[value=theirs]").check()
    phone.locator(".fd-conflict button[type=submit]").click()
    expect(phone.locator("ul.messagelist li.success")).to_contain_text(f"Draft saved (version {version + 2})")
    assert server.query("SELECT headline, summary FROM verdicts_verdict WHERE claim_id = ?", (claim_id,)) == [
        ("Clinic treated 212 patients in 2024, says the office", SUMMARY)
    ]

    # The same conflict on a desktop, for the record.
    editor.goto(claim_url)
    ada.goto(claim_url)
    draft_form(editor).locator("textarea[name=summary]").fill("Records show 212 patients in 2024, not 10.")
    draft_form(editor).locator("button[type=submit]").click()
    expect(editor.locator("ul.messagelist li.success")).to_contain_text("Draft saved")
    draft_form(ada).locator("textarea[name=summary]").fill("The 2024 report lists 212 patients.")
    draft_form(ada).locator("button[type=submit]").click()
    expect(ada.locator("#merge-summary .fd-theirs")).to_contain_text("Records show 212 patients")
    shot(ada, "05-conflict-desktop")

    # --- the draft's history lists every save, with who and when; any one can be opened -----------------
    phone.goto(claim_url)
    phone.locator("#verdict a", has_text="Draft history").click()
    rows = phone.locator(".fd-table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Erin Editor")
    expect(rows.nth(1)).to_contain_text("Erin Editor")  # the merge
    expect(rows.last).to_contain_text("Ada Admin")
    shot(phone, "06-draft-history-phone")
    no_sideways_scroll(phone)
    axe_clean(phone, "draft-history-phone")
    rows.last.locator("a").click()
    expect(phone.locator(".fd-revision")).to_contain_text(HEADLINE)
    shot(phone, "07-draft-revision-phone")
    no_sideways_scroll(phone)
