"""The queue an editor opens first stays fast at a million claims: its page query walks the index built on
the queue's own order (``claims`` migration ``claim_queue_order``) instead of sorting every open claim, and
a queue filtered to some states seeks to their stage. On SQLite: the stage filter keeps exactly the rows."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.claims.models import Claim, ClaimState
from tests.factories import ArticleFactory, ClaimFactory
from workflows import selectors
from workflows.desk import queue

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"
STATE_VIEWS = [
    "",
    "?state=all",
    "?state=signoff",
    "?state=published",
    "?state__exact=new&p=2",
    "?claim_type__exact=quantity",
    "?state=dismissed",
]


@pytest.fixture
def desk(db):
    rng = random.Random(3)
    states = [s for s, _ in ClaimState.choices]
    for article in [ArticleFactory() for _ in range(6)]:
        for i in range(40):
            ClaimFactory(
                article=article,
                state=rng.choice(states),
                priority=rng.randint(1, 4),
                score=round(rng.random(), 3),
                claim_type=rng.choice(["quantity", "other", "prediction"]),
                start=i * 10,
                end=i * 10 + 5,
            )


def test_in_states_keeps_exactly_the_claims_of_those_states(desk):
    groups = [
        list(selectors.QUEUE_OPEN_STATES),
        [ClaimState.SUBMITTED, ClaimState.APPROVED],
        [ClaimState.PUBLISHED],
        [ClaimState.DISMISSED, ClaimState.NEW],
    ]
    for states in groups:
        expected = list(Claim.objects.filter(state__in=states).order_by(*selectors.QUEUE_ORDER).values_list("pk"))
        got = list(queue.in_states(Claim.objects.all(), states).order_by(*selectors.QUEUE_ORDER).values_list("pk"))
        assert got == expected and got


def _page_query(client, url: str) -> str:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return next(
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "claims_claim"."id"') and "ORDER BY CASE" in q["sql"]
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the queue index is PostgreSQL's")
def test_each_queue_view_reads_the_queue_index_without_sorting(client, users, desk):
    client.force_login(users["editor"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    for view in STATE_VIEWS:
        sql = _page_query(client, CHANGELIST + view)
        with connection.cursor() as cursor:
            # A sort the index cannot spare stays in the plan even when sorting is discouraged; a plain
            # column index (claim_queue) never gives the queue's CASE order.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # No full sort of the matching claims. An incremental sort is bounded: one state's claims come in
        # priority and score order from claim_queue, and only ties on those are sorted.
        assert not re.search(r"(?<!Incremental )Sort  \(", plan), (view, plan)
        if view in ("", "?state=all", "?claim_type__exact=quantity"):
            assert "claim_queue_order" in plan, (view, plan)
