"""The claim queue in a real browser, as an editor on deadline works it: a screen of ranked open work at
desk size (at least 15 claims, every triage column on screen), cards on a phone, triage by keyboard that
lands on the next claim of the same filtered view, and saved views in the sidebar.

Screenshots go to ``test-artifacts/queue/``. The journey works on the seed *prediction* claims, which the
other browser tests leave alone (they take quantity claims and the newest other claims).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import DESKTOP, PHONE, REPO, describe_violations, login, run_axe

try:
    from playwright.sync_api import expect
except ImportError:  # the conftest skips every e2e test and says why
    expect = None

pytestmark = pytest.mark.e2e

SHOTS = REPO / "test-artifacts" / "queue"
QUEUE = "/admin/claims/claim/"
# The columns an editor triages by, which must be on screen without scrolling sideways.
TRIAGE_COLUMNS = ("score_band", "claim_type", "who_says", "article_title", "reviewers", "due", "state")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _rows_on_screen(page) -> int:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#result_list tbody tr')).filter(row => {
        const box = row.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
    }).length""")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_queue_shows_a_screen_of_ranked_open_work(e2e_server, new_context, device):
    options = (
        {"viewport": DESKTOP}
        if device == "desktop"
        else {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    )
    page = login(new_context(**options), "editor", e2e_server.password, QUEUE)
    expect(page.locator("#content h1")).to_have_text("Claim queue")
    assert page.title().startswith("Claim queue")
    expect(page.locator("#fd-queue-order")).to_contain_text("Showing open work")
    states = set(page.locator("#result_list td.field-state").all_inner_texts())
    assert states and states <= {"New", "Assigned", "In review"}, states
    _shot(page, f"queue-{device}")
    assert _overflow(page) <= 0, f"the queue scrolls sideways by {_overflow(page)}px at {device} size"
    if device == "desktop":
        on_screen = _rows_on_screen(page)
        assert on_screen >= 15, f"only {on_screen} claims fit one 1366x900 screen"
        expect(page.locator("#fd-shortcuts")).to_be_visible()
        first = page.locator("#result_list tbody tr").first
        for column in TRIAGE_COLUMNS:
            box = first.locator(f".field-{column}").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], f"{column} is off-screen"
    else:
        widths = page.evaluate("""() => Array.from(document.querySelectorAll('#result_list tbody tr'))
            .map(row => row.getBoundingClientRect().right)""")
        assert max(widths) <= PHONE["width"], "a claim card is wider than the phone"
    serious = run_axe(page, f"claim-queue-{device}")
    assert not serious, describe_violations(serious)
    # The claim page's place in the queue, at the same size.
    page.locator("#result_list tbody tr .field-claim_in_context a").first.click()
    page.wait_for_url(re.compile(r"/change/"))
    nav = page.locator(".fd-queue-nav")
    expect(nav.locator("#fd-next-claim")).to_be_visible()
    box = nav.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= options["viewport"]["width"]
    page.screenshot(path=SHOTS / f"claim-queue-nav-{device}.png")


