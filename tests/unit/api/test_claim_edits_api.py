"""Adding and restating claims over HTTP: ``POST /api/v1/claims/`` (a passage of an article, or a typed claim
with where it came from) and ``PATCH /api/v1/claims/{id}/`` (the claim as checked, speaker, date, where it
appeared; 409 on a stale version), and the fields every claim read exposes."""

import pytest

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = "Health news.\n\nThe minister said that 60% of patients were cured last year. Critics disagree."
SENTENCE = "The minister said that 60% of patients were cured last year."
EDIT_FIELDS = {"claim_reviewed", "speaker", "claim_date", "appearance_url", "origin"}


def _span():
    start = TEXT.index(SENTENCE)
    return start, start + len(SENTENCE)


# --- POST /claims/ ---------------------------------------------------------------------------------------


def test_a_passage_of_an_article_is_added_and_answered_with_201(editor):
    article = ArticleFactory(raw_text=TEXT)
    start, end = _span()
    response = editor.post("/api/v1/claims/", {"article": article.pk, "start": start, "end": end}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == f"/api/v1/claims/{body['id']}/"
    assert (body["text"], body["start"], body["end"], body["article"]["id"]) == (SENTENCE, start, end, article.pk)
    assert body["origin"] == "manual" and body["state"] == "new" and body["claim_reviewed"] == SENTENCE
    assert body["version"] == 1 and "edit" in body["allowed_actions"]
    assert AuditEvent.objects.get(claim_id=body["id"]).action == "claim.add"


def test_a_typed_claim_is_added_with_where_it_came_from(editor):
    response = editor.post(
        "/api/v1/claims/",
        {
            "text": "Vaccines cause 90% of autism cases.",
            "source_url": "https://social.example.org/post/7",
            "speaker": "A. Poster",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["text"] == body["claim_reviewed"] == "Vaccines cause 90% of autism cases."
    assert body["speaker"] == "A. Poster" and body["origin"] == "manual"
    assert body["source_url"] == body["appearance_url"] == "https://social.example.org/post/7"
    assert Article.objects.get(pk=body["article"]["id"]).status == Article.Status.DONE


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"article": "ARTICLE", "start": 5000, "end": 5010}, "start"),
        ({"article": "ARTICLE", "start": 20, "end": 10}, "end"),
        ({"article": "ARTICLE", "start": 0}, "end"),
        ({"article": 999_999, "start": 0, "end": 5}, "article"),
        ({"article": "ARTICLE", "start": 0, "end": 5, "text": "Both."}, "text"),
        ({}, "text"),
        ({"text": "Crime doubled."}, "source_url"),
        ({"text": "Crime doubled.", "source_url": "javascript:alert(1)"}, "source_url"),
        ({"text": "Crime doubled.", "source_description": "Tip", "colour": "red"}, "colour"),
        ({"article": "ARTICLE", "start": "0", "end": 5}, "start"),
    ],
)
def test_wrong_input_is_a_400_that_names_the_field_and_says_what_to_do(editor, payload, field):
    article = ArticleFactory(raw_text=TEXT)
    payload = {k: (article.pk if v == "ARTICLE" else v) for k, v in payload.items()}
    response = editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"] and body["detail"]
    assert not Claim.objects.exists()


def test_the_same_passage_twice_is_refused_naming_the_claim(editor):
    article = ArticleFactory(raw_text=TEXT)
    start, end = _span()
    first = editor.post("/api/v1/claims/", {"article": article.pk, "start": start, "end": end}, format="json")
    again = editor.post("/api/v1/claims/", {"article": article.pk, "start": start, "end": end}, format="json")
    assert again.status_code == 400 and f"already claim {first.json()['id']}" in again.json()["detail"]


def test_reviewers_may_not_add_claims(reviewer, client_for):
    article = ArticleFactory(raw_text=TEXT)
    response = reviewer.post("/api/v1/claims/", {"article": article.pk, "start": 0, "end": 12}, format="json")
    assert response.status_code == 403 and "ask an editor" in response.json()["detail"]
    assert (
        client_for(None)
        .post("/api/v1/claims/", {"article": article.pk, "start": 0, "end": 12}, format="json")
        .status_code
        == 401
    )
    assert not Claim.objects.exists()


# --- PATCH /claims/{id}/ ---------------------------------------------------------------------------------


