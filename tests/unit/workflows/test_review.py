"""The reviewer's work: starting creates the verdict, evidence (http only, optimistic locking), drafts
(sanitized, versioned: the second of two saves of one version gets StaleEdit), submission checks."""

import datetime

import pytest

from factcheck.verdicts.models import EvidenceLink, Verdict
from tests.factories import EvidenceLinkFactory
from workflows import services
from workflows.exceptions import ActionForbidden, NotVisible, StaleEdit, ValidationFailed

pytestmark = pytest.mark.django_db


def test_start_creates_the_verdict_and_the_first_writer_becomes_its_author(users, make_claim, ratings):
    claim = make_claim("assigned")
    verdict = services.review_start(claim_id=claim.pk, actor=users["reviewer"])
    claim.refresh_from_db()
    assert claim.state == "in_review"
    assert (verdict.claim_id, verdict.author, verdict.version) == (claim.pk, None, 1), "starting writes nothing"
    assert not verdict.contributors.exists()
    services.evidence_add(
        claim_id=claim.pk, actor=users["admin"], url="https://example.org/a", title="A", stance="refutes"
    )
    services.verdict_save_draft(
        claim_id=claim.pk,
        actor=users["reviewer"],
        rating_id=ratings["false"].pk,
        headline="H",
        summary="S",
        explanation="",
        version=verdict.version,
    )
    verdict.refresh_from_db()
    assert verdict.author == users["admin"], "the first to write anything is the author"
    assert list(verdict.contributions.values_list("user__username", flat=True)) == ["admin", "reviewer"]


def test_a_new_reviewer_works_on_the_existing_draft_without_taking_the_byline(users, make_claim, ratings):
    claim = make_claim("in_review")
    services.claim_unassign(claim_id=claim.pk, actor=users["editor"])
    services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer2"]])
    verdict = services.review_start(claim_id=claim.pk, actor=users["reviewer2"])
    assert verdict.author == users["reviewer"] and Verdict.objects.filter(claim=claim).count() == 1
    services.verdict_save_draft(
        claim_id=claim.pk,
        actor=users["reviewer2"],
        rating_id=ratings["false"].pk,
        headline="H",
        summary="S",
        explanation="",
        version=verdict.version,
    )
    verdict.refresh_from_db()
    assert verdict.author == users["reviewer"] and users["reviewer2"] in verdict.contributors.all()


def test_save_draft_sanitizes_bumps_and_refuses_stale_versions(users, make_claim, ratings):
    claim = make_claim("in_review")
    verdict = claim.verdict
    kwargs = {
        "claim_id": claim.pk,
        "actor": users["reviewer"],
        "rating_id": ratings["false"].pk,
        "headline": "  No, it was 212  ",
        "summary": "Records say 212.",
    }
    first = services.verdict_save_draft(
        **kwargs,
        explanation='<p onclick="x()">See <a href="javascript:alert(1)">this</a><script>bad()</script></p>',
        version=verdict.version,
    )
    assert first.version == verdict.version + 1
    assert first.headline == "No, it was 212" and first.rating == ratings["false"]
    assert "onclick" not in first.explanation and "script" not in first.explanation
    assert "javascript" not in first.explanation
    # A second editor had loaded the same version: their save is refused, not silently applied.
    with pytest.raises(StaleEdit) as refused:
        services.verdict_save_draft(**kwargs, explanation="<p>Mine</p>", version=verdict.version)
    assert refused.value.current_version == first.version and refused.value.code == "conflict"
    assert Verdict.objects.get(pk=verdict.pk).explanation == first.explanation


def test_save_draft_may_be_incomplete_but_rating_must_exist(users, make_claim):
    claim = make_claim("in_review")
    v = claim.verdict.version
    services.verdict_save_draft(
        claim_id=claim.pk, actor=users["reviewer"], rating_id=None, headline="", summary="", explanation="", version=v
    )
    with pytest.raises(ValidationFailed) as refused:
        services.verdict_save_draft(
            claim_id=claim.pk,
            actor=users["reviewer"],
            rating_id=99999,
            headline="",
            summary="",
            explanation="",
            version=v + 1,
        )
    assert "rating_id" in refused.value.errors


def test_submit_requires_a_complete_draft_with_evidence(users, make_claim):
    claim = make_claim("in_review")
    verdict = claim.verdict
    verdict.evidence.all().delete()
    Verdict.objects.filter(pk=verdict.pk).update(rating=None, summary="")
    with pytest.raises(ValidationFailed) as refused:
        services.verdict_submit(claim_id=claim.pk, actor=users["reviewer"])
    assert set(refused.value.errors) == {"rating", "summary", "evidence"}
    claim.refresh_from_db()
    assert claim.state == "in_review"


def test_evidence_add_update_remove(users, make_claim):
    claim = make_claim("in_review")
    link = services.evidence_add(
        claim_id=claim.pk,
        actor=users["reviewer"],
        url=" https://stats.example.org/t1 ",
        title="Table 1",
        stance="refutes",
        quote="212 patients",
    )
    assert (link.url, link.accessed_on, link.added_by) == (
        "https://stats.example.org/t1",
        datetime.date.today(),
        users["reviewer"],
    )
    loaded = link.updated_at
    updated = services.evidence_update(
        evidence_id=link.pk, actor=users["reviewer"], expected_updated_at=loaded, title="Table 1 (2024)"
    )
    assert updated.title == "Table 1 (2024)"
    with pytest.raises(StaleEdit):
        services.evidence_update(
            evidence_id=link.pk, actor=users["reviewer"], expected_updated_at=loaded, title="Overwrite"
        )
    services.evidence_remove(evidence_id=link.pk, actor=users["reviewer"], expected_updated_at=updated.updated_at)
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    with pytest.raises(NotVisible):
        services.evidence_remove(evidence_id=link.pk, actor=users["reviewer"])


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "not a url", ""])
def test_evidence_urls_must_be_http(url, users, make_claim):
    claim = make_claim("in_review")
    with pytest.raises(ValidationFailed) as refused:
        services.evidence_add(claim_id=claim.pk, actor=users["reviewer"], url=url, title="x", stance="context")
    assert "url" in refused.value.errors


def test_evidence_of_someone_elses_claim_is_refused(users, make_claim):
    claim = make_claim("in_review")
    link = EvidenceLinkFactory(verdict=claim.verdict)
    with pytest.raises(ActionForbidden):
        services.evidence_add(
            claim_id=claim.pk, actor=users["reviewer2"], url="https://e.org", title="x", stance="context"
        )
    with pytest.raises(ActionForbidden):
        services.evidence_remove(evidence_id=link.pk, actor=users["reviewer2"])


def test_unknown_claim_is_not_found(users):
    with pytest.raises(NotVisible) as refused:
        services.review_start(claim_id=424242, actor=users["reviewer"])
    assert refused.value.code == "not_found"
