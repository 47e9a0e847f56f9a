"""``GET /api/v1/claims/?format=csv|xlsx``: the whole filtered list (not one page), in the list's order, as
a file; editors and admins only; refusals stay JSON in the one error shape; documented in the schema."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck.audit.models import AuditEvent
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, api_token

from .conftest import read_csv, read_xlsx

pytestmark = pytest.mark.django_db
URL = "/api/v1/claims/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def claims(users):
    article = ArticleFactory(title="Ελλάδα: προϋπολογισμός")
    made = ClaimFactory.create_batch(60, score=0.5)  # more than a page (50)
    greek = ClaimFactory(article=article, text="Ο προϋπολογισμός αυξήθηκε κατά 5%.", score=0.9, claim_type="other")
    mine = ClaimFactory(text="+7 points, the minister said.", state="assigned", score=0.7)
    AssignmentFactory(claim=mine, reviewer=users["reviewer"])
    return {"many": made, "greek": greek, "mine": mine}


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_csv_is_the_whole_filtered_list_in_the_list_order(users, claims):
    client = token_client(users["editor"])
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"] and "factdesk-claims-" in response["Content-Disposition"]
    rows = read_csv(response)
    ids = [int(r[0]) for r in rows[1:]]
    assert len(ids) == 62  # every page
    page = client.get(URL, {"page_size": 200}).json()["results"]
    assert ids == [c["id"] for c in page]  # the list's default order
    by_id = {int(r[0]): r for r in rows[1:]}
    assert by_id[claims["greek"].pk][1] == "Ο προϋπολογισμός αυξήθηκε κατά 5%."
    assert by_id[claims["greek"].pk][10] == "Ελλάδα: προϋπολογισμός"
    assert by_id[claims["mine"].pk][1] == "'+7 points, the minister said."
    assert by_id[claims["mine"].pk][9] == "reviewer"


def test_filters_search_and_ordering_apply_to_the_file(users, claims):
    client = token_client(users["editor"])
    rows = read_csv(client.get(URL, {"format": "csv", "claim_type": "other", "q": "προϋπολογισμός"}))
    assert [int(r[0]) for r in rows[1:]] == [claims["greek"].pk]
    rows = read_xlsx(client.get(URL, {"format": "xlsx", "assignee": "reviewer"}))
    assert [r[0] for r in rows[1:]] == [claims["mine"].pk]
    rows = read_csv(client.get(URL, {"format": "csv", "ordering": "-id", "min_score": "0.5"}))
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 62
    event = AuditEvent.objects.filter(action="export.claims").latest("id")
    assert event.data["source"] == "api" and event.data["rows"] == 62
    assert event.data["filters"] == {"ordering": "-id", "min_score": "0.5"}


def test_xlsx_holds_the_same_rows(users, claims):
    client = token_client(users["admin"])
    response = client.get(URL, {"format": "xlsx", "state": "new"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = read_xlsx(response)
    assert len(rows) == 1 + 61 and rows[0][0] == "ID"


def test_an_accept_header_asks_for_csv_too(users, claims):
    response = token_client(users["editor"]).get(URL, {"state": "assigned"}, HTTP_ACCEPT="text/csv")
    assert [int(r[0]) for r in read_csv(response)[1:]] == [claims["mine"].pk]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [(None, 401, "not_authenticated"), ("reviewer", 403, "forbidden")],
)
def test_refusals_are_json_errors(users, claims, who, status, code):
    client = token_client(users[who]) if who else APIClient()
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code
    if who == "reviewer":
        assert "Only editors and admins may export" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()


def test_a_bad_filter_is_a_json_400_and_an_unknown_format_a_404(users, claims):
    client = token_client(users["editor"])
    response = client.get(URL, {"format": "xlsx", "min_score": "lots"})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "invalid" and "min_score" in response.json()["fields"]
    response = client.get(URL, {"format": "pdf"})
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_json_pages_are_unchanged(users, claims):
    response = token_client(users["editor"]).get(URL, {"format": "json"})
    assert response.status_code == 200 and len(response.json()["results"]) == 50


def test_the_schema_documents_the_formats(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/claims/"]["get"]
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert sorted(formats["schema"]["enum"]) == ["csv", "json", "xlsx"]
    assert {"application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(
        operation["responses"]["200"]["content"]
    )
