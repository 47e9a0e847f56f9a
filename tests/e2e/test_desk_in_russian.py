"""The desk in Russian and the public site in Spanish, in a real browser, through the language switches.

An editor switches the desk to Russian in its header and walks a claim from the queue to publication with a
reviewer (also in Russian): queue → claim page → assign → start, draft, evidence, submit → approve → preview
→ publish. On every page no interface string is left in English: each visible text node (and each label a
screen reader reads: ``aria-label``, ``title``, ``placeholder``, a submit button's value) that equals an
English msgid of the Russian catalogue whose translation differs is a failure. Data (claims, articles,
ratings, names) is never translated and is not in the catalogue, so it cannot trip the check. Then a reader
opens the published fact-check and picks Spanish in the site's footer: the same check against the Spanish
catalogue. Each page is also opened on a phone (390×844) and must not scroll sideways; screenshots of both
sizes go to ``test-artifacts/screenshots/i18n/`` (and ``/tmp/shots/i18n/`` when that folder exists).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from .conftest import PHONE, REPO, SCREENSHOTS, login

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

LOCALE = REPO / "factcheck" / "locale"
SHOTS = SCREENSHOTS / "i18n"
EXTRA_SHOTS = Path("/tmp/shots/i18n")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}|<[^>]+>")
HEADLINE = "Реестр насчитывает 48 продуктов, но разрешены не все"
SUMMARY = "В реестре 48 продуктов, но аудит нашёл лишь 31 действующее разрешение."
EVIDENCE = {
    "url": "https://example.org/registry-2025",
    "title": "National registry of medical AI products",
    "publisher": "Ministry of Health",
    "quote": "48 products were entered in the registry by 2025.",
}

# Every visible text node and every label read aloud; data regions (the claim and article text, JSON) are
# skipped. Text is whitespace-normalised; a trailing colon (Django's label suffix) is tried both ways.
VISIBLE_TEXTS = """() => {
  const skip = "script, style, noscript, template, .fd-context, .fd-article-text, pre, code, kbd, textarea, option";
  const out = [];
  const seen = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !seen(el)) continue;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], input[type=submit][value]")) {
    if (el.closest(skip)) continue;
    for (const name of ["aria-label", "title", "placeholder"]) {
      const value = el.getAttribute(name);
      if (value) out.push(value.replace(/\\s+/g, " ").trim());
    }
    if (el.matches("input[type=submit]")) out.push(el.value.trim());
  }
  // Words drawn by CSS (the queue's cards on a phone name each cell with ::before).
  for (const el of document.querySelectorAll("td, th, span, p")) {
    const drawn = getComputedStyle(el, "::before").content;
    if (drawn && drawn.startsWith('"')) out.push(drawn.slice(1, -1).trim());
  }
  return out;
}"""


def catalogue(lang: str) -> dict[str, str]:
    """English msgid → translation, for plain interface strings that a translation changes."""
    import polib

    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    strings = {}
    for entry in po:
        if entry.obsolete or entry.msgid_plural or PLACEHOLDER.search(entry.msgid):
            continue
        english = " ".join(entry.msgid.split())
        if entry.msgstr and " ".join(entry.msgstr.split()) != english and len(english) > 1:
            strings[english] = entry.msgstr
    return strings


def english_left(page, strings: dict[str, str]) -> list[str]:
    found = []
    for text in page.evaluate(VISIBLE_TEXTS):
        for candidate in (text, text.rstrip(":").strip(), text.rstrip("…").strip()):
            if candidate in strings:
                found.append(f"{candidate!r} (should read {strings[candidate]!r})")
                break
    return sorted(set(found))


def shoot(page, name: str) -> None:
    """The whole page, and its first screen as a person sees it (a long page shrinks to nothing whole)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    paths = [SHOTS / f"{name}.png", SHOTS / f"{name}-screen.png"]
    page.screenshot(path=paths[0], full_page=True)
    page.screenshot(path=paths[1])
    if EXTRA_SHOTS.parent.exists():
        EXTRA_SHOTS.mkdir(parents=True, exist_ok=True)
        for path in paths:
            shutil.copyfile(path, EXTRA_SHOTS / path.name)


