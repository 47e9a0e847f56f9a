"""Email from EMAIL_URL (EMAIL_BACKEND still wins), anymail's keys, and Sentry only when SENTRY_DSN is set.

Settings are read once per process, so each case loads them in a fresh interpreter with its own environment.
Nothing here sends mail or reaches Sentry: the DSN names a host under ``.invalid`` and no event is captured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.procs import REPO

DSN = "https://publickey@o0.ingest.sentry.invalid/1"


def _loaded(env: dict[str, str], code: str) -> dict:
    """Run ``code`` after the settings load in a clean interpreter; it prints one JSON object."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SENTRY_", "ANYMAIL_"))}
    base.update(env, DJANGO_SETTINGS_MODULE="factcheck.settings")
    out = subprocess.run(
        [sys.executable, "-c", f"import json\n{code}"], cwd=REPO, env=base, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


EMAIL = """
import django; django.setup()
from django.conf import settings as s
print(json.dumps({k: getattr(s, k, None) for k in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "ANYMAIL")}))
"""


@pytest.mark.slow  # settings read in a subprocess: not in `make test-fast`
def test_email_defaults_to_the_console():
    got = _loaded({}, EMAIL)
    assert got["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert got["ANYMAIL"] == {}


@pytest.mark.slow  # settings read in a subprocess: not in `make test-fast`
def test_email_url_configures_the_smtp_server():
    got = _loaded({"EMAIL_URL": "smtp+tls://desk%40example.org:s3cret@mail.example.org:2525"}, EMAIL)
    assert got["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (got["EMAIL_HOST"], got["EMAIL_PORT"]) == ("mail.example.org", 2525)
    assert (got["EMAIL_HOST_USER"], got["EMAIL_HOST_PASSWORD"]) == ("desk@example.org", "s3cret")
    assert got["EMAIL_USE_TLS"] is True
    assert got["EMAIL_TIMEOUT"] == 10


@pytest.mark.slow  # settings read in a subprocess: not in `make test-fast`
def test_email_backend_still_chooses_the_backend_and_anymail_gets_its_keys():
    got = _loaded(
        {
            "EMAIL_URL": "smtp://mail.example.org:25",
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "token-123",
        },
        EMAIL,
    )
    assert got["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert got["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "token-123"}


SENTRY = """
from factcheck.celery import app
from celery import signals
signals.celeryd_init.send(sender="worker@test", instance=None, conf=app.conf, options={})
import sentry_sdk
client = sentry_sdk.get_client()
print(json.dumps({"active": client.is_active(), "integrations": sorted(client.integrations),
    "pii": client.options.get("send_default_pii"), "body": client.options.get("max_request_body_size"),
    "environment": client.options.get("environment"), "release": client.options.get("release")}))
"""


def test_sentry_is_off_without_a_dsn():
    assert _loaded({}, SENTRY)["active"] is False


@pytest.mark.slow  # settings read in a subprocess: not in `make test-fast`
def test_sentry_reports_django_and_celery_when_a_worker_starts_with_a_dsn():
    """A worker's start (celeryd_init) alone loads the settings, which start Sentry with both integrations."""
    got = _loaded({"SENTRY_DSN": DSN, "SENTRY_RELEASE": "factdesk@1.2.3"}, SENTRY)
    assert got["active"] is True
    assert {"django", "celery"} <= set(got["integrations"])
    assert got["pii"] is False
    assert got["body"] == "never"  # drafts and reviewers' notes never leave the machine
    assert (got["environment"], got["release"]) == ("development", "factdesk@1.2.3")
