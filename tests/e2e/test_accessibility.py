"""axe-core on the public fact-check page, the index and the admin claim page.

They use the sample fact-check published before the server started (``sample_factcheck.py``), so they do
not depend on the journey test. axe results are saved as ``test-artifacts/e2e/axe-<page>.json`` and
counted by impact at the end of the run; serious or critical violations fail.
"""

from __future__ import annotations

import pytest

from .conftest import describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e


def open_all_details(page) -> None:
    """Open every <details> (the workflow forms, the admin's collapsed fieldsets) so axe sees the forms."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_axe_public_pages(e2e_server, new_context):
    page = new_context().new_page()
    failures = []
    page.goto(f"/fact-checks/{e2e_server.sample['slug']}/")
    expect(page.locator("h1")).to_have_text(e2e_server.sample["headline"])
    failures += run_axe(page, "public-factcheck")
    page.goto("/fact-checks/")
    expect(page.locator("article.card").first).to_be_visible()
    failures += run_axe(page, "public-index")
    assert not failures, describe_violations(failures)


def test_axe_admin_claim_pages(e2e_server, new_context):
    """The claim page as the editor sees it: published (verdict, evidence, revisions, correct and retract
    forms) and new (dismiss, assign, priority and details forms), every form opened."""
    new_claim = e2e_server.query(
        "SELECT id FROM claims_claim WHERE state = 'new' AND claim_type != 'quantity' ORDER BY id LIMIT 1"
    )[0][0]
    page = login(new_context(), "editor", e2e_server.password, "/admin/claims/claim/")
    failures = []
    for name, claim_id in (("admin-claim-published", e2e_server.sample["claim_id"]), ("admin-claim-new", new_claim)):
        page.goto(f"/admin/claims/claim/{claim_id}/change/")
        expect(page.locator("#actions")).to_be_visible()
        open_all_details(page)
        failures += run_axe(page, name)
    assert not failures, describe_violations(failures)


def test_axe_desk_pages(e2e_server, new_context):
    """Beyond the issue's three pages: the claim queue and the dashboard, where editors spend the day."""
    page = login(new_context(), "editor", e2e_server.password, "/admin/claims/claim/")
    failures = run_axe(page, "admin-claim-queue")
    page.goto("/admin/claims/claim/dashboard/")
    failures += run_axe(page, "admin-dashboard")
    assert not failures, describe_violations(failures)
