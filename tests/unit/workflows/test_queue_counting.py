"""The queue's stage condition (``queue.in_states``) is for walking the queue's index in its order; the queries
that read no order (the page's capped count, the claim page's "is it in this view?" and "how far down?") leave
it out (``queue.without_stage``), with the same rows and the same answers."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from factcheck.claims.models import Claim, ClaimState
from tests.factories import ClaimFactory
from workflows import selectors
from workflows.desk import queue
from workflows.desk.claims import CappedCountPaginator

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claim/"
STATE_SETS = [selectors.QUEUE_OPEN_STATES, (ClaimState.SUBMITTED, ClaimState.APPROVED), (ClaimState.NEW,)]


@pytest.fixture
def desk(make_claim):
    for state in ("new", "new", "assigned", "in_review", "submitted", "approved", "published", "dismissed"):
        make_claim(state)
    ClaimFactory(priority=1)


@pytest.mark.parametrize("states", STATE_SETS)
def test_leaving_out_the_stage_keeps_the_rows(desk, states):
    shown = queue.in_states(Claim.objects.all(), states)
    assert "CASE" in str(shown.query)
    counted = queue.without_stage(shown)
    assert "CASE" not in str(counted.query)
    assert sorted(counted.values_list("pk", flat=True)) == sorted(shown.values_list("pk", flat=True))
    assert "CASE" in str(shown.query)  # the page's own query keeps it


def test_a_query_without_the_stage_is_left_as_it_is(desk):
    plain = Claim.objects.filter(state="new")
    assert queue.without_stage(plain) is plain
    either = Claim.objects.filter(state="new") | queue.in_states(Claim.objects.all(), ["assigned"])
    assert queue.without_stage(either) is either  # an OR: nothing to leave out safely


@pytest.mark.parametrize("query", ["", "?state=signoff", "?state=all", "?state=new&priority__exact=1"])
def test_the_page_counts_without_the_stage(as_user, desk, query):
    client = as_user("editor")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(QUEUE + query)
    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts and all("CASE" not in sql for sql in counts)
    changelist = response.context["cl"]
    assert changelist.result_count == changelist.queryset.count()


def test_the_capped_count_is_still_capped(desk):
    shown = queue.in_states(Claim.objects.all(), selectors.QUEUE_OPEN_STATES)
    paginator = CappedCountPaginator(shown, 2, cap=3)
    assert paginator.count == 3 and paginator.capped
    assert CappedCountPaginator(shown, 2).count == shown.count()


def test_the_claim_pages_place_in_the_queue_is_read_without_the_stage(users, make_claim, desk):
    claim = make_claim("submitted")
    request = RequestFactory().get("/")
    request.user = users["editor"]
    model_admin = admin.site._registry[Claim]
    with CaptureQueriesContext(connection) as ctx:
        nav = queue.queue_nav(model_admin, request, claim.pk, "", claim=claim)
    assert nav.position is None and nav.next_id is not None  # signed-off work is not open work
    unordered = [q["sql"] for q in ctx.captured_queries if "ORDER BY" not in q["sql"]]
    assert unordered and all("CASE" not in sql for sql in unordered)
