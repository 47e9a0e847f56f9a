"""The API list's floor in ``make bench`` is the API's own page: every field, the same values, on the database
the suite runs on. A field the list gains without the floor would make the ratio price an answer the floor
never gives; ``measure_api`` refuses such a floor, and this test catches it before a bench run does."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck.claims.models import Assignment
from tests.benchmarks.rawfloor import floor_difference, raw_claim_page
from tests.factories import AssignmentFactory, ClaimFactory, api_token, claim_in_state

pytestmark = pytest.mark.django_db


def _api_page(editor, filters: dict[str, str]) -> list[dict]:
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token(editor)}")
    response = client.get("/api/v1/claims/", {**filters, "page_size": 50})
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


@pytest.fixture
def desk(users):
    """Claims of every shape the list writes: restated, dated, tagged, with one or two reviewers, late or not."""
    new = [ClaimFactory(state="new", score=0.61 + i / 100, priority=i % 3) for i in range(8)]
    new[0].claim_reviewed = "The restated claim."
    new[0].claim_date = datetime.date(2026, 11, 30)
    new[0].speaker, new[0].language, new[0].score_basis = "Maria Novak", "de", "figures"
    new[0].save()
    new[1].tags.add("zeta", "Alpha", "été")
    AssignmentFactory(claim=new[2], reviewer=users["reviewer"], due_at=timezone.now())  # not yet moved on
    late = claim_in_state("assigned", reviewer=users["reviewer"], score=0.9)
    late.due_at = timezone.now() - datetime.timedelta(days=1)
    late.save(update_fields=["due_at"])
    AssignmentFactory(claim=late, reviewer=users["reviewer2"], role="second", state=Assignment.State.ACTIVE)
    late.tags.add("health")
    claim_in_state("in_review", reviewer=users["reviewer"], score=0.95)
    ClaimFactory(state="new", score=0.2)  # under the filter's threshold
    return users


@pytest.mark.parametrize(
    "filters",
    [
        {"state": "new", "min_score": "0.6"},
        {"state": "assigned", "min_score": "0"},
        {"state": "in_review", "min_score": "0.5"},
    ],
)
def test_the_floor_is_the_apis_own_page(desk, filters):
    answer = _api_page(desk["editor"], filters)
    floor = json.loads(raw_claim_page(filters))["results"]
    assert answer, "the filter must find claims, or the test compares nothing"
    assert floor_difference(answer, floor) == ""


def test_a_difference_is_named_by_row_and_field():
    row = {"id": 4, "tags": ["a"], "text": "x"}
    assert floor_difference([row], [{**row, "tags": []}]) == "row 0 (claim 4), tags: the API gives ['a'], the floor []"
    assert floor_difference([row], []) == "the API returned 1 rows, the floor 0"
    assert "order" in floor_difference([row], [{"text": "x", "id": 4, "tags": ["a"]}])
