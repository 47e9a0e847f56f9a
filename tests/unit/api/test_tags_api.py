"""Tags and topics over the API: ``PATCH /api/v1/claims/{id}/`` with ``tags``, ``fact_check_tags`` and
``topics`` (through ``workflows.services.tags``), the ``?tag=``/``?topic=`` filters of the claim list and of
the public fact-check list, and list pages whose query count does not grow with their rows' tags."""

import pytest
from django.db import connection

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import ClaimTopic, Topic
from factcheck.verdicts.models import Verdict
from tests.factories import ClaimFactory
from workflows.services import tags as svc

pytestmark = pytest.mark.django_db


def _patch(client, claim, body):
    return client.patch(f"/api/v1/claims/{claim.pk}/", {"version": claim.version, **body}, format="json")


def test_patch_sets_the_claims_tags_and_the_answer_shows_them(editor):
    claim = ClaimFactory()
    response = _patch(editor, claim, {"tags": ["Vaccines", "local elections"]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["tags"] == ["local elections", "Vaccines"] and body["version"] == claim.version + 1
    assert AuditEvent.objects.filter(claim=claim, action="claim.tags").count() == 1


def test_patch_with_restated_fields_and_tags_does_both_or_neither(editor):
    claim = ClaimFactory(speaker="")
    response = _patch(editor, claim, {"speaker": "The minister", "tags": ["budget"]})
    assert response.status_code == 200, response.json()
    assert response.json()["speaker"] == "The minister" and response.json()["tags"] == ["budget"]
    claim.refresh_from_db()
    refused = _patch(editor, claim, {"speaker": "Someone else", "tags": ["x" * 51]})
    assert refused.status_code == 400 and "tags" in refused.json()["fields"]
    claim.refresh_from_db()
    assert claim.speaker == "The minister"  # the restatement rolled back with the refused tags


def test_a_stale_version_is_409_and_a_reviewer_not_assigned_is_403(editor, reviewer, make_claim):
    claim = make_claim("assigned")
    stale = editor.patch(f"/api/v1/claims/{claim.pk}/", {"version": claim.version + 1, "tags": ["a"]}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == claim.version
    other = ClaimFactory()
    assert _patch(reviewer, other, {"tags": ["a"]}).status_code == 403
    assert _patch(reviewer, claim, {"tags": ["a"]}).status_code == 200


def test_tags_are_strings_in_a_list(editor):
    claim = ClaimFactory()
    for bad in ("vaccines", [1], [None], {"a": 1}):
        response = _patch(editor, claim, {"tags": bad})
        assert response.status_code == 400, bad
        assert "tags" in str(response.json()["fields"])


def test_topics_by_slug_and_fact_check_tags(editor, make_claim):
    health = Topic.objects.create(name="Health", slug="health", keywords="NHS")
    claim = make_claim("in_review")
    ClaimTopic.objects.create(claim=claim, topic=Topic.objects.create(name="Crime", slug="crime"), matched=["police"])
    response = _patch(editor, claim, {"topics": ["health"], "fact_check_tags": ["NHS"]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["topics"] == [{"slug": "health", "name": "Health", "matched": []}]
    assert body["suggested_topics"] == [{"slug": "crime", "name": "Crime", "matched": ["police"]}]
    assert body["fact_check_tags"] == ["NHS"] and Verdict.objects.get(claim=claim).tag_names == ["NHS"]
    unknown = _patch(editor, claim, {"version": body["version"], "topics": ["no-such-topic"]})
    assert unknown.status_code == 400 and "no-such-topic" in str(unknown.json()["fields"])
    assert health.claim_links.get().status == "accepted"


def test_the_claim_list_filters_by_tag_and_topic(editor, users):
    tagged, other, untagged = ClaimFactory(), ClaimFactory(), ClaimFactory()
    svc.claim_set_tags(claim_id=tagged.pk, actor=users["editor"], tags=["Vaccines", "NHS"])
    svc.claim_set_tags(claim_id=other.pk, actor=users["editor"], tags=["budget"])
    ids = [c["id"] for c in editor.get("/api/v1/claims/?tag=vaccines").json()["results"]]
    assert ids == [tagged.pk]
    assert editor.get("/api/v1/claims/?tag=nothing").json()["results"] == []
    row = next(c for c in editor.get("/api/v1/claims/").json()["results"] if c["id"] == tagged.pk)
    assert row["tags"] == ["NHS", "Vaccines"]
    health = Topic.objects.create(name="Health", slug="health")
    ClaimTopic.objects.create(claim=untagged, topic=health, status="accepted")
    ClaimTopic.objects.create(claim=other, topic=health, status="suggested")
    assert [c["id"] for c in editor.get("/api/v1/claims/?topic=health").json()["results"]] == [untagged.pk]


def test_the_public_fact_check_list_filters_by_tag_and_topic(client_for, users, make_claim):
    anonymous = client_for(None)
    vaccines, budget = make_claim("published"), make_claim("published")
    svc.factcheck_set_tags(claim_id=vaccines.pk, actor=users["editor"], tags=["Vaccines"])
    svc.factcheck_set_tags(claim_id=budget.pk, actor=users["editor"], tags=["Budget"])
    svc.claim_set_tags(claim_id=budget.pk, actor=users["editor"], tags=["Vaccines"])  # desk tags are not public
    health = Topic.objects.create(name="Health", slug="health")
    svc.claim_topics_accept(claim_id=vaccines.pk, actor=users["editor"], topic_ids=[health.pk])
    body = anonymous.get("/api/v1/fact-checks/?tag=vaccines").json()
    assert [r["slug"] for r in body["results"]] == [Verdict.objects.get(claim=vaccines).slug]
    assert body["results"][0]["tags"] == ["Vaccines"]
    assert body["results"][0]["topics"] == [{"slug": "health", "name": "Health"}]
    by_topic = anonymous.get("/api/v1/fact-checks/?topic=health").json()["results"]
    assert [r["slug"] for r in by_topic] == [Verdict.objects.get(claim=vaccines).slug]
    assert anonymous.get("/api/v1/fact-checks/?tag=").json()["results"].__len__() == 2


@pytest.fixture
def token_editor(users):
    """Token authentication, as integrations use it (as the claim list's own query-count test does)."""
    from rest_framework.test import APIClient

    from tests.factories import api_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    return client


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


def test_tags_cost_one_query_per_list_not_one_per_row(token_editor, users, make_claim, client_for):
    anonymous = client_for(None)
    health = Topic.objects.create(name="Health", slug="health")

    def tagged_pair(i):
        claim = make_claim("published")
        svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=[f"tag {i}", "shared"])
        svc.factcheck_set_tags(claim_id=claim.pk, actor=users["editor"], tags=[f"public {i}", "shared"])
        svc.claim_topics_accept(claim_id=claim.pk, actor=users["editor"], topic_ids=[health.pk])

    tagged_pair(0)
    few_claims, _ = _count(token_editor, "/api/v1/claims/")
    few_public, _ = _count(anonymous, "/api/v1/fact-checks/")
    for i in range(1, 12):
        tagged_pair(i)
    many_claims, claims = _count(token_editor, "/api/v1/claims/")
    many_public, public = _count(anonymous, "/api/v1/fact-checks/")
    assert len(claims["results"]) == 12 and all(len(c["tags"]) == 2 for c in claims["results"])
    assert len(public["results"]) == 12 and all(len(r["tags"]) == 2 and r["topics"] for r in public["results"])
    # claims: token and role, claims with articles (their assignees and tags inside on PostgreSQL, else two
    # prefetches); public: fact-checks, tags, topics
    claim_queries = 2 if connection.vendor == "postgresql" else 4
    assert (few_claims, few_public) == (many_claims, many_public) == (claim_queries, 3)