def check_page(page, strings: dict[str, str], name: str, lang: str) -> None:
    """No English left, the interface is in ``lang`` (the switch says so), and a screenshot of it. (The
    public fact-check's ``<html lang>`` is its content's language, which the interface does not change.)"""
    expect(page.locator("select[name=language]").first).to_have_value(lang)
    left = english_left(page, strings)
    assert not left, f"{name}: English left on {page.url}:\n" + "\n".join(left)
    shoot(page, f"{name}-desktop")


def check_phone(phone, path: str, strings: dict[str, str], name: str, lang: str) -> None:
    """The same page on a phone: translated too, and nothing wider than the screen."""
    phone.goto(path)
    phone.wait_for_load_state("networkidle")
    left = english_left(phone, strings)
    assert not left, f"{name} (phone): English left:\n" + "\n".join(left)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    shoot(phone, f"{name}-phone")
    assert overflow <= 1, f"{name}: the page scrolls sideways on a phone by {overflow}px"


def switch_language(page, switch_id: str, code: str) -> None:
    """The switch as a person uses it: pick the language, press the button (no JavaScript needed)."""
    form = page.locator(f"form#{switch_id}")
    form.locator("select[name=language]").select_option(code)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def expect_success(page) -> None:
    expect(page.locator("ul.messagelist li.success")).to_have_count(1)


@pytest.fixture
def english_afterwards(e2e_server):
    """The desk users' saved language goes back to the default after this test, pass or fail: the browser tests
    share one desk, and the ones that follow read its English."""
    yield
    with closing(sqlite3.connect(e2e_server.db_path, timeout=10)) as conn, conn:
        conn.execute("DELETE FROM workflows_deskpreference")


