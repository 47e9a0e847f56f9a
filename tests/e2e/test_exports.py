"""Exports in a real browser: an editor filters the queue, presses "Export CSV" (desk size) or "Export
Excel" (on a phone) and the file that arrives holds exactly that view of the queue, every page of it, in its
order. The verdicts and corrections lists carry the same control. Screenshots: ``/tmp/shots/exports/`` (and
``test-artifacts/exports/``)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, REPO, login

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = [REPO / "test-artifacts" / "exports", Path("/tmp/shots/exports")]
QUEUE = "/admin/claims/claim/"
VIEW = "?state=all&claim_type__exact=quantity"


def _shot(page, name: str, full_page: bool = False) -> None:
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{name}.png", full_page=full_page)


def _table_ids(page) -> list[int]:
    hrefs = page.locator("#result_list tbody td.field-claim_in_context a, #result_list tbody th a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [int(m.group(1)) for h in hrefs if (m := re.search(r"/claim/(\d+)/change/", h))]


def _options(device: str) -> dict:
    if device == "desktop":
        return {"viewport": DESKTOP, "accept_downloads": True}
    return {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True, "accept_downloads": True}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_editor_exports_the_filtered_queue(e2e_server, new_context, device):
    page = login(new_context(**_options(device)), "editor", e2e_server.password, QUEUE)
    page.goto(QUEUE + VIEW)
    shown = _table_ids(page)
    assert shown, "the filtered queue shows claims"
    link = page.get_by_role("link", name=re.compile("Export (CSV|Excel)")).first
    expect(link).to_be_visible()
    control = page.locator("li.fd-export a")
    expect(control).to_have_count(2)
    for index in range(2):  # on screen, and as big as a finger on a phone
        box = control.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1, box
        assert box["height"] >= (24 if device == "phone" else 16), box
    _shot(page, f"queue-export-{device}")
    # state=all: every state of the queue.
    expected = {row[0] for row in e2e_server.query("SELECT id FROM claims_claim WHERE claim_type = 'quantity'")}
    if device == "desktop":
        with page.expect_download() as info:
            page.locator("a.fd-export-csv").click()
        download = info.value
        assert re.fullmatch(r"factdesk-claims-filtered-\d{4}-\d{2}-\d{2}-\d{4}\.csv", download.suggested_filename)
        body = Path(download.path()).read_bytes()
        assert body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        ids = [int(r[0]) for r in rows[1:]]
    else:
        import openpyxl

        with page.expect_download() as info:
            page.locator("a.fd-export-xlsx").tap()
        download = info.value
        assert download.suggested_filename.endswith(".xlsx")
        book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        ids = [int(r[0]) for r in rows[1:]]
    assert rows[0][:3] == ["ID", "Claim", "As it appeared"]
    assert set(ids) == expected and len(ids) == len(expected)  # every page, these filters
    assert ids[: len(shown)] == shown  # in the queue's order
    # The desk is still there, unchanged, after the download.
    assert page.url.endswith(QUEUE + VIEW)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_verdicts_and_corrections_lists_offer_the_export(e2e_server, new_context, device):
    page = login(new_context(**_options(device)), "editor", e2e_server.password, "/admin/verdicts/verdict/")
    expect(page.locator("a.fd-export-csv")).to_be_visible()
    _shot(page, f"verdicts-export-{device}")
    with page.expect_download() as info:
        page.locator("a.fd-export-csv").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["Verdict ID", "Claim ID"] and len(rows) >= 2  # the sample fact-check at least
    page.goto("/admin/verdicts/correction/")
    expect(page.locator("a.fd-export-xlsx")).to_be_visible()
    _shot(page, f"corrections-export-{device}")


def test_a_reviewer_sees_no_export(e2e_server, new_context):
    page = login(new_context(viewport=DESKTOP), "reviewer", e2e_server.password, QUEUE)
    expect(page.locator("#content h1")).to_have_text("Claim queue")
    expect(page.locator("li.fd-export")).to_have_count(0)
