"""Bringing a story in from the desk, in a real browser: paste an article, upload a file, see the claims.

An editor opens Articles → Add, saves it empty (the form says what to do and keeps the title), pastes an
article and lands on its page with its claims listed, uploads a Word file and a PDF the same way, sends the
same text again and is taken to the article already on the desk, and watches an article's page follow its
pipeline without reloading (the page polls its status URL; the test plays the worker by writing the
article's status into the server's SQLite file). Screenshots at desktop and phone sizes go to
``test-artifacts/intake/``; no page may scroll sideways on a phone; axe finds nothing serious or critical.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest

from tests.fixtures_ingest.documents import make_docx, make_pdf

from .conftest import DESKTOP, PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e
SHOTS = REPO / "test-artifacts" / "intake"
ADD = "/admin/articles/article/add/"
PASTED = (
    "Harbour city opens its third desalination plant\n\n"
    "The new plant will supply 45,000 households, the water authority said on Tuesday. "
    "It cost 310 million euros, twice the figure announced in 2021, according to the city's budget office.\n\n"
    "Mayor Lena Ortiz said the city now produces 60% of its drinking water from the sea. "
    "Residents have complained about the noise from the pumping station for months."
)
WORD = [
    "The regional clinic treated 1,200 patients in 2024, twice as many as in 2022, its director said.",
    "Unemployment in the province fell to 4.1% in March, the lowest rate since 2008, the statistics office said.",
]
PDF = [
    "Rail ridership rose 18% last year to 92 million journeys, the transport ministry said.",
    "The ministry spent 1.4 billion euros on new trains between 2019 and 2024.",
]
PHONE_OPTIONS = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _article_id(page) -> int:
    match = re.search(r"/admin/articles/article/(\d+)/change/", page.url)
    assert match, f"not on an article page: {page.url}"
    return int(match.group(1))


def _write(server, sql: str, params=()) -> None:
    """Play the worker: change a row in the server's SQLite file (the server sees it on its next read)."""
    with closing(sqlite3.connect(server.db_path, timeout=10)) as conn:
        conn.execute(sql, params)
        conn.commit()


