"""The desk's webhook and chat pages in a browser, at 1366x900 and on a phone (390x844): an editor adds an
endpoint and sees its secret once, a disabled endpoint is announced on the home page and explained on its
own page, a chat channel is added and shown masked. Screenshots go to /tmp/shots/notify/ to be looked at.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, login

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/notify")
PHONE_OPTIONS = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PUBLIC = "https://93.184.216.34/factdesk-hook"  # a public address: no DNS needed, never called here
SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#factchecks"


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _disable(server, endpoint_id: int) -> None:
    """What the sender does after too many failures in a row (the server runs no worker to get there)."""
    with closing(sqlite3.connect(server.db_path, timeout=10)) as conn:
        conn.execute(
            "UPDATE notify_webhookendpoint SET active = 0, consecutive_failures = 15, disabled_at = CURRENT_TIMESTAMP,"
            " last_error = ?, disabled_reason = ? WHERE id = ?",
            (
                "The endpoint answered 500 Internal Server Error; it must answer 2xx to acknowledge an event.",
                "Disabled after 15 failed attempts in a row. The last: The endpoint answered 500 Internal Server "
                "Error; it must answer 2xx to acknowledge an event.",
                endpoint_id,
            ),
        )
        conn.execute(
            "INSERT INTO notify_webhookdelivery (endpoint_id, event, delivery_id, payload, attempts, status,"
            " response_code, error, attempt_log, created_at, last_attempt_at) VALUES (?, 'factcheck.published', ?,"
            " ?, 3, 'failed', 500, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            (
                endpoint_id,
                uuid.uuid4().hex,
                '{"id":"evt_1","event":"factcheck.published","data":{"fact_check":{"id":1}}}',
                "The endpoint answered 500 Internal Server Error; it must answer 2xx to acknowledge an event.",
                json.dumps([{"at": "2026-12-02T05:00:00+00:00", "status": 500, "error": "…", "ms": 12}] * 3),
            ),
        )
        conn.commit()


@pytest.mark.parametrize(("size", "options"), [("desktop", {"viewport": DESKTOP}), ("phone", PHONE_OPTIONS)])
def test_webhook_pages_add_secret_once_and_disabled_warning(e2e_server, new_context, size, options):
    page = login(new_context(**options), "editor", e2e_server.password, "/admin/notify/webhookendpoint/add/")
    page.fill("#id_url", "http://10.0.0.7/hook")
    page.fill("#id_description", f"Partner network ({size})")
    page.check("#id_events input[value='factcheck.published']")
    page.click("input[name=_save]")
    assert "not on the public internet" in page.inner_text("#content-main")
    assert page.input_value("#id_description") == f"Partner network ({size})"
    assert page.is_checked("#id_events input[value='factcheck.published']")
    assert _overflow(page) <= 0
    _shot(page, f"webhook-add-refused-{size}")

    page.fill("#id_url", PUBLIC)
    page.check("#id_events input[value='factcheck.retracted']")
    page.click("input[name=_save]")
    page.wait_for_url("**/change/")
    secret = page.inner_text("#fd-new-secret").strip()
    assert secret.startswith("whsec_")
    assert _overflow(page) <= 0
    _shot(page, f"webhook-secret-once-{size}")
    page.reload()
    assert secret not in page.content() and page.locator("#fd-new-secret").count() == 0

    endpoint_id = int(page.url.rstrip("/").split("/")[-2])
    _disable(e2e_server, endpoint_id)
    page.goto("/admin/")
    warning = page.inner_text(".fd-notify-warnings")
    assert f"Webhook to {PUBLIC} is disabled" in warning and "15 failed attempts" in warning
    assert _overflow(page) <= 0
    _shot(page, f"desk-home-webhook-disabled-{size}")
    page.goto("/admin/notify/webhookendpoint/")
    assert "Disabled" in page.inner_text("#result_list")
    _shot(page, f"webhook-list-{size}")
    page.goto(f"/admin/notify/webhookendpoint/{endpoint_id}/change/")
    assert "This endpoint is disabled" in page.inner_text(".fd-disabled-box")
    assert "Failed, no more retries" in page.inner_text(".fd-deliveries")
    assert _overflow(page) <= 0
    _shot(page, f"webhook-disabled-page-{size}")
    page.click("text=Re-enable the endpoint")
    assert "Endpoint re-enabled" in page.inner_text(".messagelist")
    assert page.locator(".fd-disabled-box").count() == 0
    assert "Resend the 1 missed delivery" in page.inner_text(".fd-endpoint-actions")
    assert _overflow(page) <= 0
    _shot(page, f"webhook-re-enabled-{size}")


@pytest.mark.parametrize(("size", "options"), [("desktop", {"viewport": DESKTOP}), ("phone", PHONE_OPTIONS)])
def test_chat_channel_is_added_and_shown_masked(e2e_server, new_context, size, options):
    page = login(new_context(**options), "editor", e2e_server.password, "/admin/notify/chatchannel/add/")
    assert _overflow(page) <= 0
    _shot(page, f"chat-add-{size}")
    page.fill("#id_name", f"#factchecks ({size})")
    page.fill("#id_apprise_url", SLACK)
    page.click("input[name=_save]")
    page.wait_for_url("**/notify/chatchannel/")
    listing = page.inner_text("#result_list")
    assert f"#factchecks ({size})" in listing and "TIiajkdnlazkcOXrIdevi7FQ" not in page.content()
    assert _overflow(page) <= 0
    _shot(page, f"chat-list-{size}")
