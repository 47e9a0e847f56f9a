"""Claim intelligence over the API: why a claim scored (``score_signals``, the score kept as a float) and
``POST /api/v1/claims/{id}/dismiss-match/``, the same service as the desk's "Not the same claim…"."""

import pytest

from factcheck.claims.models import ArchivedFactCheck, Claim, MatchDismissal
from tests.factories import ClaimClusterFactory, ClaimFactory

pytestmark = pytest.mark.django_db

SIGNALS = [{"name": "a figure", "contribution": 1.2}, {"name": "a medical outcome", "contribution": 0.8}]


@pytest.fixture
def matched(make_claim):
    archived = ArchivedFactCheck.objects.create(
        claim_text="All patients recovered fully.", url="https://factcheck.example.org/recovery"
    )
    return make_claim("new", archived_match=archived, match_score=0.7234, score=0.99963, score_signals=SIGNALS)


def url(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/dismiss-match/"


def test_the_claim_detail_says_why_it_scored_and_keeps_the_float(editor, matched):
    body = editor.get(f"/api/v1/claims/{matched.pk}/").json()
    assert body["score"] == 0.99963
    assert body["score_signals"] == SIGNALS
    links = {link["action"]: (link["method"], link["path"]) for link in body["action_links"]}
    assert links["dismiss_match"] == ("POST", url(matched))


def test_a_claim_added_by_hand_has_no_signals(editor, make_claim):
    claim = make_claim("new", origin="manual")
    body = editor.get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["score_signals"] == [] and body["origin"] == "manual"
    assert "dismiss_match" not in body["allowed_actions"], "no match: nothing to dismiss"


def test_an_editor_dismisses_an_archive_match(editor, matched):
    archived_id = matched.archived_match_id
    response = editor.post(
        url(matched), {"archived": archived_id, "reason": "Another drug.", "version": matched.version}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["matches"]["archived"] is None and body["matches"]["archived_score"] is None
    assert body["version"] == matched.version + 1
    dismissal = MatchDismissal.objects.get(claim=matched)
    assert (dismissal.archived_id, dismissal.score, dismissal.reason) == (archived_id, 0.7234, "Another drug.")
    [event] = editor.get(f"/api/v1/claims/{matched.pk}/history/").json()
    assert event["sentence"] == (
        "editor marked the match with the fact-check “All patients recovered fully.” as wrong: Another drug."
    )


def test_an_editor_takes_a_claim_out_of_a_cluster(editor, make_claim):
    cluster = ClaimClusterFactory()
    claim, other = make_claim("assigned", cluster=cluster), ClaimFactory(cluster=cluster)
    response = editor.post(url(claim), {"other_claim": other.pk}, format="json")
    assert response.status_code == 200 and response.json()["cluster"] is None
    assert Claim.objects.get(pk=other.pk).cluster_id == cluster.pk


def test_reviewers_are_refused(client_for, matched):
    response = client_for("reviewer").post(url(matched), {"archived": matched.archived_match_id}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert "cannot dismiss the matches of claims" in response.json()["detail"]
    assert not MatchDismissal.objects.exists()


def test_a_stale_version_is_409(editor, matched):
    response = editor.post(
        url(matched), {"archived": matched.archived_match_id, "version": matched.version + 3}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and response.json()["current_version"] == matched.version
    assert Claim.objects.get(pk=matched.pk).archived_match_id is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "archived"),
        ({"archived": "ARCHIVED", "other_claim": 1}, "archived"),
        ({"archived": 999999}, "archived"),
        ({"other_claim": 999999}, "other_claim"),
        ({"archived": "7"}, "archived"),  # a string is not an id
        ({"archived": "ARCHIVED", "score": 0.1}, "score"),  # no unknown fields (a client cannot set the score)
    ],
)
def test_bad_input_is_400_naming_the_field(editor, matched, body, field):
    body = {k: (matched.archived_match_id if v == "ARCHIVED" else v) for k, v in body.items()}
    response = editor.post(url(matched), body, format="json")
    assert response.status_code == 400, response.json()
    assert field in str(response.json())
    assert not MatchDismissal.objects.exists()
