"""Uniqueness rules, rating-scale ordering and the audit log's immutability."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from factcheck.articles.models import Article, content_hash
from factcheck.audit.models import AuditEvent, AuditLogImmutable
from factcheck.claims.models import Assignment, Claim
from factcheck.verdicts.models import EvidenceLink, Rating
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_same_article_twice_is_refused_by_content_hash():
    ArticleFactory(raw_text="Line one.\nLine two.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(raw_text="Line one.\r\n  Line two.  ")
    assert Article.objects.count() == 1


def test_content_hash_folds_whitespace_but_not_words():
    assert content_hash("a  b\n") == content_hash("a b")
    assert content_hash("a b") != content_hash("a c")


def test_same_claim_span_twice_is_refused():
    claim = ClaimFactory(start=10, end=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(article=claim.article, start=10, end=40)
    ClaimFactory(article=claim.article, start=10, end=41)  # another span of the same article is fine
    ClaimFactory(start=10, end=40)  # the same span of another article is fine
    assert Claim.objects.count() == 3


@pytest.mark.parametrize("score", [-0.1, 1.5])
def test_claim_score_must_lie_in_unit_interval(score):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(score=score)


def test_claim_span_must_be_nonempty():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(start=5, end=5)


def test_one_active_lead_and_one_active_assignment_per_reviewer(users):
    claim = ClaimFactory()
    Assignment.objects.create(claim=claim, reviewer=users["reviewer"], role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(claim=claim, reviewer=users["reviewer2"], role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(claim=claim, reviewer=users["reviewer"], role="second")
    Assignment.objects.create(claim=claim, reviewer=users["reviewer2"], role="second")
    Assignment.objects.filter(reviewer=users["reviewer"]).update(state="withdrawn")
    Assignment.objects.create(claim=claim, reviewer=users["reviewer"], role="lead")  # reassigned after withdrawal


def test_default_scale_is_ordered_best_first_with_off_scale_outcomes_last(rating_scale):
    ratings = list(rating_scale.ratings.all())
    on_scale = [r.value for r in ratings if r.on_scale]
    assert on_scale == sorted(on_scale, reverse=True) == [6, 5, 4, 3, 2, 1]
    assert [r.label for r in ratings[:2]] == ["True", "Mostly true"]
    assert [r.label for r in ratings if not r.on_scale] == ["Unverifiable", "Missing context"]
    assert (rating_scale.best_value, rating_scale.worst_value) == (6, 1)


def test_rating_values_are_unique_within_a_scale(rating_scale):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            scale=rating_scale,
            value=6,
            label="Also true",
            slug="also-true",
            description="x",
            colour="#000000",
            position=99,
        )


def test_only_one_default_scale(rating_scale):
    from factcheck.verdicts.models import RatingScale

    with pytest.raises(IntegrityError), transaction.atomic():
        RatingScale.objects.create(name="Other", slug="other", is_default=True)


def test_rating_colour_must_be_hex(rating_scale):
    rating = rating_scale.ratings.first()
    rating.colour = "green"
    with pytest.raises(ValidationError):
        rating.full_clean()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi"])
def test_evidence_accepts_http_urls_only(url):
    link = EvidenceLink(verdict=VerdictFactory(), url=url, title="x")
    with pytest.raises(ValidationError) as err:
        link.full_clean()
    assert "url" in err.value.message_dict


def test_verdict_clean_sanitizes_explanation():
    verdict = VerdictFactory(explanation='<p onclick="x()">Hi<script>alert(1)</script></p>')
    verdict.clean()
    assert verdict.explanation == "<p>Hi</p>"


def _event(claim):
    return AuditEvent.objects.create(
        action="claim.test",
        content_type=ContentType.objects.get_for_model(claim),
        object_id=str(claim.pk),
        claim=claim,
        from_state="new",
        to_state="assigned",
    )


def test_audit_events_cannot_be_changed_or_deleted():
    event = _event(ClaimFactory())
    event.note = "rewritten"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_audit_admin_is_read_only_even_for_superusers(users, client):
    event = _event(ClaimFactory())
    client.force_login(users["admin"])
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    response = client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