def test_patch_restates_the_claim_and_answers_with_it(editor, make_claim):
    claim = make_claim("new", speaker="")
    response = editor.patch(
        f"/api/v1/claims/{claim.pk}/",
        {
            "claim_reviewed": "The clinic cured 60% of its melanoma patients in 2024.",
            "speaker": "Sergey Boljević",
            "claim_date": "2024-03-01",
            "appearance_url": "https://news.example.org/melanoma",
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["claim_reviewed"] == "The clinic cured 60% of its melanoma patients in 2024."
    assert body["text"] == claim.text, "the sentence as it appeared stays"
    assert (body["speaker"], body["claim_date"], body["appearance_url"]) == (
        "Sergey Boljević",
        "2024-03-01",
        "https://news.example.org/melanoma",
    )
    assert body["version"] == 2
    history = editor.get(f"/api/v1/claims/{claim.pk}/history/").json()
    assert history[0]["action"] == "claim.edit"
    assert history[0]["data"]["changes"]["claim_date"] == [None, "2024-03-01"]


def test_a_stale_version_is_a_409_with_the_current_version_and_nothing_changes(editor, client_for, make_claim):
    claim = make_claim("new")
    first = editor.patch(f"/api/v1/claims/{claim.pk}/", {"speaker": "Erin", "version": 1}, format="json")
    assert first.status_code == 200
    second = client_for("editor2").patch(
        f"/api/v1/claims/{claim.pk}/", {"claim_reviewed": "Other words.", "version": 1}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "conflict" and second.json()["current_version"] == 2
    claim.refresh_from_db()
    assert claim.claim_reviewed == "" and claim.speaker == "Erin"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"speaker": "X"}, "version"),
        ({"claim_date": "1 March 2024", "version": 1}, "claim_date"),
        ({"claim_date": "2999-01-01", "version": 1}, "claim_date"),
        ({"appearance_url": "ftp://example.org/x", "version": 1}, "appearance_url"),
        ({"claim_type": "gossip", "version": 1}, "claim_type"),
        ({"claim_reviewed": 12, "version": 1}, "claim_reviewed"),
        ({"state": "published", "version": 1}, "state"),
    ],
)
def test_patch_refusals_name_the_field(editor, make_claim, payload, field):
    claim = make_claim("new")
    response = editor.patch(f"/api/v1/claims/{claim.pk}/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    claim.refresh_from_db()
    assert claim.version == 1


def test_a_date_can_be_cleared_with_null(editor, make_claim):
    claim = make_claim("new")
    editor.patch(f"/api/v1/claims/{claim.pk}/", {"claim_date": "2024-01-02", "version": 1}, format="json")
    response = editor.patch(f"/api/v1/claims/{claim.pk}/", {"claim_date": None, "version": 2}, format="json")
    assert response.status_code == 200 and response.json()["claim_date"] is None


def test_the_assigned_reviewer_restates_until_submission_and_no_one_else(client_for, make_claim):
    reviewer, other = client_for("reviewer"), client_for("reviewer2")
    in_review = make_claim("in_review")
    body = {"claim_reviewed": "Restated.", "version": in_review.version}
    assert other.patch(f"/api/v1/claims/{in_review.pk}/", body, format="json").status_code == 403
    assert reviewer.patch(f"/api/v1/claims/{in_review.pk}/", body, format="json").status_code == 200
    submitted = make_claim("submitted")
    response = reviewer.patch(
        f"/api/v1/claims/{submitted.pk}/", {"claim_reviewed": "Late.", "version": submitted.version}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"
    assert "return the verdict first" in response.json()["detail"]


def test_patching_an_unknown_claim_is_a_404(editor):
    assert editor.patch("/api/v1/claims/999999/", {"speaker": "X", "version": 1}, format="json").status_code == 404


# --- reads -----------------------------------------------------------------------------------------------


def test_reads_expose_how_the_desk_states_the_claim(editor):
    plain = ClaimFactory(speaker="The minister")
    restated = ClaimFactory(
        claim_reviewed="Restated.", appearance_url="https://example.org/a", claim_date="2024-05-06", origin="manual"
    )
    detail = editor.get(f"/api/v1/claims/{plain.pk}/").json()
    assert set(detail) >= EDIT_FIELDS
    assert (
        detail["claim_reviewed"],
        detail["speaker"],
        detail["claim_date"],
        detail["appearance_url"],
        detail["origin"],
    ) == (plain.text, "The minister", None, "", "extracted")
    rows = {row["id"]: row for row in editor.get("/api/v1/claims/").json()["results"]}
    assert set(rows[restated.pk]) >= EDIT_FIELDS
    assert (rows[restated.pk]["claim_reviewed"], rows[restated.pk]["claim_date"], rows[restated.pk]["origin"]) == (
        "Restated.",
        "2024-05-06",
        "manual",
    )
    assert rows[plain.pk]["claim_reviewed"] == plain.text
