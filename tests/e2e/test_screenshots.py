"""Screenshots of the public fact-check page and the editors' dashboard at desktop (1366x900) and phone
(390x844) widths, saved as ``test-artifacts/screenshots/{factcheck,dashboard}-{desktop,phone}.png``.

This module sorts after the journey, so in a full run the dashboard shows the desk after the editorial
day; alone it shows the sample fact-check. Neither page may scroll sideways on a phone.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, login

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots(e2e_server, new_context, device):
    """The public page (anonymous) and the editor dashboard, full page, for the README and CI artifacts."""
    options = (
        {"viewport": DESKTOP}
        if device == "desktop"
        else {
            "viewport": PHONE,
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        }
    )
    reader = new_context(**options).new_page()
    reader.goto(f"/fact-checks/{e2e_server.sample['slug']}/")
    expect(reader.locator("svg.rating-meter")).to_be_visible()
    reader.screenshot(path=SCREENSHOTS / f"factcheck-{device}.png", full_page=True)

    editor = login(new_context(**options), "editor", e2e_server.password, "/admin/claims/claim/dashboard/")
    expect(editor.locator("#by-state svg.factdesk-chart")).to_be_visible()
    editor.screenshot(path=SCREENSHOTS / f"dashboard-{device}.png", full_page=True)

    width = options["viewport"]["width"]
    for name, page in (("public fact-check page", reader), ("dashboard", editor)):
        overflow = sideways_overflow(page)
        assert overflow <= 0, f"the {name} scrolls sideways by {overflow}px at {width}px wide"