def test_an_editor_brings_stories_in_and_sees_their_claims(e2e_server, new_context, tmp_path):
    page = login(new_context(viewport=DESKTOP), "editor", e2e_server.password, "/admin/articles/article/")
    page.get_by_role("link", name=re.compile("Add article", re.I)).click()
    expect(page.get_by_label("Paste the article's text")).to_be_visible()
    _shoot(page, "add-desktop")
    failures = run_axe(page, "intake-add")

    # Saved with nothing to bring in: a sentence saying what to do, and the typed title still there.
    page.get_by_label("Title:", exact=True).fill("Harbour city desalination")
    page.get_by_role("button", name="Add the article").click()
    expect(page.locator(".errorlist")).to_contain_text("paste the article's text, choose a file, or give its URL")
    expect(page.get_by_label("Title:", exact=True)).to_have_value("Harbour city desalination")
    _shoot(page, "add-refused-desktop")
    failures += run_axe(page, "intake-refused")

    # A refused file: every other field kept, and the file's error says to choose it again.
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    page.get_by_label("Publisher").fill("Harbour Herald")
    page.get_by_label("or upload a file").set_input_files(str(binary))
    page.get_by_role("button", name="Add the article").click()
    expect(page.locator(".field-file .errorlist")).to_contain_text("Choose the file again")
    expect(page.get_by_label("Publisher")).to_have_value("Harbour Herald")
    expect(page.get_by_label("Title:", exact=True)).to_have_value("Harbour city desalination")
    _shoot(page, "add-file-refused-desktop")

    # Paste the article: the editor lands on it, the claims listed with links to their claim pages.
    page.get_by_label("Paste the article's text").fill(PASTED)
    page.get_by_role("button", name="Add the article").click()
    expect(page.locator(".messagelist")).to_contain_text("added")
    panel = page.locator("#fd-article-progress")
    expect(panel.locator("[data-role=sentence]")).to_contain_text("claims found")
    expect(panel.locator(".fd-claim-list a").first).to_be_visible()
    expect(panel.locator(".fd-claim-list")).to_contain_text("45,000 households")
    pasted_id = _article_id(page)
    _shoot(page, "article-desktop")
    failures += run_axe(page, "intake-article")
    claim_link = panel.locator(".fd-claim-list a").first.get_attribute("href")
    assert re.fullmatch(r"/admin/claims/claim/\d+/change/", claim_link), claim_link

    # The same text again: taken to the article already on the desk, with a message, no error.
    page.goto(ADD)
    page.get_by_label("Paste the article's text").fill(PASTED)
    page.get_by_role("button", name="Add the article").click()
    expect(page.locator(".messagelist")).to_contain_text("This article is already on the desk")
    assert _article_id(page) == pasted_id

    # Upload a Word file and a PDF: each lands on its article with its claims.
    for name, data, needle in (
        ("clinic.docx", make_docx(WORD, heading="Clinic doubles capacity"), "1,200 patients"),
        ("rail.pdf", make_pdf(PDF, title="Rail ridership report"), "92 million journeys"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        page.goto(ADD)
        page.get_by_label("or upload a file").set_input_files(str(path))
        page.get_by_role("button", name="Add the article").click()
        expect(page.locator("#fd-article-progress .fd-claim-list")).to_contain_text(needle)
        assert e2e_server.query(
            "SELECT source, source_name FROM articles_article WHERE id = ?", (_article_id(page),)
        ) == [("file", name)]
    _shoot(page, "uploaded-desktop")
    assert not failures, describe_violations(failures)


def test_the_article_page_follows_its_pipeline_without_a_reload(e2e_server, new_context):
    """A worker's progress reaches the open page by itself; nothing on the page is reloaded."""
    page = login(new_context(viewport=DESKTOP), "editor", e2e_server.password, ADD)
    text = (
        "The port handled 7.2 million containers in 2024, up 9% on the year, the port authority said.\n\n"
        "Its new terminal will double capacity by 2027, according to the harbour master."
    )
    page.get_by_label("Paste the article's text").fill(text)
    page.get_by_role("button", name="Add the article").click()
    expect(page.locator("#fd-article-progress .fd-claim-list li").first).to_be_visible()
    article_id = _article_id(page)
    claims = e2e_server.query("SELECT COUNT(*) FROM claims_claim WHERE article_id = ?", (article_id,))[0][0]
    assert claims > 0
    # The worker takes the article again (a re-run): its claims are being recomputed.
    _write(e2e_server, "UPDATE articles_article SET status = 'processing' WHERE id = ?", (article_id,))
    page.reload()
    panel = page.locator("#fd-article-progress")
    expect(panel.locator("[data-role=sentence]")).to_contain_text("Extracting claims")
    expect(panel.locator("progress")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    page.evaluate("document.querySelector('#fd-article-progress .fd-claim-list').replaceChildren()")
    _shoot(page, "article-processing-desktop")
    # The worker finishes: the page says so and lists the claims, without being reloaded.
    _write(e2e_server, "UPDATE articles_article SET status = 'done' WHERE id = ?", (article_id,))
    expect(panel.locator("[data-role=sentence]")).to_contain_text("claims found", timeout=20_000)
    expect(panel.locator(".fd-claim-list li")).to_have_count(claims)
    expect(panel.locator("progress")).to_be_hidden()
    expect(page.locator(".field-status .readonly")).to_have_text("Done")
    expect(panel.locator("[data-role=queue]")).to_contain_text(f"{claims} claim")
    assert page.evaluate("window.__notReloaded === true")


def test_intake_pages_fit_a_phone(e2e_server, new_context):
    page = login(new_context(**PHONE_OPTIONS), "editor", e2e_server.password, ADD)
    expect(page.get_by_label("Paste the article's text")).to_be_visible()
    _shoot(page, "add-phone")
    assert _overflow(page) <= 0, f"the add page scrolls sideways by {_overflow(page)}px on a phone"
    page.get_by_role("button", name="Add the article").click()
    expect(page.locator(".errorlist")).to_be_visible()
    _shoot(page, "add-refused-phone")
    assert _overflow(page) <= 0, f"the refused add page scrolls sideways by {_overflow(page)}px on a phone"
    newest = "SELECT id FROM articles_article WHERE status = 'done' ORDER BY id DESC LIMIT 1"
    article_id = e2e_server.query(newest)[0][0]
    page.goto(f"/admin/articles/article/{article_id}/change/")
    expect(page.locator("#fd-article-progress .fd-claim-list li").first).to_be_visible()
    _shoot(page, "article-phone")
    page.screenshot(path=SHOTS / "article-phone-top.png")  # the first screen, as the editor sees it
    assert _overflow(page) <= 0, f"the article page scrolls sideways by {_overflow(page)}px on a phone"


def test_reviewers_are_not_offered_add(e2e_server, new_context):
    page = login(new_context(viewport=DESKTOP), "reviewer", e2e_server.password, "/admin/articles/article/")
    expect(page.locator("#changelist")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Add article", re.I))).to_have_count(0)
    response = page.goto(ADD)
    assert response.status == 403
