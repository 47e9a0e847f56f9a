"""The draft's two API steps (GET and PUT claims/{id}/verdict/), as every desk user takes them many times a
shift: what they answer is what the claim's verdict is in the database, in a fixed, small number of queries.

The PUT answers with the row the service wrote (not read again) and the GET reads the claim with its verdict
but without its article: these tests catch an answer that drifts from the stored draft, and a query that
creeps back in (``make bench`` measures the CPU)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from factcheck.claims.models import Assignment
from factcheck.verdicts.models import Correction, DraftRevision, EvidenceLink
from tests.factories import api_token

pytestmark = pytest.mark.django_db


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _tables(queries) -> list[str]:
    """The table each SELECT reads (its first quoted FROM: the ORM's own, not a subquery written as SQL)."""
    return [re.search(r' FROM "(\w+)"', q["sql"]).group(1) for q in queries if q["sql"].startswith("SELECT")]


def _body(draft: dict, **changes) -> dict:
    fields = {name: draft[name] for name in ("headline", "summary", "explanation", "version")}
    return {**fields, "rating": draft["rating"]["slug"] if draft["rating"] else None, **changes}


def test_put_answers_exactly_what_a_get_reads_back(make_claim, users, ratings):
    claim = make_claim("in_review")
    verdict = claim.verdict
    EvidenceLink.objects.create(verdict=verdict, url="https://example.org/two", title="Second", stance="refutes")
    Correction.objects.create(verdict=verdict, kind="correction", what_changed="A figure", note="Fixed.")
    client = _token_client(users["reviewer"])
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    loaded = client.get(url).json()
    for rating in ("false", None, "true"):  # a rating chosen, taken away, chosen again
        saved = client.put(
            url,
            _body(loaded, rating=rating, summary=f"Now {rating}.", explanation='<p onclick="x()">Why</p>'),
            format="json",
        )
        assert saved.status_code == 200, saved.content
        again = client.get(url).json()
        assert saved.json() == again
        assert again["version"] == loaded["version"] + 1 and again["explanation"] == "<p>Why</p>"
        assert (again["rating"] or {}).get("slug") == rating
        assert len(again["evidence"]) == 2 and len(again["corrections"]) == 1
        loaded = again


def test_put_by_someone_who_is_not_the_author_names_the_author(make_claim, users):
    """The byline stays with the first writer: an admin's save answers with the reviewer as author."""
    claim = make_claim("in_review")
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    client = _token_client(users["admin"])
    loaded = client.get(url).json()
    saved = client.put(url, _body(loaded, headline="The admin's headline"), format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["author"]["username"] == users["reviewer"].get_username()
    assert saved.json() == client.get(url).json()


def test_get_draft_reads_the_claim_once_and_never_its_article(make_claim, users):
    claim = make_claim("in_review")
    client = _token_client(users["reviewer"])
    client.get(f"/api/v1/claims/{claim.pk}/verdict/")  # the first request of a process warms its caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/claims/{claim.pk}/verdict/")
    assert response.status_code == 200
    # The token (with the user and desk role), the claim with its verdict, the reviewer's assignment,
    # the evidence, the corrections.
    assert _tables(ctx.captured_queries) == [
        "knox_authtoken",
        "claims_claim",
        "claims_assignment",
        "verdicts_evidencelink",
        "verdicts_correction",
    ]
    assert not any("articles_article" in q["sql"] for q in ctx.captured_queries)


def test_put_draft_does_not_read_the_saved_draft_again(make_claim, users):
    claim = make_claim("in_review")
    client = _token_client(users["reviewer"])
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    loaded = client.put(url, _body(client.get(url).json()), format="json").json()  # a contributor already
    with CaptureQueriesContext(connection) as ctx:
        response = client.put(url, _body(loaded, rating="false"), format="json")
    assert response.status_code == 200, response.content
    tables = _tables(ctx.captured_queries)
    # The claim and the verdict are each read once, under their locks; then the evidence and corrections.
    assert tables.count("claims_claim") == 1 and tables.count("verdicts_verdict") == 1
    assert tables[-2:] == ["verdicts_evidencelink", "verdicts_correction"]
    writes = [
        re.match(r'(INSERT|UPDATE) (?:INTO )?"\w+"', q["sql"]).group(0).replace("INTO ", "")
        for q in ctx.captured_queries
        if q["sql"][:6] in ("INSERT", "UPDATE")
    ]
    # What a save must keep doing: the verdict, its history, the contribution and the audit event.
    assert writes == [
        'UPDATE "verdicts_verdict"',
        'INSERT "verdicts_draftrevision"',
        'UPDATE "verdicts_verdictcontribution"',
        'INSERT "workflows_auditevent"',
    ]
    assert DraftRevision.objects.filter(verdict=claim.verdict, number=loaded["version"] + 1).exists()


def test_stale_put_is_still_refused_and_changes_nothing(make_claim, users):
    claim = make_claim("in_review")
    client = _token_client(users["reviewer"])
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    loaded = client.get(url).json()
    assert client.put(url, _body(loaded, headline="First"), format="json").status_code == 200
    stale = client.put(url, _body(loaded, headline="Second"), format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert client.get(url).json()["headline"] == "First"


def test_get_draft_is_still_not_found_for_a_reviewer_not_assigned(make_claim, users):
    claim = make_claim("in_review")
    Assignment.objects.filter(claim=claim).update(reviewer=users["reviewer2"])
    response = _token_client(users["reviewer"]).get(f"/api/v1/claims/{claim.pk}/verdict/")
    assert response.status_code == 404
