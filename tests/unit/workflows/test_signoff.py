"""Sign-off: single approval (never by the author), return with a required note, and the panel vote:
quorum, majority, ties, self-votes refused, one vote per editor per verdict version."""

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import AssignmentFactory, make_user
from workflows import services
from workflows.exceptions import ActionForbidden, TransitionNotAllowed, ValidationFailed
from workflows.models import PanelVote

pytestmark = pytest.mark.django_db


def panel(size=3):
    return override_settings(FACTDESK={**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": size})


@pytest.fixture
def editors(users):
    return [users["editor"], users["editor2"], make_user("editor3", "Editor"), make_user("editor4", "Editor")]


def test_approve_records_the_editor(users, make_claim):
    claim = make_claim("submitted")
    verdict = services.verdict_approve(claim_id=claim.pk, actor=users["editor"])
    claim.refresh_from_db()
    assert claim.state == "approved" and verdict.editor == users["editor"]


def test_the_author_never_approves_their_own_verdict(users, make_claim):
    # An editor who was assigned and wrote the verdict...
    claim = make_claim("submitted")
    claim.verdict.author = users["editor"]
    claim.verdict.save()
    with pytest.raises(ActionForbidden, match="another editor"):
        services.verdict_approve(claim_id=claim.pk, actor=users["editor"])
    # ...or is an active second reviewer on it.
    other = make_claim("submitted")
    AssignmentFactory(claim=other, reviewer=users["editor2"], role="second")
    with pytest.raises(ActionForbidden):
        services.verdict_approve(claim_id=other.pk, actor=users["editor2"])
    services.verdict_approve(claim_id=claim.pk, actor=users["editor2"])


def test_return_needs_a_note_and_resets_the_version(users, make_claim):
    claim = make_claim("submitted")
    version = claim.verdict.version
    with pytest.raises(ValidationFailed) as refused:
        services.verdict_return(claim_id=claim.pk, actor=users["editor"], note="   ")
    assert "note" in refused.value.errors
    verdict = services.verdict_return(claim_id=claim.pk, actor=users["editor"], note="Add the 2023 figure.")
    claim.refresh_from_db()
    assert claim.state == "in_review" and verdict.version == version + 1


def test_an_approved_verdict_can_be_returned_before_publication(users, make_claim):
    claim = make_claim("approved")
    verdict = services.verdict_return(claim_id=claim.pk, actor=users["editor2"], note="Wait for the data.")
    assert verdict.editor is None
    claim.refresh_from_db()
    assert claim.state == "in_review"


def test_panel_majority_at_quorum_approves_with_that_rating(editors, make_claim, ratings):
    claim = make_claim("submitted")  # proposed: Mostly false
    with panel(3):
        first = services.verdict_vote(claim_id=claim.pk, actor=editors[0], rating_id=ratings["false"].pk)
        assert not first.approved and "1 of 3" in first.message
        services.verdict_vote(claim_id=claim.pk, actor=editors[1], rating_id=ratings["mostly-false"].pk)
        third = services.verdict_vote(claim_id=claim.pk, actor=editors[2], rating_id=ratings["false"].pk)
    claim.refresh_from_db()
    assert third.approved and claim.state == "approved"
    assert claim.verdict.rating == ratings["false"], "the panel's majority rating stands"
    assert third.tally == {"False": 2, "Mostly false": 1}
    assert claim.verdict.editor == editors[2]


def test_panel_tie_at_quorum_waits_for_one_more_vote(editors, make_claim, ratings):
    claim = make_claim("submitted")
    with panel(2):
        services.verdict_vote(claim_id=claim.pk, actor=editors[0], rating_id=ratings["false"].pk)
        tie = services.verdict_vote(claim_id=claim.pk, actor=editors[1], rating_id=ratings["true"].pk)
        assert not tie.approved and "Tie after 2 votes" in tie.message and "One more" in tie.message
        claim.refresh_from_db()
        assert claim.state == "submitted"
        decided = services.verdict_vote(claim_id=claim.pk, actor=editors[2], rating_id=ratings["true"].pk)
    claim.refresh_from_db()
    assert decided.approved and claim.verdict.rating == ratings["true"]
    with panel(2), pytest.raises(TransitionNotAllowed):
        services.verdict_vote(claim_id=claim.pk, actor=editors[3], rating_id=ratings["true"].pk)


def test_three_way_split_is_a_tie(editors, make_claim, ratings):
    claim = make_claim("submitted")
    with panel(3):
        for editor, slug in zip(editors, ["true", "false", "half-true"], strict=False):
            result = services.verdict_vote(claim_id=claim.pk, actor=editor, rating_id=ratings[slug].pk)
    assert not result.approved and "Tie after 3 votes" in result.message


def test_self_vote_refused_and_one_vote_per_editor(users, editors, make_claim, ratings):
    claim = make_claim("submitted")
    claim.verdict.author = editors[0]
    claim.verdict.save()
    with panel(), pytest.raises(ActionForbidden):
        services.verdict_vote(claim_id=claim.pk, actor=editors[0], rating_id=ratings["false"].pk)
    with panel():
        services.verdict_vote(claim_id=claim.pk, actor=editors[1], rating_id=ratings["false"].pk)
        with pytest.raises(ValidationFailed, match="already voted"):
            services.verdict_vote(claim_id=claim.pk, actor=editors[1], rating_id=ratings["true"].pk)
    with panel(), pytest.raises(ActionForbidden):
        services.verdict_vote(claim_id=claim.pk, actor=users["reviewer2"], rating_id=ratings["false"].pk)
    assert PanelVote.objects.count() == 1


def test_votes_lapse_when_the_verdict_is_returned(users, editors, make_claim, ratings):
    claim = make_claim("submitted")
    with panel(2):
        services.verdict_vote(claim_id=claim.pk, actor=editors[0], rating_id=ratings["false"].pk)
        services.verdict_return(claim_id=claim.pk, actor=editors[1], note="Needs another source.")
        services.verdict_submit(claim_id=claim.pk, actor=users["reviewer"])
        again = services.verdict_vote(claim_id=claim.pk, actor=editors[0], rating_id=ratings["false"].pk)
        assert again.votes == 1, "the vote on the returned version no longer counts"
        done = services.verdict_vote(claim_id=claim.pk, actor=editors[1], rating_id=ratings["false"].pk)
    assert done.approved


def test_panel_of_one_approves_on_the_first_vote(users, make_claim, ratings):
    claim = make_claim("submitted")
    with panel(1):
        result = services.verdict_vote(claim_id=claim.pk, actor=users["editor"], rating_id=ratings["true"].pk)
    assert result.approved


def test_misconfigured_policy_says_how_to_fix_it(users, make_claim):
    from django.core.exceptions import ImproperlyConfigured

    claim = make_claim("submitted")
    with (
        override_settings(FACTDESK={**settings.FACTDESK, "SIGNOFF_POLICY": "committee"}),
        pytest.raises(ImproperlyConfigured, match="single.*panel"),
    ):
        services.verdict_approve(claim_id=claim.pk, actor=users["editor"])
