"""API tokens: one per login, sent as ``Authorization: Token <key>``; they expire (idle for a week by default,
extended while in use, never beyond a maximum age), and are revoked by the revoke endpoints, by a password
change and by deactivation, wherever those happen (admin, ``changepassword``, code)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REVOKE = "/api/v1/auth/token/revoke/"
REVOKE_ALL = "/api/v1/auth/token/revoke-all/"
DESK = "/api/v1/claims/"


def login(username="editor", password=None) -> dict:
    response = APIClient().post(TOKEN, {"username": username, "password": password or f"pw-{username}"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def answers(key: str) -> int:
    return with_token(key).get(DESK).status_code


@pytest.fixture
def clock(monkeypatch):
    """``clock(hours)``: move the clock the token code reads that many hours on from now."""
    real_now = timezone.now

    def move(hours: float):
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=hours))

    return move


def test_a_token_is_sent_as_the_token_header(users):
    body = login()
    assert set(body) == {"token", "expiry"}
    assert answers(body["token"]) == 200
    assert with_token("0" * 64).get(DESK).status_code == 401
    assert APIClient().get(DESK)["WWW-Authenticate"] == "Token"


def test_each_login_issues_a_new_token(users):
    first, second = login()["token"], login()["token"]
    assert first != second
    assert answers(first) == answers(second) == 200


def test_tokens_are_stored_hashed(users):
    from knox.models import AuthToken

    key = login()["token"]
    stored = AuthToken.objects.get(user=users["editor"])
    assert key not in (stored.digest, stored.token_key)


def test_a_token_expires_after_the_idle_time(users, clock, settings):
    body = login()
    expiry = parse_datetime(body["expiry"])
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert ttl == timedelta(days=7), "a week by default"
    assert abs((expiry - timezone.now()) - ttl) < timedelta(minutes=1)
    clock(ttl.total_seconds() / 3600 + 1)
    refused = with_token(body["token"]).get(DESK)
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert "log in again" in refused.json()["detail"]


def test_using_a_token_keeps_it_alive_up_to_the_maximum_age(users, clock, settings):
    key = login()["token"]
    days = settings.REST_KNOX["TOKEN_TTL"].days
    max_age = settings.REST_KNOX["AUTO_REFRESH_MAX_TTL"]
    assert max_age == timedelta(days=30)
    for day in range(days - 1, max_age.days, days - 1):
        clock(day * 24)
        assert answers(key) == 200, f"used every {days - 1} days, still alive on day {day}"
    clock(max_age.total_seconds() / 3600 + 1)
    assert answers(key) == 401, "never beyond the maximum age, however often it is used"


def test_revoke_ends_the_token_it_is_sent_with(users):
    first, second = login()["token"], login()["token"]
    response = with_token(first).post(REVOKE)
    assert response.status_code == 204
    assert answers(first) == 401
    assert answers(second) == 200


def test_revoke_all_ends_every_token_of_the_user(users):
    first, second = login()["token"], login()["token"]
    other = login("reviewer")["token"]
    response = with_token(first).post(REVOKE_ALL)
    assert response.status_code == 204
    assert answers(first) == answers(second) == 401
    assert answers(other) == 200
    assert answers(login()["token"]) == 200, "logging in again gives a working token"


def test_revoke_needs_a_token(users):
    assert APIClient().post(REVOKE).status_code == 401
    assert APIClient().post(REVOKE_ALL).status_code == 401


def test_a_password_change_in_code_revokes_the_tokens(users):
    key = login()["token"]
    other = login("reviewer")["token"]
    editor = users["editor"]
    editor.set_password("a-new-long-password")
    editor.save()
    assert answers(key) == 401
    assert answers(other) == 200
    assert answers(login(password="a-new-long-password")["token"]) == 200


def test_saving_a_user_without_a_password_change_keeps_the_tokens(users):
    key = login()["token"]
    editor = get_user_model().objects.get(pk=users["editor"].pk)
    editor.first_name = "Edna"
    editor.save()
    assert answers(key) == 200


def test_the_changepassword_command_revokes_the_tokens(users, monkeypatch):
    from django.contrib.auth.management.commands import changepassword

    key = login()["token"]
    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": "a-new-long-password")
    call_command("changepassword", "editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert answers(key) == 401


def test_a_password_change_in_the_admin_revokes_the_tokens(users):
    key = login()["token"]
    admin = Client()
    admin.force_login(users["admin"])
    response = admin.post(
        f"/admin/auth/user/{users['editor'].pk}/password/",
        {"password1": "a-new-long-password", "password2": "a-new-long-password", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:500]
    assert answers(key) == 401


def test_changing_ones_own_password_in_the_admin_revokes_the_tokens(users):
    key = login()["token"]
    own = Client()
    own.force_login(users["editor"])
    response = own.post(
        "/admin/password_change/",
        {"old_password": "pw-editor", "new_password1": "a-new-long-pw-1", "new_password2": "a-new-long-pw-1"},
    )
    assert response.status_code == 302, response.content[:500]
    assert answers(key) == 401


def test_deactivation_revokes_the_tokens_for_good(users):
    key = login()["token"]
    editor = users["editor"]
    editor.is_active = False
    editor.save()
    assert answers(key) == 401
    editor.is_active = True
    editor.save()
    assert answers(key) == 401, "reactivating an account does not bring its old tokens back"


def test_deactivation_in_the_admin_revokes_the_tokens(users):
    key = login()["token"]
    editor = users["editor"]
    admin = Client()
    admin.force_login(users["admin"])
    form = {
        "username": "editor",
        "email": editor.email,
        "is_staff": "on",  # is_active left out: unticked
        "groups": [g.pk for g in editor.groups.all()],
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin.post(f"/admin/auth/user/{editor.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    editor.refresh_from_db()
    assert not editor.is_active
    editor.is_active = True
    editor.save()
    assert answers(key) == 401


def test_a_password_rehash_at_login_is_not_a_password_change(users, settings):
    """Django re-hashes a password at login when the hasher settings change: same password, tokens kept."""
    key = login()["token"]
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    login()
    editor = get_user_model().objects.get(pk=users["editor"].pk)
    assert editor.password.startswith("pbkdf2_sha256$"), "the login upgraded the hash"
    assert answers(key) == 200


@pytest.mark.parametrize(
    "header", ["Token " + "é" * 64, "Token abc\x00def", "Token " + "f" * 5000, "Token ", "Token a b"]
)
def test_a_malformed_token_header_is_a_401_that_says_what_to_do(users, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(DESK)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed" and response.json()["detail"]
