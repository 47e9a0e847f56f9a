"""The claim list's fast path says exactly what DRF's generic one said: the compiled representation, the
orjson renderer, the pruned columns and the token query that also reads the desk role (``make bench``
measures the speed; these check that nothing a client reads changed)."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from factcheck.api import selectors
from factcheck.api.renderers import FastJSONRenderer
from factcheck.api.serializers import ClaimListOut
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, api_token, make_user

pytestmark = pytest.mark.django_db


def _generic(rows) -> list[dict]:
    """The same rows through DRF's own Serializer.to_representation (what ClaimListOut did before)."""
    plain = type("PlainClaimListOut", (serializers.Serializer,), dict(ClaimListOut._declared_fields))
    return [dict(r) for r in plain(rows, many=True).data]


def test_compiled_rows_equal_drf_generic_rows(users):
    undated = ArticleFactory(published_at=None, title="Budget \u2028 day")
    restated = ClaimFactory(
        article=undated,
        text="Taxes rose 5% in 2024.",
        claim_reviewed="Taxes rose 5%.",
        speaker="The minister",
        due_at=None,
    )
    late = ClaimFactory(
        state="in_review", due_at=timezone.now() - datetime.timedelta(days=2), claim_date=datetime.date(2024, 5, 1)
    )
    AssignmentFactory(claim=late, reviewer=users["reviewer"])
    AssignmentFactory(claim=late, reviewer=users["reviewer2"], role="second")
    ClaimFactory()
    rows = list(selectors.claim_list().order_by("id"))
    fast = [dict(r) for r in ClaimListOut(rows, many=True).data]
    assert fast == _generic(rows)
    by_id = {r["id"]: r for r in fast}
    assert by_id[restated.pk]["claim_reviewed"] == "Taxes rose 5%." and by_id[restated.pk]["due_at"] is None
    assert by_id[restated.pk]["article"]["published_at"] is None
    assert by_id[late.pk]["overdue"] is True and len(by_id[late.pk]["assignees"]) == 2
    assert by_id[late.pk]["due_at"].endswith("Z")  # DRF's UTC spelling, kept
    with timezone.override("Europe/Riga"):  # a desk in another zone: times in its zone, as DRF writes them
        riga = [dict(r) for r in ClaimListOut(rows, many=True).data]
        assert riga == _generic(rows) and riga != fast


def test_fast_renderer_writes_what_drf_wrote():
    data = {
        "results": [
            {
                "text": 'a\u2028b\u2029c \u00e9 "q" <script>',
                "score": 0.1 + 0.2,
                "n": None,
                "ok": True,
                "when": datetime.date(2024, 1, 2),
                "big": 2**40,
            }
        ],
        "next": None,
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    assert FastJSONRenderer().render(None) == b""
    indented = FastJSONRenderer().render(data, "application/json; indent=2")
    assert indented == JSONRenderer().render(data, "application/json; indent=2")


def test_list_reads_no_column_it_does_not_show(users):
    ClaimFactory(context="A long paragraph around the claim. " * 50)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/claims/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    page = next(q["sql"] for q in ctx.captured_queries if 'FROM "claims_claim"' in q["sql"])
    for column in ('"claims_claim"."context"', '"articles_article"."raw_text"', '"articles_article"."cleaned_text"'):
        assert column not in page
    assert json.loads(response.content)["results"][0]["text"]


def test_token_query_reads_the_desk_role_and_refusals_still_say_what_to_do(users):
    reviewer = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(users['reviewer'])}")
    with CaptureQueriesContext(connection) as ctx:
        assert reviewer.get("/api/v1/claims/?page_size=1").status_code == 200
    assert not any('"auth_user_groups"' in q["sql"] and "knox" not in q["sql"] for q in ctx.captured_queries)
    nobody = make_user("nobody", "Reviewer")
    nobody.groups.clear()
    refused = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(nobody)}").get("/api/v1/claims/")
    assert refused.status_code == 403 and "desk role" in refused.json()["detail"]
    bad = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 64).get("/api/v1/claims/")
    assert bad.status_code == 401 and "log in again" in bad.json()["detail"]
    gone = make_user("gone", "Editor")
    token = api_token(gone)
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)  # deactivating revokes tokens; this does not
    inactive = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/claims/")
    assert inactive.status_code == 401 and "deactivated" in inactive.json()["detail"]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the list reads plain rows on PostgreSQL (instances elsewhere)"
)


