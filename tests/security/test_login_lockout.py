"""Item 11, logins: django-axes locks a username *from one address* after ``AXES_FAILURE_LIMIT`` failures,
on the admin (session) login and on the API token login alike, with a clear 429 that says when to try
again; a success resets the count; other users and other addresses are not affected."""

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
TOKEN = "/api/v1/auth/token/"


def admin_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def token_login(client, username, password):
    return client.post(TOKEN, {"username": username, "password": password}, format="json")


def test_the_limit_is_five_by_default_and_configurable(settings):
    from django.conf import settings as live

    assert live.AXES_FAILURE_LIMIT == 5
    assert live.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert live.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_admin_login_locks_after_five_failures(users):
    client = Client()
    statuses = [admin_login(client, "editor", "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    locked = admin_login(client, "editor", "pw-editor")
    assert locked.status_code == 429, "even the right password is refused while locked"
    page = locked.content.decode()
    assert "Too many failed logins (5)" in page and "Try again in 15 minutes" in page
    assert locked["Retry-After"] == str(15 * 60)
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_and_address(users):
    client = Client()
    for _ in range(5):
        admin_login(client, "editor", "wrong")
    assert admin_login(client, "reviewer", "pw-reviewer").status_code == 302, "another user from the same address"
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert admin_login(elsewhere, "editor", "pw-editor").status_code == 302, "the same user from elsewhere"


def test_a_success_resets_the_count(users):
    client = Client()
    for _ in range(4):
        assert admin_login(client, "editor", "wrong").status_code == 200
    assert admin_login(client, "editor", "pw-editor").status_code == 302
    client.logout()
    for _ in range(4):
        assert admin_login(client, "editor", "wrong").status_code == 200
    assert admin_login(client, "editor", "pw-editor").status_code == 302


def test_an_admin_can_unlock(users):
    client = Client()
    for _ in range(5):
        admin_login(client, "editor", "wrong")
    call_command("axes_reset_username", "editor", verbosity=0)
    assert admin_login(client, "editor", "pw-editor").status_code == 302


def test_the_limit_follows_the_setting(users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    assert [admin_login(client, "reviewer", "nope").status_code for _ in range(3)] == [200, 200, 429]


def test_api_token_login_locks_after_five_failures(users):
    client = APIClient()
    responses = [token_login(client, "editor", "wrong") for _ in range(5)]
    assert [r.status_code for r in responses] == [400, 400, 400, 400, 429]
    assert responses[0].json()["code"] == "invalid"
    locked = token_login(client, "editor", "pw-editor")
    body = locked.json()
    assert locked.status_code == 429 and body["code"] == "locked_out"
    assert "Too many failed logins" in body["detail"] and locked["Retry-After"] == "900"
    assert "token" not in body


def test_failures_count_across_admin_and_api(users):
    """One counter per username and address, whichever door is knocked on."""
    web, api = Client(), APIClient()
    for _ in range(3):
        admin_login(web, "editor", "wrong")
    assert token_login(api, "editor", "wrong").status_code == 400
    assert token_login(api, "editor", "wrong").status_code == 429
    assert admin_login(web, "editor", "pw-editor").status_code == 429


def test_token_login_still_works(users):
    response = token_login(APIClient(), "editor", "pw-editor")
    assert response.status_code == 200 and response.json()["token"]
