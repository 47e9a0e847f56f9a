"""Every API endpoint that is not public needs a desk role (Reviewer, Editor or Admin): a signed-in account
in no desk group gets a 403 that says who can add it, on every path of the URL conf. New endpoints are
picked up from the URL conf itself, so none can be added without a role check going unnoticed."""

import re

import pytest
from rest_framework.test import APIClient

from factcheck.api import urls as api_urls
from factcheck.sources.models import Source
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Endpoints anyone may call, or any signed-in account: logging in and out, the published fact-checks, and
# the JSON 404 for unknown paths.
OPEN = {"token", "token-revoke", "token-revoke-all", "rating-list", "factcheck-list", "factcheck-detail", "not-found"}
# Readers' tips and error reports: posted by anyone, without an account (factcheck.api.tips).
OPEN |= {"tip-create", "factcheck-report-create"}
DESK = sorted(p.name for p in api_urls.urlpatterns if p.name not in OPEN)


@pytest.fixture
def rows(make_claim):
    claim = make_claim("published")
    source = Source.objects.create(name="Wire", kind="rss", url="https://news.example.org/feed.xml")
    return {
        "claim": claim.pk,
        "evidence": claim.verdict.evidence.first().pk,
        "article": claim.article_id,
        "source": source.pk,
        "slug": claim.verdict.slug,
    }


# The row a detail route's id names, by the route's first segment; claims for every other route.
KIND_BY_PREFIX = {"articles/": "article", "evidence/": "evidence", "sources/": "source"}


def url_of(name: str, rows: dict) -> str:
    pattern = next(p for p in api_urls.urlpatterns if p.name == name)
    route = str(pattern.pattern)
    kind = next((kind for prefix, kind in KIND_BY_PREFIX.items() if route.startswith(prefix)), "claim")
    route = re.sub(r"<slug:\w+>", rows["slug"], route)
    return "/api/v1/" + re.sub(r"<\w+:\w+>", str(rows[kind]), route)


@pytest.fixture
def no_role_token(users):
    nobody = make_user("nobody", "Reviewer")
    nobody.groups.clear()
    response = APIClient().post("/api/v1/auth/token/", {"username": "nobody", "password": "pw-nobody"}, format="json")
    assert response.status_code == 200, "an account with no role may still log in"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_the_open_list_names_real_endpoints():
    assert {p.name for p in api_urls.urlpatterns} >= OPEN
    assert "article-list" in DESK and "article-detail" in DESK and "claim-list" in DESK


@pytest.mark.parametrize("name", DESK)
def test_an_account_without_a_desk_role_is_refused(name, rows, no_role_token, users):
    url = url_of(name, rows)
    admin = APIClient()
    admin.force_authenticate(users["admin"])
    assert admin.get(url).status_code in (200, 400, 405), "the URL reaches the view (400: it wants parameters)"
    response = no_role_token.get(url)
    assert response.status_code == 403, (url, response.status_code)
    body = response.json()
    assert body["code"] == "permission_denied" and "desk role" in body["detail"]
    assert set(body) == {"code", "detail"}, "nothing of the desk in the refusal"


@pytest.mark.parametrize("name", ["article-list", "article-detail"])
def test_writes_to_articles_need_a_desk_role_too(name, rows, no_role_token):
    response = no_role_token.post(
        url_of(name, rows), {"text": "The minister said 40% of clinics closed."}, format="json"
    )
    assert response.status_code == 403


def test_public_endpoints_stay_open_to_everyone(rows, no_role_token):
    for client in (no_role_token, APIClient()):
        for url in ("/api/v1/ratings/", "/api/v1/fact-checks/", f"/api/v1/fact-checks/{rows['slug']}/"):
            assert client.get(url).status_code == 200, url
