"""Where a claim sits in the editor's queue view (``queue.queue_nav``) when it is not on the page the editor came
from: its position, previous and next are the view's own, read only as far as the claim (``queue.NEAR`` ids
first), never the view's first 10,000 ids for a claim near the top."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from factcheck.claims.models import Claim
from tests.factories import ClaimFactory
from workflows.desk import queue
from workflows.desk.claims import ClaimAdmin

pytestmark = pytest.mark.django_db


@pytest.fixture
def view(monkeypatch, users):
    """Eight claims of the default view, in the queue's order; pages of one claim, so page 1 is the top two."""
    monkeypatch.setattr(ClaimAdmin, "list_per_page", 1)
    for score in (0.99, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3):
        ClaimFactory(score=score)
    request = RequestFactory().get("/")
    request.user = users["editor"]
    model_admin = admin.site._registry[Claim]
    return request, model_admin, list(queue._queue_queryset(model_admin, request, "")[0].values_list("pk", flat=True))


def _nav(users, view, claim_id, filters="p=1"):
    request, model_admin, _ids = view
    return queue.queue_nav(model_admin, request, claim_id, filters)


@pytest.mark.parametrize("near", [1, 2, 3, 1000])
def test_a_claim_beyond_the_page_gets_the_views_own_neighbours(users, view, monkeypatch, near):
    monkeypatch.setattr(queue, "NEAR", near)
    ids = view[2]
    for at, claim_id in list(enumerate(ids))[2:]:  # the first two are the page the editor came from
        nav = _nav(users, view, claim_id)
        assert nav.position == at + 1
        assert nav.previous_id == (ids[at - 1] if at else None)
        assert nav.next_id == (ids[at + 1] if at + 1 < len(ids) else None)


def test_a_claim_near_the_top_is_found_without_reading_the_cap(users, view):
    ids = view[2]
    with CaptureQueriesContext(connection) as ctx:
        nav = _nav(users, view, ids[4])
    assert nav.position == 5
    id_reads = [q["sql"] for q in ctx.captured_queries if "LIMIT" in q["sql"] and "ORDER BY" in q["sql"]]
    assert id_reads and not [sql for sql in id_reads if "LIMIT 10000" in sql]
    assert any(f"LIMIT {queue.NEAR}" in sql for sql in id_reads)


def test_the_rest_is_read_when_the_claim_is_beyond_the_first_ids(users, view, monkeypatch):
    monkeypatch.setattr(queue, "NEAR", 2)
    ids = view[2]
    with CaptureQueriesContext(connection) as ctx:
        nav = _nav(users, view, ids[6])
    assert (nav.position, nav.previous_id, nav.next_id) == (7, ids[5], ids[7])
    assert [q["sql"] for q in ctx.captured_queries if "OFFSET 2" in q["sql"]]