def test_desk_in_russian_and_the_public_page_in_spanish(e2e_server, new_context, english_afterwards):
    server = e2e_server
    russian, spanish = catalogue("ru"), catalogue("es")
    # The demo people's usernames are data that happen to be words of the catalogue ("editor", "reviewer").
    for username in ("editor", "reviewer", "admin"):
        russian.pop(username, None)
        spanish.pop(username, None)
    assert len(russian) > 300 and len(spanish) > 300, "the catalogues look empty"

    # --- the editor switches the desk to Russian in its header ---------------------------------------
    editor_context = new_context()
    editor = login(editor_context, "editor", server.password, "/admin/claims/claim/")
    expect(editor.locator("html")).to_have_attribute("lang", "en")
    switch_language(editor, "desk-language", "ru")
    assert editor.url.endswith("/admin/claims/claim/"), "the switch should come back to the same page"
    expect(editor.locator("html")).to_have_attribute("lang", "ru")
    check_page(editor, russian, "01-queue", "ru")
    editor_phone = editor_context.new_page()
    editor_phone.set_viewport_size(PHONE)
    check_phone(editor_phone, "/admin/claims/claim/", russian, "01-queue", "ru")

    # --- the claim page, then assign it to the reviewer -------------------------------------------------
    claim_id = int(editor.locator("#result_list tbody tr input.action-select").first.get_attribute("value"))
    claim_path = f"/admin/claims/claim/{claim_id}/change/"
    editor.goto(claim_path)
    check_page(editor, russian, "02-claim", "ru")
    check_phone(editor_phone, claim_path, russian, "02-claim", "ru")
    details = editor.locator('details[data-action="assign"]')
    details.locator("summary").click()
    details.locator("select[name=lead]").select_option(label="Rafael Reviewer")
    details.locator("button[type=submit]").click()
    expect_success(editor)
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (claim_id,))[0][0] == "assigned"
    check_page(editor, russian, "03-assigned", "ru")

    # --- the reviewer, in Russian too: start, draft with evidence, submit ------------------------------
    reviewer_context = new_context()
    reviewer = login(reviewer_context, "reviewer", server.password, "/admin/")
    switch_language(reviewer, "desk-language", "ru")
    reviewer.goto(claim_path)
    reviewer.locator('form[data-action="start"] button[type=submit]').click()
    expect_success(reviewer)
    check_page(reviewer, russian, "04-review-started", "ru")
    draft = reviewer.locator('form[data-action="draft"]')
    draft.locator("#id_draft_rating").select_option(index=2)
    draft.locator("#id_draft_headline").fill(HEADLINE)
    draft.locator("#id_draft_summary").fill(SUMMARY)
    row = reviewer.locator('details[data-action="evidence"]')
    if row.get_attribute("open") is None:
        row.locator("summary").click()
    for field, value in EVIDENCE.items():
        row.locator(f'[name$="-{field}"]').fill(value)
    row.locator('select[name$="-stance"]').select_option("supports")
    draft.locator("button[type=submit]").click()
    expect_success(reviewer)
    check_page(reviewer, russian, "05-draft-saved", "ru")
    reviewer_phone = reviewer_context.new_page()
    reviewer_phone.set_viewport_size(PHONE)
    check_phone(reviewer_phone, claim_path, russian, "05-draft-saved", "ru")
    reviewer.locator('form[data-action="submit"] button[type=submit]').click()
    expect_success(reviewer)
    check_page(reviewer, russian, "06-submitted", "ru")

    # --- the editor signs it off, previews and publishes ------------------------------------------------
    editor.goto(claim_path)
    editor.locator('form[data-action="approve"] button[type=submit]').click()
    expect_success(editor)
    check_page(editor, russian, "07-approved", "ru")
    editor.locator('a[data-action="publish"]').click()
    expect(editor.locator(".fd-preview-banner")).to_be_visible()
    check_page(editor, russian, "08-publish-preview", "ru")
    check_phone(editor_phone, editor.url.removeprefix(server.base_url), russian, "08-publish-preview", "ru")
    editor.locator('button[data-action="publish-now"]').click()
    expect_success(editor)
    assert server.query("SELECT state FROM claims_claim WHERE id = ?", (claim_id,))[0][0] == "published"
    check_page(editor, russian, "09-published", "ru")
    slug = server.query("SELECT slug FROM verdicts_verdict WHERE claim_id = ?", (claim_id,))[0][0]

    # --- the desk's other everyday pages, in Russian too -------------------------------------------------
    article_id = server.query("SELECT article_id FROM claims_claim WHERE id = ?", (claim_id,))[0][0]
    left_on = []
    for name, path in (
        ("13-my-claims", "/admin/claims/claim/mine/"),
        ("14-dashboard", "/admin/claims/claim/dashboard/"),
        ("15-draft-history", f"/admin/claims/claim/{claim_id}/draft-history/"),
        ("16-article", f"/admin/articles/article/{article_id}/change/"),
        ("17-add-article", "/admin/articles/article/add/"),
        ("18-claim-history", f"/admin/claims/claim/{claim_id}/history/"),
    ):
        editor.goto(path)
        left_on += [f"{name}: {text}" for text in english_left(editor, russian)]
        shoot(editor, f"{name}-desktop")
    assert not left_on, "English left on the desk:\n" + "\n".join(left_on)

    # --- My settings: the editor keeps Russian and picks a time zone; the desk's dates follow it --------
    editor.locator("#user-tools a[href='/admin/my-settings/']").click()
    check_page(editor, russian, "11-my-settings", "ru")
    check_phone(editor_phone, "/admin/my-settings/", russian, "11-my-settings", "ru")
    editor.locator("select[name=language]#id_language").select_option("ru")
    editor.locator("select[name=time_zone]").select_option("Asia/Almaty")
    editor.locator("#fd-my-settings button[type=submit]").click()
    expect_success(editor)
    expect(editor.locator("select[name=time_zone]")).to_have_value("Asia/Almaty")
    check_page(editor, russian, "12-my-settings-saved", "ru")

    # --- a reader opens the fact-check and picks Spanish in the footer ----------------------------------
    reader_context = new_context()
    reader = reader_context.new_page()
    public_path = f"/fact-checks/{slug}/"
    reader.goto(public_path)
    expect(reader.locator("#site-language-select")).to_have_value("en")
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    switch_language(reader, "site-language", "es")
    assert reader.url.endswith(public_path)
    expect(reader.locator("h1")).to_have_text(HEADLINE)  # the headline is data: as written
    check_page(reader, spanish, "10-public-factcheck", "es")
    reader_phone = reader_context.new_page()
    reader_phone.set_viewport_size(PHONE)
    check_phone(reader_phone, public_path, spanish, "10-public-factcheck", "es")
    # Another reader, still in English, is not served the Spanish page from the page cache.
    english_reader = new_context().new_page()
    english_reader.goto(public_path)
    expect(english_reader.locator("#site-language-select")).to_have_value("en")
    expect(english_reader.locator("#claim-heading")).to_have_text("The claim")
