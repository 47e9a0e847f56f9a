"""What the desk's busiest pages cost in queries, pinned so a change that adds a query per row, per evidence
link, per history event or per permission check fails here: the claim page, the queue, and a draft save
through the API (what fifty editors at once do all day, ``tests/benchmarks/deskload.py``)."""

import json

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html
from rest_framework.test import APIClient

from factcheck.claims.models import Assignment, Claim, ClaimCluster
from factcheck.verdicts.models import Verdict
from tests.factories import AssignmentFactory, ClaimFactory, EvidenceLinkFactory, api_token, save_drafts

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"
# The claim page as its reviewer sees it: session and user (2), the claim with its article, cluster,
# archived match and verdict (1), the admin's view permission (2), the assignments (1), the role (1),
# evidence (1), the other claims of its cluster (1; their public fact-checks are the API's only), history and
# the names it uses (2; the return note is read from it), whether there are dismissed matches and votes (an
# EXISTS each), draft saves counted (1), where the claim sits in the queue (1-3), the topics and tags panel
# (4: topics, both kinds of tag at once, the topic list, the suggestions), readers' reports (1), the rating
# choices (1).
CLAIM_PAGE_QUERIES = 21
# A draft save through the API: the token (1); the service: claim locked, assignment, verdict locked,
# verdict written, revision, contribution, audit event (7); the answer: the verdict with its evidence and
# corrections (3).
DRAFT_SAVE_QUERIES = 11


def change_url(claim_id) -> str:
    return f"/admin/claims/claim/{claim_id}/change/"


def _grow(claim, users, ratings, *, links: int, saves: int, siblings: int):
    """More of everything the page lists: evidence links, draft saves (history), claims in its cluster."""
    verdict = Verdict.objects.get(claim=claim)
    for n in range(links):
        EvidenceLinkFactory(verdict=verdict, url=f"https://example.org/more/{n}")
    save_drafts(claim, users["reviewer"], ratings["false"], saves)
    if siblings:
        cluster = ClaimCluster.objects.create(label="Repeated")
        Claim.objects.filter(pk=claim.pk).update(cluster=cluster)
        for _ in range(siblings):
            ClaimFactory(cluster=cluster)


def _page_queries(client, claim) -> list[str]:
    client.get(change_url(claim.pk))  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(change_url(claim.pk))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_the_claim_page_reads_a_fixed_number_of_queries(client, users, make_claim, ratings):
    claim = make_claim("in_review")
    client.force_login(users["reviewer"])
    _grow(claim, users, ratings, links=1, saves=1, siblings=1)
    small = _page_queries(client, claim)
    _grow(claim, users, ratings, links=8, saves=6, siblings=5)
    large = _page_queries(client, claim)
    assert len(large) <= CLAIM_PAGE_QUERIES, "\n".join(large)
    assert len(large) == len(small), "\n".join(large)


def test_the_claim_page_reads_the_claim_and_its_assignments_once(client, users, make_claim):
    """The claim once (with its verdict), its assignments once for every permission check of the page."""
    claim = make_claim("in_review")
    client.force_login(users["reviewer"])
    queries = _page_queries(client, claim)
    claim_reads = [q for q in queries if q.startswith('SELECT "claims_claim"."id", "claims_claim"."article_id"')]
    assignment_reads = [
        q for q in queries if q.startswith('SELECT "claims_assignment"') or 'AS "a" FROM "claims_assignment"' in q
    ]
    verdict_reads = [q for q in queries if q.startswith('SELECT "verdicts_verdict"')]
    assert len(claim_reads) == 1 and len(assignment_reads) == 1 and not verdict_reads, "\n".join(queries)


def test_an_editors_claim_page_is_as_cheap(client, users, make_claim):
    claim = make_claim("submitted")
    client.force_login(users["editor"])
    assert len(_page_queries(client, claim)) <= CLAIM_PAGE_QUERIES + 1  # the draft's revisions, for editors


