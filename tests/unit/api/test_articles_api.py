"""Articles over HTTP: status codes, the one error shape, and nothing stored on refusal."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
TEXT = "The clinic treated 1,200 patients in 2024, its director said. It is the only clinic in the region."


@pytest.fixture
def api(users):
    cache.clear()  # throttle counters
    client = APIClient()
    client.force_authenticate(users["editor"])
    return client


def test_post_text_answers_202_with_status_and_stores_once(api, users, committed):
    with committed():
        response = api.post("/api/v1/articles/", {"title": "Clinic", "text": TEXT}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["created"] is True and body["status"] == "queued" and body["claim_count"] == 0
    assert api.get(f"/api/v1/articles/{body['id']}/").json()["status"] == "done"
    again = api.post("/api/v1/articles/", {"title": "Clinic", "text": TEXT}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["id"] == body["id"]
    assert Article.objects.count() == 1
    event = AuditEvent.objects.get(action="article.ingest")
    assert event.actor == users["editor"] and event.object_id == str(body["id"])


def test_post_html_extracts_text(api):
    html = f"<html><body><nav>Home | News</nav><article><p>{TEXT}</p></article></body></html>"
    response = api.post("/api/v1/articles/", {"title": "Clinic", "html": html}, format="json")
    assert response.status_code == 202
    article = Article.objects.get()
    assert "1,200 patients" in article.raw_text and "Home | News" not in article.raw_text


def test_detail_lists_claims(api, committed):
    with committed():
        article_id = api.post("/api/v1/articles/", {"text": TEXT}, format="json").json()["id"]
    body = api.get(f"/api/v1/articles/{article_id}/").json()
    assert body["status"] == "done"
    assert any("1,200" in claim["text"] for claim in body["claims"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "x"}, "text"),
        ({"text": TEXT, "html": "<p>x</p>"}, "html"),
        ({"text": "bad\x00byte " + TEXT}, "text"),
        ({"text": ["not", "a", "string"]}, "text"),
        ({"text": TEXT, "colour": "red"}, "colour"),
        ({"url": "not a url"}, "url"),
    ],
)
def test_validation_errors_are_400_with_fields_and_store_nothing(api, payload, field):
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"] and body["detail"]
    assert Article.objects.count() == 0


def test_private_url_is_refused_with_a_reason(api):
    response = api.post("/api/v1/articles/", {"url": "http://169.254.169.254/latest/meta-data/"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "blocked_address"
    assert Article.objects.count() == 0


def test_body_over_the_limit_is_413(api, settings):
    settings.FACTDESK = {**settings.FACTDESK, "API_MAX_BODY_BYTES": 1000}
    response = api.post("/api/v1/articles/", {"text": "x" * 5000}, format="json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_text_over_the_ingest_limit_is_413(api, settings):
    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 50}
    response = api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_anonymous_is_401_and_reviewer_is_403(users):
    anonymous = APIClient()
    response = anonymous.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    reviewer = APIClient()
    reviewer.force_authenticate(users["reviewer"])
    response = reviewer.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert reviewer.get("/api/v1/articles/").status_code == 200
    assert Article.objects.count() == 0


def test_token_login_and_its_throttle(users, settings):
    cache.clear()
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "editor", "password": "pw-editor"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/articles/").status_code == 200
    statuses = [
        APIClient().post("/api/v1/auth/token/", {"username": "editor", "password": "wrong"}, format="json").status_code
        for _ in range(12)
    ]
    assert statuses[0] == 400 and 429 in statuses
    assert (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "editor", "password": "wrong"}, format="json")
        .json()["code"]
        == "throttled"
    )


def test_public_ratings_need_no_login(rating_scale):
    body = APIClient().get("/api/v1/ratings/").json()
    assert [r["label"] for r in body][:2] == ["True", "Mostly true"]
    assert {r["label"]: r["value"] for r in body}["Unverifiable"] is None


def test_schema_and_docs_are_served_without_a_cdn(users):
    client = APIClient()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html and "/static/drf_spectacular_sidecar/" in html
