"""Login throttles count per client *address*, as the one client-address function sees it (the same one
django-axes uses), and per *username*: a client cannot escape them by sending its own X-Forwarded-For,
nor by spraying one password over many usernames, nor by guessing one account from many addresses."""

import pytest
from rest_framework.test import APIClient

from factcheck.api import throttles
from factcheck.ops.security import client_ip

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def login(username, *, password=None, **meta):
    body = {"username": username, "password": password or "wrong"}
    return APIClient().post(TOKEN, body, format="json", **meta)


@pytest.fixture
def rates(monkeypatch):
    """The throttle rates a test sets, on every throttle class (DRF reads them at class definition)."""

    def set_rates(**scopes):
        for throttle in (
            throttles.LoginAddressThrottle,
            throttles.LoginUsernameThrottle,
            throttles.WriteAnonThrottle,
            throttles.WriteUserThrottle,
        ):
            monkeypatch.setattr(throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, **scopes})

    return set_rates


def test_a_spoofed_forwarded_for_does_not_escape_the_address_throttle(users):
    """40 logins for 40 usernames, each with a fresh made-up X-Forwarded-For, from one address."""
    statuses = [login(f"user{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(40)]
    assert statuses[:10] == [400] * 10
    assert set(statuses[10:]) == {429}, statuses
    refused = login("user99", HTTP_X_FORWARDED_FOR="203.0.113.1")
    body = refused.json()
    assert body["code"] == "throttled" and body["wait"] > 0 and "ErrorDetail" not in refused.content.decode()
    assert "Retry-After" in refused


def test_password_spraying_over_usernames_is_throttled_per_address(users, rates):
    rates(login="5/min")
    statuses = [
        login(name, password="Summer2024!").status_code
        for name in ("editor", "editor2", "reviewer", "reviewer2", "admin", "editor", "nobody")
    ]
    assert statuses == [400] * 5 + [429, 429]


def test_one_account_guessed_from_many_addresses_is_throttled_per_username(users, rates):
    """axes locks a username *from one address*; the username throttle covers a guesser with many."""
    rates(login_username="6/hour")
    statuses = [login("editor", REMOTE_ADDR=f"203.0.113.{i}").status_code for i in range(1, 9)]
    assert statuses == [400] * 6 + [429, 429]
    assert login("Editor", REMOTE_ADDR="203.0.113.50").status_code == 429, "usernames count case-insensitively"
    assert login("reviewer", REMOTE_ADDR="203.0.113.51").status_code == 400, "other accounts are not affected"


def test_the_right_password_is_throttled_too_but_other_addresses_are_not(users, rates):
    rates(login="3/min")
    for _ in range(3):
        login("reviewer")
    assert login("editor", password="pw-editor").status_code == 429
    elsewhere = login("editor", password="pw-editor", REMOTE_ADDR="203.0.113.7")
    assert elsewhere.status_code == 200 and elsewhere.json()["token"]


def test_behind_trusted_proxies_the_address_is_the_one_the_last_proxy_saw(users, rates, settings):
    """One proxy: its REMOTE_ADDR is the same for everyone, the right-most X-Forwarded-For entry is the
    client; entries further left are the client's own words and change nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    rates(login="3/min")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    spoofed = [
        login(f"user{i}", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 198.51.100.7", **proxy).status_code for i in range(5)
    ]
    assert spoofed == [400, 400, 400, 429, 429]
    others = [login(f"user{i}", HTTP_X_FORWARDED_FOR=f"198.51.100.{i + 10}", **proxy).status_code for i in range(5)]
    assert others == [400] * 5, "different clients behind the same proxy have counters of their own"


def test_drf_and_axes_share_one_client_address_function(settings, rf):
    from django.conf import settings as live

    assert live.AXES_CLIENT_IP_CALLABLE == "factcheck.ops.security.client_ip"
    assert live.REST_FRAMEWORK["NUM_PROXIES"] == live.TRUSTED_PROXY_COUNT
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.post(TOKEN, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9, 10.0.0.5", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.9"
    for throttle in (throttles.LoginAddressThrottle(), throttles.WriteAnonThrottle(), throttles.WriteUserThrottle()):
        assert throttle.get_ident(request) == "198.51.100.9", type(throttle).__name__
