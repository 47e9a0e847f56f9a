"""The desk's Monitored sources in a real browser: the list, adding a source (a refused address first: the
form says why and keeps what was typed), Poll now, and a failing source showing its reason.

A server of its own (like the package's, but with loopback fetches allowed, so it may poll the local
publisher this test runs on 127.0.0.1) and Debian's Chromium. Screenshots at 1366x900 and 390x844 go to
``/tmp/shots/sources/`` (``FACTDESK_E2E_SHOTS`` elsewhere); no page may scroll sideways on a phone.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures_ingest.publisher import serve

from .conftest import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    REPO,
    _free_port,
    _run,
    _server_env,
    _wait_until_serving,
    describe_violations,
    e2e_skip_reason,
    login,
    run_axe,
)

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("FACTDESK_E2E_SHOTS", "/tmp/shots/sources"))
LIST = "/admin/sources/source/"


@pytest.fixture(scope="module")
def publisher():
    server, httpd = serve()
    server.fixture("/feed.xml", "feed.atom.xml", content_type="application/atom+xml")
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory):
    if e2e_skip_reason():
        pytest.skip(f"e2e test skipped: {e2e_skip_reason()}")
    folder = tmp_path_factory.mktemp("sources-e2e")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**_server_env(folder / "e2e.sqlite3", base_url), "FACTDESK_ALLOW_LOOPBACK_FETCH": "true"}
    password = "E2e-" + secrets.token_urlsafe(12)
    log_path = folder / "server.log"
    with log_path.open("a") as log:
        _run(["manage.py", "migrate", "--noinput"], env, log, password)
        _run(["manage.py", "demo_users", "--password", password], env, log, password)
    server_log = log_path.open("a")
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_serving(proc, base_url + "/admin/login/", log_path)
        yield base_url, password
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        server_log.close()


@pytest.fixture(scope="module")
def chromium(desk_server, browser):
    """The suite's one browser (tests/e2e/conftest.py): Playwright's sync API allows one running instance."""
    return browser


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _add(page, *, name: str, url: str, kind: str = "rss", minutes: str = "30") -> None:
    page.goto(LIST + "add/")
    page.fill("#id_name", name)
    page.select_option("#id_kind", kind)
    page.fill("#id_url", url)
    page.fill("#id_poll_minutes", minutes)
    page.click("input[name=_save]")


def test_an_editor_adds_watches_and_polls_sources(chromium, desk_server, publisher):
    base_url, password = desk_server
    context = chromium.new_context(base_url=base_url, viewport=DESKTOP)
    context.set_default_timeout(20_000)
    page = login(context, "editor", password, LIST)

    # A refused address: the reason on the field, everything typed kept.
    _add(page, name="Intranet memos", url="http://10.0.0.7/feed.xml", minutes="15")
    error = page.locator(".field-url .errorlist, .errorlist").first
    assert "not on the public internet" in error.inner_text()
    assert page.input_value("#id_name") == "Intranet memos"
    assert page.input_value("#id_url") == "http://10.0.0.7/feed.xml"
    assert page.input_value("#id_poll_minutes") == "15"
    _shoot(page, "add-refused-desktop")

    # The same form, fixed: saved; then a feed that answers and one that does not.
    page.fill("#id_url", publisher.base_url + "/feed.xml")
    page.fill("#id_name", "Regional Herald")
    page.click("input[name=_save]")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/admin/sources/source"))
    _add(page, name="Daily Courier (moved)", url=publisher.base_url + "/gone.xml")
    _add(
        page,
        name="Northern Checks",
        kind="claimreview",
        url=publisher.fixture("/reviews.json", "claimreview_datafeed.json", content_type="application/json"),
    )

    # Poll now from the list: all three.
    page.goto(LIST)
    page.check("#action-toggle")
    page.select_option("select[name=action]", "poll_now")
    page.click("button[name=index]")
    page.wait_for_load_state()
    messages = page.locator(".messagelist").inner_text()
    assert "“Regional Herald” polled" in messages
    assert "“Daily Courier (moved)” failed: Nothing is at this address any more (HTTP 404)" in messages
    table = page.locator("#result_list").inner_text()
    assert "failing (1 time in a row)" in table and "1 article" in table and "2 fact-checks" in table
    _shoot(page, "list-after-poll-desktop")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    serious = run_axe(page, "sources-list")
    assert not serious, describe_violations(serious)

    # The source's page: its status and what it brought in; Poll now again: unchanged (a 304).
    page.click('#result_list a:text-is("Regional Herald")')
    page.click("text=Poll now")
    page.wait_for_load_state()
    assert "“Regional Herald” polled" in page.locator(".messagelist").inner_text()
    assert "Rail fares to rise" in page.locator(".field-recent_entries").inner_text()
    assert publisher.conditional_hits("/feed.xml") == 1
    _shoot(page, "source-page-desktop")
    serious = run_axe(page, "source-page")
    assert not serious, describe_violations(serious)
    context.close()


def test_the_sources_pages_fit_a_phone(chromium, desk_server, publisher):
    base_url, password = desk_server
    context = chromium.new_context(
        base_url=base_url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(20_000)
    page = login(context, "editor", password, LIST)
    _add(page, name="Not a feed", url="ftp://example.org/feed")
    assert "http:// or https://" in page.locator(".errorlist").first.inner_text()
    assert _overflow(page) <= 0
    _shoot(page, "add-refused-phone")
    page.goto(LIST)
    _shoot(page, "list-phone")
    assert _overflow(page) <= 0, "the list scrolls sideways on a phone"
    page.click('#result_list a:text-is("Regional Herald")')
    _shoot(page, "source-page-phone")
    assert _overflow(page) <= 0
    context.close()


def test_reviewers_do_not_see_sources(chromium, desk_server):
    base_url, password = desk_server
    context = chromium.new_context(base_url=base_url, viewport=DESKTOP)
    page = login(context, "reviewer", password, "/admin/")
    assert "Monitored sources" not in page.content()
    assert page.goto(LIST).status == 403
    context.close()
