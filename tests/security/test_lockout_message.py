"""A locked-out journalist is told who can help (an admin of the desk) and when the lock lifts (the time,
and in how many minutes), on the admin login page and in the API's JSON alike; never a shell command."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def lock_admin_login(client):
    for _ in range(5):
        response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"})
    return response


def lock_api_login(client):
    for _ in range(5):
        response = client.post("/api/v1/auth/token/", {"username": "editor", "password": "wrong"}, format="json")
    return response


def lifts_at() -> set[str]:
    """The lock lifts 15 minutes after the last failure: that time, as HH:MM (either side of a minute tick)."""
    now = timezone.now()
    return {timezone.localtime(now + timedelta(minutes=15, seconds=s)).strftime("%H:%M") for s in (-5, 0)}


def test_the_admin_lockout_page_says_who_to_ask_and_when_it_lifts(users):
    response = lock_admin_login(Client())
    assert response.status_code == 429
    page = response.content.decode()
    assert "manage.py" not in page and "axes_reset" not in page
    assert "ask an admin of the desk" in page
    assert "Try again in 15 minutes" in page
    assert any(time in page for time in lifts_at()), "the time the lock lifts"
    assert "permission to view or edit" not in page, "no empty app sidebar for someone who is not signed in"


def test_the_api_lockout_says_who_to_ask_and_when_it_lifts(users):
    response = lock_api_login(APIClient())
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out"
    assert "manage.py" not in body["detail"] and "ask an admin of the desk" in body["detail"]
    assert "in 15 minutes" in body["detail"] and any(time in body["detail"] for time in lifts_at())
    assert body["wait"] == 15 * 60 and response["Retry-After"] == "900"


def test_a_short_cool_off_is_counted_in_minutes(users, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    body = lock_api_login(APIClient()).json()
    assert "in 1 minute" in body["detail"] and "1 minutes" not in body["detail"]
