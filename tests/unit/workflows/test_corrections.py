"""A correction may change the published text as well as the rating, so the text never contradicts the new
rating: the service (what changes, what is refused, what is audited and kept) and
``POST /api/v1/claims/{id}/correct/`` (its fields, its refusals, the 409 on a stale version)."""

import pytest
from rest_framework.test import APIClient

from factcheck.audit.models import AuditEvent
from factcheck.verdicts.models import Correction, Verdict
from workflows import services
from workflows.exceptions import StaleEdit, ValidationFailed
from workflows.models import VerdictRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_claim):
    """A published fact-check: rating Mostly false, headline "Claim N checked", one paragraph explained."""
    return make_claim("published")


def _verdict(claim) -> Verdict:
    return Verdict.objects.get(claim=claim)


def _event(claim) -> AuditEvent:
    return AuditEvent.objects.filter(claim=claim, action="factcheck.correct").latest("id")


# --- the service ---------------------------------------------------------------------------------------


def test_a_correction_changes_headline_summary_explanation_and_rating_together(users, published, ratings):
    before = _verdict(published)
    correction = services.factcheck_correct(
        claim_id=published.pk,
        actor=users["editor"],
        note="The ministry's revised figures came out.",
        what_changed="Rating and text",
        new_rating_id=ratings["false"].pk,
        headline="  The clinic treated fewer  ",
        summary="It treated 212, not 500.",
        explanation='<p>New <a href="https://example.org/r">report</a>.</p><script>alert(1)</script>',
    )
    verdict = _verdict(published)
    assert verdict.headline == "The clinic treated fewer"
    assert verdict.summary == "It treated 212, not 500."
    assert verdict.explanation.startswith("<p>New <a") and "<script>" not in verdict.explanation
    assert verdict.rating_id == ratings["false"].pk and verdict.published_rating["label"] == "False"
    assert verdict.version == before.version + 1 and verdict.modified_at > before.modified_at
    assert (correction.old_rating, correction.new_rating) == ("Mostly false", "False")

    revision = VerdictRevision.objects.filter(verdict=verdict).latest("number")
    assert revision.kind == "correct"
    assert revision.snapshot["headline"] == "The clinic treated fewer"
    assert revision.snapshot["summary"] == "It treated 212, not 500."
    assert revision.snapshot["explanation"] == verdict.explanation
    assert revision.snapshot["rating"]["label"] == "False"


def test_the_audit_event_records_each_change_old_to_new(users, published, ratings):
    before = _verdict(published)
    services.factcheck_correct(
        claim_id=published.pk,
        actor=users["editor"],
        note="Fixed.",
        what_changed="Headline and rating",
        new_rating_id=ratings["false"].pk,
        headline="New headline",
        summary=before.summary,
    )
    event = _event(published)
    assert event.actor == users["editor"] and event.note == "Fixed."
    assert event.data["changes"] == {
        "rating": ["Mostly false", "False"],
        "headline": [before.headline, "New headline"],
    }, "the summary was sent unchanged, so it is not a change"
    assert event.data["rating"] == ["Mostly false", "False"]


def test_a_text_only_correction_keeps_the_rating_and_logs_no_rating_change(users, published, ratings):
    correction = services.factcheck_correct(
        claim_id=published.pk,
        actor=users["editor"],
        note="A figure was mistyped.",
        what_changed="A figure",
        summary="It treated 212 patients.",
    )
    verdict = _verdict(published)
    assert verdict.rating_id == ratings["mostly-false"].pk and verdict.published_rating["label"] == "Mostly false"
    assert (correction.old_rating, correction.new_rating) == ("", "")
    assert _event(published).data["changes"] == {"summary": ["It is not quite right.", "It treated 212 patients."]}


@pytest.mark.parametrize("kind", ["correction", "update"])
def test_a_note_alone_is_refused_with_what_to_do_and_nothing_changes(users, published, kind):
    before = _verdict(published)
    with pytest.raises(ValidationFailed) as refused:
        services.factcheck_correct(
            claim_id=published.pk, actor=users["editor"], note="Just a note.", what_changed="Nothing really", kind=kind
        )
    message = refused.value.message
    assert "changes nothing" in message and "rating, headline, summary or explanation" in message
    assert not Correction.objects.filter(verdict=before).exists()
    after = _verdict(published)
    assert (after.version, after.modified_at) == (before.version, before.modified_at)


def test_values_equal_to_the_published_ones_are_not_a_change(users, published, ratings):
    before = _verdict(published)
    with pytest.raises(ValidationFailed, match="changes nothing"):
        services.factcheck_correct(
            claim_id=published.pk,
            actor=users["editor"],
            note="Same again.",
            what_changed="x",
            new_rating_id=ratings["mostly-false"].pk,
            headline=f"  {before.headline} ",
            summary=before.summary,
            explanation=before.explanation + "<script>x()</script>",  # sanitizes to what is published
        )


