"""Publishing: unique slugs, the rating snapshot, completed assignments, every public version kept;
corrections append to the public log; retraction leaves a notice; caches purged after commit only."""

import pytest

from factcheck.publishing import cache as page_cache
from factcheck.verdicts.models import Correction, Verdict
from workflows import services
from workflows.models import VerdictRevision

pytestmark = pytest.mark.django_db


def test_publish_snapshots_the_rating_and_completes_assignments(users, make_claim, ratings):
    claim = make_claim("approved")
    verdict = services.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    claim.refresh_from_db()
    assert claim.state == "published"
    assert verdict.slug == f"claim-{claim.pk}-checked"
    assert verdict.published_rating == {
        "label": "Mostly false",
        "value": 3,
        "best": 6,
        "worst": 1,
        "colour": ratings["mostly-false"].colour,
        "slug": "mostly-false",
        "scale": "truth-scale",
        "scale_name": "Factdesk truth scale",
    }
    assert verdict.published_at == verdict.modified_at
    assert set(claim.assignments.values_list("state", flat=True)) == {"completed"}
    revision = VerdictRevision.objects.get(verdict=verdict)
    assert (revision.number, revision.kind) == (1, "publish")
    assert revision.snapshot["headline"] == verdict.headline and len(revision.snapshot["evidence"]) == 1


def test_slugs_are_unique(users, make_claim):
    first, second = make_claim("approved"), make_claim("approved")
    for claim in (first, second):
        Verdict.objects.filter(claim=claim).update(headline="Same headline!")
    a = services.factcheck_publish(claim_id=first.pk, actor=users["editor"])
    b = services.factcheck_publish(claim_id=second.pk, actor=users["editor"])
    assert (a.slug, b.slug) == ("same-headline", "same-headline-2")


def test_correction_logs_old_and_new_rating_and_keeps_the_old_version(users, make_claim, ratings):
    claim = make_claim("approved")
    published = services.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    correction = services.factcheck_correct(
        claim_id=claim.pk,
        actor=users["editor2"],
        what_changed="The rating",
        note="New data from the ministry.",
        new_rating_id=ratings["false"].pk,
        headline="Corrected headline",
    )
    verdict = Verdict.objects.get(pk=published.pk)
    assert (correction.old_rating, correction.new_rating, correction.kind) == ("Mostly false", "False", "correction")
    assert verdict.published_rating["label"] == "False" and verdict.headline == "Corrected headline"
    assert verdict.modified_at > published.modified_at and verdict.published_at == published.published_at
    revisions = list(VerdictRevision.objects.filter(verdict=verdict).values_list("kind", "snapshot"))
    assert [k for k, _ in revisions] == ["publish", "correct"]
    assert revisions[0][1]["rating"]["label"] == "Mostly false", "the first published version is retrievable"
    assert revisions[0][1]["headline"] != "Corrected headline"
    text_only = services.factcheck_correct(
        claim_id=claim.pk,
        actor=users["editor"],
        what_changed="A typo",
        note="Fixed a typo.",
        kind="update",
        summary="No typo.",
    )
    assert (text_only.old_rating, text_only.new_rating, text_only.kind) == ("", "", "update")


def test_correction_needs_what_and_why(users, make_claim):
    from workflows.exceptions import ValidationFailed

    claim = make_claim("published")
    with pytest.raises(ValidationFailed):
        services.factcheck_correct(claim_id=claim.pk, actor=users["editor"], what_changed="", note="x")
    with pytest.raises(ValidationFailed):
        services.factcheck_correct(claim_id=claim.pk, actor=users["editor"], what_changed="x", note=" ")


def test_retract_leaves_a_public_notice(users, make_claim):
    claim = make_claim("published")
    verdict = services.factcheck_retract(claim_id=claim.pk, actor=users["editor"], reason="The source was fake.")
    assert verdict.retracted_at and verdict.retraction_reason == "The source was fake."
    notice = Correction.objects.get(verdict=verdict)
    assert notice.kind == "retraction" and notice.old_rating == "Mostly false"
    assert VerdictRevision.objects.get(verdict=verdict).kind == "retract"


@pytest.mark.parametrize("action", ["publish", "correct", "retract"])
def test_page_cache_purged_on_commit_only(action, users, make_claim, perform, django_capture_on_commit_callbacks):
    claim = make_claim("approved" if action == "publish" else "published")
    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        perform(action, claim, users["editor"])
    assert page_cache.generation() == before, "nothing is purged before the commit"
    for callback in callbacks:
        callback()
    assert page_cache.generation() > before
