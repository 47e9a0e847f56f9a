"""Item 11, the production path: with DEBUG=false, a strong SECRET_KEY and ALLOWED_HOSTS from the
environment, ``manage.py check --deploy --fail-level WARNING`` passes; cookies are Secure, HSTS is on,
plain HTTP is redirected (except /healthz and /readyz); without a SECRET_KEY the settings refuse to load.

Each case runs Django in a subprocess with its own environment, as gunicorn would start it.
"""

import json
import os
import secrets
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

PROD = {"DEBUG": "false", "ALLOWED_HOSTS": "factdesk.example"}


def strong_key() -> str:
    return secrets.token_urlsafe(50)[:50]


def run(args: list[str], env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow  # Django in a subprocess with a production environment: not in `make test-fast`
def test_check_deploy_passes_in_production():
    key = strong_key()
    assert len(key) == 50
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**PROD, "SECRET_KEY": key})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow  # Django in a subprocess with a production environment: not in `make test-fast`
def test_check_deploy_fails_with_a_weak_key():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**PROD, "SECRET_KEY": "django-insecure-short"}
    )
    assert result.returncode != 0 and "security.W009" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], {**PROD, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment when DEBUG is false" in result.stderr


SETTINGS_PROBE = textwrap.dedent("""
    import json, django
    django.setup()
    from django.conf import settings as s
    print(json.dumps({k: getattr(s, k, None) for k in [
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "LOG_FORMAT"]} | {"middleware": s.MIDDLEWARE}))
""")


@pytest.mark.slow  # Django in a subprocess with a production environment: not in `make test-fast`
def test_production_settings():
    result = run(
        ["-c", SETTINGS_PROBE], {**PROD, "SECRET_KEY": strong_key(), "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["X_FRAME_OPTIONS"] == "DENY"
    assert values["LOG_FORMAT"] == "json"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["middleware"]


@pytest.mark.slow  # Django in a subprocess with a production environment: not in `make test-fast`
def test_development_settings_stay_easy():
    result = run(["-c", SETTINGS_PROBE], {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "factcheck.settings"})
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is True and not values["SESSION_COOKIE_SECURE"] and not values["SECURE_SSL_REDIRECT"]


RESPONSE_PROBE = textwrap.dedent("""
    import json, django
    django.setup()
    from django.test import Client
    c = Client(HTTP_HOST="factdesk.example")
    plain = c.get("/fact-checks/")
    health = c.get("/healthz")
    ready = c.get("/readyz")
    login = c.get("/admin/login/", secure=True)
    cookie = login.cookies.get("csrftoken")
    print(json.dumps({
        "plain": [plain.status_code, plain.get("Location", "")],
        "health": health.status_code,
        "ready": ready.status_code,
        "login": login.status_code,
        "hsts": login.get("Strict-Transport-Security"),
        "csp": login.get("Content-Security-Policy", ""),
        "request_id": login.get("X-Request-ID", ""),
        "csrf_secure": bool(cookie and cookie["secure"]),
        "csrf_samesite": cookie["samesite"] if cookie else None,
    }))
""")


@pytest.mark.slow  # Django in a subprocess with a production environment: not in `make test-fast`
def test_production_responses(tmp_path):
    """HTTPS enforced by redirect and HSTS; health probes still answer over plain HTTP; cookies Secure."""
    env = {
        **PROD,
        "SECRET_KEY": strong_key(),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }
    result = run(["-c", RESPONSE_PROBE], env)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["plain"] == [301, "https://factdesk.example/fact-checks/"]
    assert out["health"] == 200 and out["ready"] == 200
    assert out["login"] == 200
    assert out["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in out["csp"] and out["request_id"]
    assert out["csrf_secure"] is True and out["csrf_samesite"] == "Lax"


@pytest.mark.parametrize("line", ["serve:"])
def test_make_serve_runs_gunicorn_in_production_mode(line):
    makefile = (REPO / "Makefile").read_text()
    target = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "gunicorn" in target and "DEBUG=false" in target and "SECRET_KEY" in target
    assert "collectstatic" in target