def test_a_claim_far_down_the_queue_is_placed_without_reading_the_view(client, users, make_claim, monkeypatch):
    """Behind ``cap`` claims of an earlier stage, a claim in review has no number in the view: told by an
    index-only count of the claims ahead of it, not by reading the view's first ``cap`` ids."""
    monkeypatch.setattr(admin.site._registry[Claim].paginator, "cap", 3)
    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 1)  # its page's own rows miss it
    new = [ClaimFactory(score=0.9 - n / 100) for n in range(4)]
    claim = make_claim("in_review")
    client.force_login(users["reviewer"])
    queries = _page_queries(client, claim)
    assert not [q for q in queries if q.endswith("LIMIT 3") and q.startswith('SELECT "claims_claim"."id" AS')]
    tree = lxml_html.fromstring(client.get(change_url(claim.pk)).content.decode())
    assert "Not in this view of the queue" in tree.text_content()
    assert tree.get_element_by_id("fd-next-claim").get("href").startswith(change_url(new[0].pk))


def test_a_claim_within_the_numbered_rows_keeps_its_place(client, users, make_claim, monkeypatch):
    """Fewer claims ahead than ``cap``: the page still says where it is, and its neighbours."""
    monkeypatch.setattr(admin.site._registry[Claim].paginator, "cap", 10)
    ahead = [ClaimFactory(score=0.9 - n / 100) for n in range(3)]
    claim = make_claim("in_review")
    client.force_login(users["reviewer"])
    # Opened from page 2 of a one-row-a-page view, so the page's own window misses it.
    admin_ = admin.site._registry[Claim]
    monkeypatch.setattr(admin_, "list_per_page", 1)
    tree = lxml_html.fromstring(client.get(change_url(claim.pk) + "?_changelist_filters=p%3D2").content.decode())
    assert "Claim 4 in this view of the queue" in tree.text_content()
    assert tree.get_element_by_id("fd-previous-claim").get("href").startswith(change_url(ahead[-1].pk))


def test_a_more_urgent_claim_of_the_same_stage_counts_as_ahead(client, users, make_claim, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Claim].paginator, "cap", 2)
    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 1)
    urgent = [make_claim("assigned", priority=1, score=0.9 - n / 100) for n in range(2)]
    claim = make_claim("in_review", priority=3)
    client.force_login(users["reviewer"])
    tree = lxml_html.fromstring(client.get(change_url(claim.pk)).content.decode())
    assert "Not in this view of the queue" in tree.text_content()
    assert tree.get_element_by_id("fd-next-claim").get("href").startswith(change_url(urgent[0].pk))


def test_the_queue_never_reads_article_texts(client, users):
    for _ in range(5):
        AssignmentFactory(claim=ClaimFactory(state="assigned"), reviewer=users["reviewer"])
    client.force_login(users["editor"])
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(CHANGELIST).status_code == 200
    assert not [q["sql"] for q in ctx.captured_queries if "raw_text" in q["sql"]]


def _statements(ctx) -> list[str]:
    """The queries, without the test's own savepoints (a request in production is one transaction)."""
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _save(api, claim, version, n):
    body = {"rating": None, "headline": "H", "summary": f"Save {n}", "explanation": "<p>E</p>", "version": version}
    return api.put(f"/api/v1/claims/{claim.pk}/verdict/", json.dumps(body), content_type="application/json")


def test_a_draft_save_through_the_api_costs_a_fixed_number_of_queries(users, make_claim):
    claim = make_claim("in_review")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['reviewer'])}")
    version = api.get(f"/api/v1/claims/{claim.pk}/verdict/").json()["version"]
    version = _save(api, claim, version, 0).json()["version"]  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        answer = _save(api, claim, version, 1)
    assert answer.status_code == 200 and answer.json()["summary"] == "Save 1"
    for n in range(6):
        EvidenceLinkFactory(verdict=Verdict.objects.get(claim=claim), url=f"https://example.org/{n}")
    with CaptureQueriesContext(connection) as large:
        answer = _save(api, claim, answer.json()["version"], 2)
    assert answer.status_code == 200 and len(answer.json()["evidence"]) == 7
    small, large = _statements(small), _statements(large)
    assert len(small) <= DRAFT_SAVE_QUERIES, "\n".join(small)
    assert len(large) == len(small), "\n".join(large)


def test_the_answer_to_a_draft_save_is_the_draft_as_saved(users, make_claim):
    claim = make_claim("in_review")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['reviewer'])}")
    loaded = api.get(f"/api/v1/claims/{claim.pk}/verdict/").json()
    answer = _save(api, claim, loaded["version"], 7).json()
    assert answer["version"] == loaded["version"] + 1 and answer["summary"] == "Save 7"
    assert answer == api.get(f"/api/v1/claims/{claim.pk}/verdict/").json()
    assert Assignment.objects.filter(claim=claim, reviewer=users["reviewer"]).exists()
