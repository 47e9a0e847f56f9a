"""A queue view that reached its count's cap is not counted again for a while in the same web process
(``desk.counting``): the pager's "10,000+" and the claim page's "far down the queue" cost PostgreSQL 10-15 ms a
view at 100,000 claims. A count below its cap is exact on every view."""

from __future__ import annotations

import pytest
from cachetools import TTLCache
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from factcheck.claims.models import Claim
from workflows import selectors
from workflows.desk import counting, queue
from workflows.desk.claims import CappedCountPaginator

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claim/"


def counts(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]


@pytest.fixture
def clock(monkeypatch):
    """The memo on a clock the test moves."""
    now = [1000.0]
    monkeypatch.setattr(counting, "_reached", TTLCache(maxsize=16, ttl=counting.REACHED_SECONDS, timer=lambda: now[0]))
    return now


def open_claims():
    return queue.in_states(Claim.objects.all(), selectors.QUEUE_OPEN_STATES)


def test_a_view_past_its_cap_is_counted_once_until_the_memo_expires(make_claim, clock):
    for _ in range(4):
        make_claim("new")
    with CaptureQueriesContext(connection) as first:
        paginator = CappedCountPaginator(open_claims(), 2, cap=3)
        assert paginator.count == 3 and paginator.capped
    with CaptureQueriesContext(connection) as again:
        paginator = CappedCountPaginator(open_claims(), 2, cap=3)
        assert paginator.count == 3 and paginator.capped
    assert len(counts(first)) == 1 and counts(again) == []
    # Past its lifetime the view is counted again, and a view that fell below the cap says so exactly.
    Claim.objects.filter(pk__in=Claim.objects.values_list("pk", flat=True)[:2]).update(state="dismissed")
    clock[0] += counting.REACHED_SECONDS + 1
    with CaptureQueriesContext(connection) as later:
        paginator = CappedCountPaginator(open_claims(), 2, cap=3)
        assert paginator.count == 2 and not paginator.capped
    assert len(counts(later)) == 1


def test_a_view_below_its_cap_is_counted_on_every_view(make_claim, clock):
    make_claim("new")
    assert CappedCountPaginator(open_claims(), 2, cap=3).count == 1
    make_claim("new")
    with CaptureQueriesContext(connection) as ctx:
        assert CappedCountPaginator(open_claims(), 2, cap=3).count == 2
    assert len(counts(ctx)) == 1


def test_views_with_other_filters_do_not_share_an_answer(make_claim, clock):
    for _ in range(4):
        make_claim("new")
    make_claim("assigned")
    every_open = CappedCountPaginator(open_claims(), 2, cap=3)
    assert every_open.count == 3 and every_open.capped
    only_assigned = open_claims().filter(state="assigned")
    paginator = CappedCountPaginator(only_assigned, 2, cap=3)
    assert paginator.count == 1 and not paginator.capped


def test_the_queue_page_counts_its_view_once_and_still_says_it_is_capped(as_user, make_claim, monkeypatch, clock):
    monkeypatch.setattr(admin.site._registry[Claim].paginator, "cap", 2)
    for _ in range(4):
        make_claim("new")
    client = as_user("editor")
    with CaptureQueriesContext(connection) as first:
        assert client.get(QUEUE).context["cl"].paginator.capped
    with CaptureQueriesContext(connection) as again:
        response = client.get(QUEUE)
    assert response.context["cl"].paginator.capped and response.context["cl"].result_count == 2
    assert len(counts(first)) == 1 and counts(again) == []


def test_a_claim_far_down_the_queue_is_placed_from_the_memo_the_second_time(users, make_claim, monkeypatch, clock):
    monkeypatch.setattr(admin.site._registry[Claim].paginator, "cap", 3)
    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 1)  # its page's own rows miss it
    for _ in range(5):
        make_claim("new")
    reviewed = make_claim("in_review")
    request = RequestFactory().get("/")
    request.user = users["editor"]
    model_admin = admin.site._registry[Claim]
    queue_filters = "p=1"
    with CaptureQueriesContext(connection) as first:
        nav = queue.queue_nav(model_admin, request, reviewed.pk, queue_filters, claim=reviewed)
    with CaptureQueriesContext(connection) as again:
        nav_again = queue.queue_nav(model_admin, request, reviewed.pk, queue_filters, claim=reviewed)
    assert nav.position is None and nav_again == nav
    assert len(counts(first)) == 1 and counts(again) == []


def test_a_view_that_can_match_nothing_is_counted_as_empty(make_claim, clock):
    make_claim("new")
    assert CappedCountPaginator(open_claims().filter(pk__in=[]), 2, cap=3).count == 0