def test_triage_by_keyboard_goes_from_claim_to_claim_in_the_filtered_view(e2e_server, new_context):
    page = login(new_context(), "editor", e2e_server.password, QUEUE)
    page.locator('#changelist-filter details[data-filter-title="claim type"] a', has_text="Prediction").click()
    page.wait_for_url(re.compile(r"claim_type__exact=prediction"))
    rows = page.locator("#result_list tbody tr")
    ids = [int(v) for v in rows.locator("input.action-select").evaluate_all("els => els.map(e => e.value)")]
    assert len(ids) >= 4, "the seeds should give a handful of prediction claims"

    # j moves down the queue, k back up; Enter opens the claim under the cursor.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator("tr.fd-cursor input.action-select")).to_have_value(str(ids[1]))
    _shot(page, "queue-keyboard-cursor")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/claim/{ids[1]}/change/"))
    nav = page.locator(".fd-queue-nav")
    expect(nav).to_contain_text("Claim 2 in this view of the queue")
    next_href = page.locator("#fd-next-claim").get_attribute("href")
    assert urlsplit(next_href).path == f"{QUEUE}{ids[2]}/change/"
    assert parse_qs(urlsplit(next_href).query)["_changelist_filters"] == ["claim_type__exact=prediction"]

    # d opens the dismiss form; keys typed into its fields are text, not shortcuts.
    page.keyboard.press("d")
    dismiss = page.locator('details[data-action="dismiss"]')
    expect(dismiss).to_have_attribute("open", "")
    dismiss.locator("select[name=reason]").select_option("opinion")
    dismiss.locator("textarea[name=note]").fill("")
    dismiss.locator("textarea[name=note]").press_sequentially("a forecast, not a fact: n j k")
    assert f"/claim/{ids[1]}/change/" in page.url, "a key typed into the note must not move to another claim"
    _shot(page, "claim-dismiss-by-keyboard")
    dismiss.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/claim/{ids[2]}/change/\?_changelist_filters="))
    expect(page.locator(".messagelist .success")).to_contain_text(f"Claim {ids[1]}")
    expect(page.locator(".messagelist .success")).to_contain_text("Dismissed. This is the next claim in your queue.")
    state = e2e_server.query("SELECT state, dismiss_reason FROM claims_claim WHERE id = ?", (ids[1],))[0]
    assert state == ("dismissed", "opinion")
    _shot(page, "claim-next-after-dismiss")

    # a opens the assign form; assigning goes on to the next claim of the same view.
    page.keyboard.press("a")
    assign = page.locator('details[data-action="assign"]')
    expect(assign).to_have_attribute("open", "")
    assign.locator("select[name=lead]").select_option(label="Rafael Reviewer")
    assign.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/claim/{ids[3]}/change/\?_changelist_filters="))
    expect(page.locator(".messagelist .success")).to_contain_text(f"Claim {ids[2]}")
    expect(page.locator(".messagelist .success")).to_contain_text("Assigned to Rafael Reviewer.")
    # k is the row above in the view as it is now: the assigned claim moved down, below the new ones.
    page.keyboard.press("k")
    page.wait_for_url(re.compile(rf"/claim/{ids[0]}/change/"))
    page.keyboard.press("n")
    page.wait_for_url(re.compile(rf"/claim/{ids[3]}/change/"))
    page.locator("#fd-back-to-queue").click()
    page.wait_for_url(re.compile(r"claim_type__exact=prediction"))
    shown = [int(v) for v in rows.locator("input.action-select").evaluate_all("els => els.map(e => e.value)")]
    assert ids[1] not in shown, "a dismissed claim leaves the open work view"
    assert shown.index(ids[0]) < shown.index(ids[3]) < shown.index(ids[2]), "new claims first, then assigned"
    serious = run_axe(page, "claim-queue-filtered")
    assert not serious, describe_violations(serious)


def test_saved_views_live_in_the_sidebar(e2e_server, new_context):
    page = login(new_context(), "editor", e2e_server.password, QUEUE)
    page.goto(f"{QUEUE}?claim_type__exact=prediction&due=none&state=all")
    sidebar = page.locator("#fd-saved-views")
    sidebar.locator("input[name=name]").fill("Predictions, all states")
    sidebar.locator("button", has_text="Save").click()
    page.wait_for_url(re.compile(r"claim_type__exact=prediction"))
    expect(page.locator(".messagelist .success")).to_contain_text("Saved the view “Predictions, all states”")
    link = sidebar.locator("a.fd-saved-view", has_text="Predictions, all states")
    expect(link).to_be_visible()

    # The same name again is refused in a sentence, and the typed name stays in the box.
    page.goto(f"{QUEUE}?priority__exact=1")
    sidebar.locator("input[name=name]").fill("predictions, ALL states")
    sidebar.locator("button", has_text="Save").click()
    page.wait_for_url(re.compile(r"priority__exact=1"))
    expect(page.locator(".messagelist .error")).to_contain_text("choose another name")
    expect(sidebar.locator("input[name=name]")).to_have_value("predictions, ALL states")
    _shot(page, "saved-view-refused")

    link.click()
    page.wait_for_url(re.compile(r"claim_type__exact=prediction"))
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"claim_type__exact": ["prediction"], "due": ["none"], "state": ["all"]}
    _shot(page, "saved-view-open")
    serious = run_axe(page, "claim-queue-saved-view")
    assert not serious, describe_violations(serious)

    # Another editor does not see it; its owner deletes it.
    other = login(new_context(), "admin", e2e_server.password, QUEUE)
    expect(other.locator("#fd-saved-views a.fd-saved-view")).to_have_count(0)
    sidebar.get_by_role("button", name="Delete the saved view Predictions, all states").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Deleted the saved view")
    expect(sidebar.locator("a.fd-saved-view")).to_have_count(0)