def _listed(users) -> list:
    """Claims that exercise every derived value of a row: restated, undated, overdue with two assignees in
    their own order, tagged, and an article without a date."""
    undated = ArticleFactory(published_at=None, title="Budget \u2028 day")
    ClaimFactory(article=undated, text="Taxes rose 5% in 2024.", claim_reviewed="Taxes rose 5%.", due_at=None)
    late = ClaimFactory(
        state="in_review", due_at=timezone.now() - datetime.timedelta(days=2), claim_date=datetime.date(2024, 5, 1)
    )
    AssignmentFactory(claim=late, reviewer=users["reviewer2"], role="second")
    AssignmentFactory(claim=late, reviewer=users["reviewer"])
    late.tags.add("Zeta", "alpha")
    ClaimFactory(state="assigned", due_at=timezone.now() + datetime.timedelta(days=3))
    return list(selectors.claim_list().order_by("id"))


@postgres_only
def test_rows_say_exactly_what_claims_say(users):
    claims = _listed(users)
    rows = selectors.claim_rows(list(selectors.claim_list_values(selectors.claim_list().order_by("id"))))
    assert all(isinstance(row, selectors.ClaimRow) for row in rows)
    assert [dict(r) for r in ClaimListOut(rows, many=True).data] == _generic(claims)
    with timezone.override("Europe/Riga"):
        assert [dict(r) for r in ClaimListOut(rows, many=True).data] == _generic(claims)
    by_id = {r["id"]: r for r in ClaimListOut(rows, many=True).data}
    late = next(c for c in claims if c.state == "in_review")
    assert by_id[late.pk]["overdue"] is True and by_id[late.pk]["tags"] == ["alpha", "Zeta"]


@postgres_only
def test_the_list_page_makes_no_model_instance(users, monkeypatch):
    """The page is read as rows: a claim or article instance per row was most of what the list cost over its
    floor (``make bench``: api_p50_ratio_to_raw)."""
    _listed(users)
    made = []
    for model in (selectors.Claim, selectors.Article):
        original = model.from_db.__func__

        def counting(cls, db, field_names, values, original=original):
            made.append(cls.__name__)
            return original(cls, db, field_names, values)

        monkeypatch.setattr(model, "from_db", classmethod(counting))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    response = client.get("/api/v1/claims/", {"ordering": "due_at", "page_size": 2})
    assert response.status_code == 200 and len(response.json()["results"]) == 2
    assert made == []
    following = client.get(response.json()["next"])  # the cursor reads its position from a row
    assert following.status_code == 200 and len(following.json()["results"]) == 1


def test_the_list_reads_the_article_columns_a_row_shows():
    from factcheck.api.serializers import ArticleRefOut

    assert set(ArticleRefOut().fields) == set(selectors.LIST_ARTICLE_FIELDS)


def test_the_token_query_reads_the_strongest_desk_role(users):
    both = make_user("both", "Reviewer")
    both.groups.add(type(both.groups.first()).objects.get(name="Editor"))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(both)}")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/claims/", {"page_size": 1}).status_code == 200
    assert len(ctx.captured_queries) == 2  # the token with the user and role; the page
    # The list as a file is for editors and admins: a reviewer is refused, the Reviewer-and-Editor user is not.
    reviewer = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(users['reviewer'])}")
    assert reviewer.get("/api/v1/claims/", {"format": "csv"}).status_code == 403
    assert client.get("/api/v1/claims/", {"format": "csv"}).status_code == 200


def test_the_filter_form_is_made_once_and_still_parses_each_request(users):
    from factcheck.api.filters import ClaimFilter

    assert ClaimFilter().get_form_class() is ClaimFilter().get_form_class()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    assert client.get("/api/v1/claims/", {"min_score": "2"}).status_code == 400
    assert client.get("/api/v1/claims/", {"min_score": "0.5"}).status_code == 200
    refused = client.get("/api/v1/claims/", {"state": "nonsense"})
    assert refused.status_code == 400 and "state" in refused.json()["fields"]
