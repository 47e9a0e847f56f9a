"""Real-browser tests: the app served on loopback by its own process, driven by Debian's Chromium.

The server is ``manage.py runserver --noreload`` on a free port, on a fresh SQLite file in a temporary
folder, with tasks in-process (no broker): migrate, the rating scale, the demo users, the seed articles and
one sample fact-check, then serve. runserver rather than gunicorn because, with DEBUG on, it serves the
admin's and the site's static files, which the screenshots and axe's contrast checks need. The tests
never touch the ORM in-process (the server is another process); when they must look at rows they read
the SQLite file with ``sqlite3``.

Without ``/usr/bin/chromium`` or the Python packages (``pip install -e '.[test]'``) every e2e test is
skipped and the summary says why. ``playwright install`` is never needed: Chromium comes from Debian.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Debian's chromium; FACTDESK_E2E_CHROMIUM points elsewhere (a missing path shows the skip).
CHROMIUM = os.environ.get("FACTDESK_E2E_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "e2e"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SKIP_PREFIX = "e2e test skipped"
IMPACTS = ("critical", "serious", "moderate", "minor")
AXE_RESULTS: dict[str, dict[str, int]] = {}  # page name -> violations (nodes) by impact, for the summary


def e2e_skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)"
    missing = [name for name in ("playwright", "axe_playwright_python") if _missing(name)]
    if missing:
        return f"Python package(s) {', '.join(missing)} missing (pip install -e '.[test]')"
    return None


def _missing(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):
        return True


def pytest_collection_modifyitems(config, items):
    reason = e2e_skip_reason()
    if reason is None:
        return
    marker = pytest.mark.skip(reason=f"{SKIP_PREFIX}: {reason}")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SKIP_PREFIX in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"NOTE: {len(skipped)} e2e test(s) skipped: {e2e_skip_reason()}", yellow=True)
    if AXE_RESULTS:
        terminalreporter.write_line("axe-core violations by impact (serious and critical fail the test):")
        for name, counts in AXE_RESULTS.items():
            text = ", ".join(f"{impact} {counts.get(impact, 0)}" for impact in IMPACTS)
            terminalreporter.write_line(f"  {name}: {text}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- the server ---------------------------------------------------------------------------------------


@dataclass
class Server:
    base_url: str
    password: str
    db_path: Path
    log_path: Path
    sample: dict  # the fact-check published before the server started: claim_id, slug, headline, rating

    def url(self, path: str) -> str:
        return self.base_url + path

    def query(self, sql: str, params=()) -> list[tuple]:
        """Read rows straight from the server's SQLite file (read-only)."""
        with closing(sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)) as conn:
            return conn.execute(sql, params).fetchall()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(db_path: Path, base_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DATABASE_URL=f"sqlite:///{db_path}",  # an absolute path: sqlite:////tmp/.../e2e.sqlite3
        # Empty rather than unset, so a developer's .env cannot bring a broker back: tasks run in-process.
        REDIS_URL="",
        CELERY_BROKER_URL="",
        DEBUG="true",  # runserver serves the admin's and the site's static files
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        FACTDESK_SITE_URL=base_url,
        FACTDESK_ORG_URL=base_url + "/",
        FACTDESK_SIGNOFF_POLICY="single",
        TIME_ZONE="UTC",  # the journey types a due date and reads it back from the database
        # The console backend: mails land in the server log, where a test can read what was sent to whom.
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(args: list[str], env: dict, log, secret: str) -> str:
    """Run one setup command; its output goes to the log (``secret`` masked), a failure fails the fixture."""
    result = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    output = f"$ {' '.join(args)}\n{result.stdout}{result.stderr}".replace(secret, "********")
    log.write(output + "\n")
    log.flush()
    if result.returncode != 0:
        pytest.fail(f"e2e setup step failed ({result.returncode}):\n{output}")
    return result.stdout


def _wait_until_serving(proc: subprocess.Popen, url: str, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the e2e server exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    pytest.fail(f"the e2e server did not answer {url} within {timeout:.0f}s:\n{log_path.read_text(errors='replace')}")


@pytest.fixture(scope="package")
def e2e_server(tmp_path_factory):
    """A fresh database and a real server on 127.0.0.1:<free port>, torn down after the e2e tests.

    Package-scoped (and so is the browser): both are gone before the rest of the suite runs.
    """
    if e2e_skip_reason():
        pytest.skip(f"{SKIP_PREFIX}: {e2e_skip_reason()}")
    folder = tmp_path_factory.mktemp("e2e")
    db_path = folder / "e2e.sqlite3"
    log_path = folder / "server.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = _server_env(db_path, base_url)
    password = "E2e-" + secrets.token_urlsafe(12)
    with log_path.open("a") as log:
        for step in (
            ["manage.py", "migrate", "--noinput"],
            ["manage.py", "loaddata", "fixtures/rating_scales.json"],
            ["manage.py", "demo_users", "--password", password],
            ["manage.py", "ingest_seeds"],
        ):
            _run(step, env, log, password)
        sample = json.loads(_run(["-m", "tests.e2e.sample_factcheck"], env, log, password).strip().splitlines()[-1])
    server_log = log_path.open("a")
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = Server(base_url=base_url, password=password, db_path=db_path, log_path=log_path, sample=sample)
    try:
        _wait_until_serving(proc, server.url("/admin/login/"), log_path)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        server_log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log_path, ARTIFACTS / "server.log")


# --- the browser --------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser(e2e_server):
    """Debian's Chromium, headless, through Playwright (no downloaded browser build)."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # its four files are overwritten by each run
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("axe-*.json")]:  # no stale step or FAILED picture
        old.unlink()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class PageProblems:
    """Uncaught script errors and server errors seen by the pages of one browser context."""

    def __init__(self):
        self.errors: list[str] = []

    def watch(self, context) -> None:
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"script error on {page.url}: {error}"))
        page.on("response", lambda r: r.status >= 500 and self.errors.append(f"HTTP {r.status} for {r.url}"))


@pytest.fixture
def new_context(request, browser, e2e_server):
    """``new_context(viewport=...)``: a fresh, isolated browser context (its own cookies: its own user).

    Every page it opens is watched for uncaught script errors and 5xx answers (either fails the test);
    when the test fails, each open page is saved as ``test-artifacts/e2e/FAILED-<test>-<n>.png``.
    """
    contexts, problems = [], PageProblems()

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=e2e_server.base_url, **options)
        context.set_default_timeout(15_000)
        problems.watch(context)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, 1):
            try:
                page.screenshot(path=ARTIFACTS / f"FAILED-{request.node.name}-{number}.png", full_page=True)
            except Exception as error:  # a failed screenshot must not hide the test's own failure
                print(f"could not save a screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()
    assert not problems.errors, "\n".join(problems.errors) + "\n--- server log ---\n" + e2e_server.log_tail()


def login(context, username: str, password: str, next_path: str = "/admin/"):
    """Log in through the admin's login form; returns the page, now at ``next_path``."""
    page = context.new_page()
    page.goto(f"/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    assert page.url.endswith(next_path), f"{username} landed on {page.url}"
    return page


def run_axe(page, name: str) -> list[dict]:
    """Run axe-core on the page; save the full result as ``test-artifacts/e2e/axe-<name>.json`` and return
    the violations whose impact is serious or critical (counts by impact go to the run's summary)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + len(violation["nodes"])
    AXE_RESULTS[name] = counts
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(results.response, indent=1))
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
        lines.extend(f"    {node['html'][:160]}" for node in violation["nodes"][:5])
    return "\n".join(lines)
