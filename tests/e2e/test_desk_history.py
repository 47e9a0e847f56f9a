"""The claim's history as an editor reads it in the browser: sentences with people's names, newest first,
on the claim page and on the History page, at desk and phone widths, with no serious axe violation.

Uses the sample fact-check published before the server started (``sample_factcheck.py``): assigned by the
editor, worked by the reviewer, approved and published. Screenshots go to ``test-artifacts/desk-shape/``.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e
SHOTS = REPO / "test-artifacts" / "desk-shape"


def _full_names(e2e_server) -> dict[str, str]:
    rows = e2e_server.query("SELECT username, first_name, last_name FROM auth_user")
    return {u: f"{first} {last}".strip() or u for u, first, last in rows}


def _check_history(page, names: dict[str, str]) -> None:
    rows = page.locator("#history tbody tr, .fd-history tbody tr")
    expect(rows.first).to_have_attribute("data-audit", "factcheck.publish")  # newest first
    expect(rows.last).to_have_attribute("data-audit", "claim.assign")
    text = page.locator(".fd-history").first.inner_text()
    assert f"{names['editor']} published the fact-check, rated" in text
    assert f"{names['editor']} assigned the claim to {names['reviewer']}, due " in text
    assert f"{names['reviewer']} added evidence that refutes the claim: “Official statistics”" in text
    for leak in ("{'", "': [", "None", "claim.assign", "verdict.save_draft"):
        assert leak not in text, leak


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desk", "phone"])
def test_history_reads_as_sentences(e2e_server, new_context, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    names = _full_names(e2e_server)
    claim_id = e2e_server.sample["claim_id"]
    size = f"{viewport['width']}x{viewport['height']}"
    claim_url = f"/admin/claims/claim/{claim_id}/change/"
    page = login(new_context(viewport=viewport), "editor", e2e_server.password, claim_url)
    page.locator("#history").scroll_into_view_if_needed()
    _check_history(page, names)
    page.locator("#history").screenshot(path=SHOTS / f"claim-page-history-{size}.png")
    failures = run_axe(page, f"desk-shape-claim-{size}")

    page.goto(f"/admin/claims/claim/{claim_id}/history/")
    _check_history(page, names)
    page.screenshot(path=SHOTS / f"history-page-{size}.png", full_page=True)
    failures += run_axe(page, f"desk-shape-history-{size}")
    assert not failures, describe_violations(failures)