@pytest.mark.parametrize(("field", "words"), [("headline", "needs a headline"), ("summary", "needs a summary")])
def test_a_correction_cannot_blank_the_headline_or_summary(users, published, field, words):
    with pytest.raises(ValidationFailed) as refused:
        services.factcheck_correct(
            claim_id=published.pk, actor=users["editor"], note="n", what_changed="w", **{field: "   "}
        )
    assert words in refused.value.message and field in refused.value.errors


def test_a_too_long_headline_is_refused_before_the_database_sees_it(users, published):
    with pytest.raises(ValidationFailed) as refused:
        services.factcheck_correct(
            claim_id=published.pk, actor=users["editor"], note="n", what_changed="w", headline="x" * 301
        )
    assert refused.value.errors == {"headline": ["At most 300 characters."]}


def test_what_changed_may_be_left_for_the_desk_to_write(users, published, ratings):
    correction = services.factcheck_correct(
        claim_id=published.pk,
        actor=users["editor"],
        note="The audit settled it.",
        what_changed="",
        new_rating_id=ratings["false"].pk,
        headline="New headline",
        explanation="<p>New.</p>",
    )
    assert correction.what_changed == "Rating changed from Mostly false to False; headline and explanation updated."
    text_only = services.factcheck_correct(
        claim_id=published.pk, actor=users["editor"], note="Typo.", summary="Fixed summary."
    )
    assert text_only.what_changed == "Summary updated."


def test_a_stale_version_is_refused_and_nothing_changes(users, published):
    stale = published.version
    services.factcheck_correct(
        claim_id=published.pk, actor=users["editor"], note="First.", headline="First fix", version=stale
    )
    with pytest.raises(StaleEdit):
        services.factcheck_correct(
            claim_id=published.pk, actor=users["editor2"], note="Second.", headline="Second fix", version=stale
        )
    assert _verdict(published).headline == "First fix"
    assert Correction.objects.filter(verdict__claim=published).count() == 1


# --- the API -------------------------------------------------------------------------------------------


def _post(user, claim, body):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/claims/{claim.pk}/correct/", body, format="json")


def test_the_api_corrects_headline_summary_explanation_and_rating(users, published):
    response = _post(
        users["editor"],
        published,
        {
            "rating": "false",
            "headline": "The clinic treated 212",
            "summary": "Not 500.",
            "explanation": "<p>See <b>the audit</b>.</p><img src=x onerror=alert(1)>",
            "note": "The audit was published.",
            "what_changed": "Rating and text",
            "version": published.version,
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["headline"] == "The clinic treated 212" and body["summary"] == "Not 500."
    assert body["explanation"] == "<p>See <b>the audit</b>.</p>"
    assert body["published_rating"]["label"] == "False" and body["rating"]["slug"] == "false"
    assert body["correction"]["old_rating"] == "Mostly false" and body["correction"]["new_rating"] == "False"
    assert body["claim_version"] == published.version + 1


def test_the_api_still_takes_new_rating_as_the_rating(users, published):
    response = _post(users["editor"], published, {"new_rating": "false", "note": "n", "what_changed": "w"})
    assert response.status_code == 200, response.json()
    assert response.json()["published_rating"]["label"] == "False"


def test_the_api_refuses_two_different_ratings(users, published):
    response = _post(users["editor"], published, {"rating": "false", "new_rating": "true", "note": "n"})
    assert response.status_code == 400
    assert response.json()["fields"]["rating"] == ["Send the new rating once, as rating (new_rating is its old name)."]


def test_the_api_refuses_a_note_alone_with_a_sentence(users, published):
    response = _post(users["editor"], published, {"note": "Only a note.", "what_changed": "Nothing"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "changes nothing" in body["detail"]
    assert not Correction.objects.filter(verdict__claim=published).exists()


def test_the_api_names_the_rating_field_in_a_refusal(users, published):
    response = _post(users["editor"], published, {"rating": 999_999, "note": "n"})
    assert response.status_code == 400
    assert "rating" in response.json()["fields"]


def test_the_api_refuses_a_blank_headline_in_its_own_field(users, published):
    response = _post(users["editor"], published, {"headline": " ", "note": "n"})
    assert response.status_code == 400
    assert response.json()["fields"]["headline"][0].startswith("A published fact-check needs a headline")


def test_the_api_answers_409_to_a_stale_version(users, published):
    assert (
        _post(users["editor"], published, {"headline": "One", "note": "n", "version": published.version}).status_code
        == 200
    )
    stale = _post(users["editor2"], published, {"headline": "Two", "note": "n", "version": published.version})
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict" and "Reload" in stale.json()["detail"]
    assert _verdict(published).headline == "One"


def test_a_reviewer_may_not_correct(users, published):
    response = _post(users["reviewer"], published, {"headline": "Mine", "note": "n"})
    assert response.status_code == 403
    assert _verdict(published).headline != "Mine"
