"""What every request pays before its view: the middleware stack, the session and the API's token.

A desk page reads its session from the database (one indexed read); an API request with a token never reads a
session or loads its user twice. These are counts, so a
middleware or setting that adds a query to every request fails here (``make bench`` measures the CPU)."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import api_token

pytestmark = pytest.mark.django_db

DESK_PAGE = "/admin/my-settings/"


def _session_reads(queries) -> int:
    return sum('"django_session"' in q["sql"] and q["sql"].startswith("SELECT") for q in queries)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_sessions_are_read_from_the_database_so_signing_out_ends_them_in_every_worker():
    """Not ``cached_db``: with a per-process cache (no Redis) or a cache that ignores a failed delete, a signed-out
    session would live on in another worker's or Redis's copy. One indexed read a page is worth that certainty."""
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_signing_out_ends_the_session(users):
    client = Client()
    client.force_login(users["reviewer"])
    assert client.get(DESK_PAGE).status_code == 200
    client.post("/admin/logout/")
    response = client.get(DESK_PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_api_token_request_reads_no_session_and_no_user_row_of_its_own(users):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['reviewer'])}")
    client.get("/api/v1/ratings/")  # the process's first request warms its caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/claims/?state=in_review&page_size=50")
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert _session_reads(ctx.captured_queries) == 0
    assert sql[0].startswith("SELECT") and '"knox_authtoken"' in sql[0]  # the token, its user and desk role
    assert not any(s.startswith("SELECT") and 'FROM "auth_user"' in s for s in sql)


def test_an_anonymous_request_through_the_whole_stack_makes_no_query():
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get("/api/v1/nowhere/")
    assert response.status_code == 404
    assert ctx.captured_queries == []
