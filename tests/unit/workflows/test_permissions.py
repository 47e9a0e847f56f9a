"""The permission matrix, cell by cell, written out independently of ``workflows.permissions.MATRIX`` so
a change to the code's matrix has to be made here too, on purpose."""

import pytest
from django.contrib.auth.models import AnonymousUser

from factcheck.claims.models import Assignment
from factcheck.roles import role_of
from tests.factories import AssignmentFactory, make_user
from tests.specs import ACTORS, N, Y
from tests.specs import EXPECTED as CLAIM_ACTIONS
from workflows import permissions
from workflows.actions import Action, DeskAction
from workflows.exceptions import ActionForbidden, NotVisible
from workflows.permissions import can, check

pytestmark = pytest.mark.django_db

# The claim actions' cells are the shared specification (``tests.specs``); this file adds the cells that are
# not tried on a claim in a given state: seeing the draft, and the desk actions.
EXPECTED = {
    **CLAIM_ACTIONS,
    "view_verdict": (Y, N, Y, Y),
    # Desk actions, not on a claim: the claim passed along changes nothing.
    "rerun_extraction": (N, N, Y, Y),
    "add_claim": (N, N, Y, Y),
}


def test_expectations_cover_every_action():
    every = {a.value for a in Action} | {a.value for a in DeskAction}
    assert set(EXPECTED) == every == set(permissions.MATRIX)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("who", range(len(ACTORS)), ids=ACTORS)
def test_matrix_cell(action, who, users, make_claim):
    claim = make_claim("in_review")  # assigned to users["reviewer"], who authored the draft
    user = users[ACTORS[who]]
    assert can(user, action, claim) is EXPECTED[action][who]
    if EXPECTED[action][who]:
        check(user, action, claim)
    else:
        error = NotVisible if action == Action.VIEW_VERDICT else ActionForbidden
        with pytest.raises(error) as refused:
            check(user, action, claim)
        assert refused.value.message


def test_roles(users, db):
    assert role_of(users["reviewer"]) == "Reviewer"
    assert role_of(users["editor"]) == "Editor"
    assert role_of(users["admin"]) == "Admin"
    assert role_of(AnonymousUser()) is None
    nobody = make_user("nobody", "Reviewer")
    nobody.groups.clear()
    nobody = type(nobody).objects.get(pk=nobody.pk)
    assert role_of(nobody) is None
    both = make_user("both", "Reviewer")
    both.groups.add(users["editor"].groups.first())
    assert role_of(type(both).objects.get(pk=both.pk)) == "Editor", "the strongest group wins"
    inactive = make_user("gone", "Editor")
    inactive.is_active = False
    assert role_of(inactive) is None


def test_user_without_role_may_do_nothing(make_claim, db):
    claim = make_claim("in_review")
    nobody = make_user("nobody", "Reviewer")
    nobody.groups.clear()
    nobody = type(nobody).objects.get(pk=nobody.pk)
    for action in EXPECTED:
        assert not can(nobody, action, claim)
    with pytest.raises(ActionForbidden, match="no desk role"):
        check(nobody, "assign", claim)


def test_reviewer_on_a_claim_assigned_to_someone_else_is_refused_with_the_reason(users, make_claim):
    claim = make_claim("in_review")
    with pytest.raises(ActionForbidden, match="not assigned to you"):
        check(users["reviewer2"], "draft", claim)
    with pytest.raises(ActionForbidden, match="cannot approve"):
        check(users["reviewer"], "approve", claim)


def test_withdrawn_assignment_no_longer_counts(users, make_claim):
    claim = make_claim("assigned")
    Assignment.objects.filter(claim=claim).update(state=Assignment.State.WITHDRAWN)
    assert not can(users["reviewer"], "start", claim)
    assert not can(users["reviewer"], "view_verdict", claim)


def test_second_reviewer_works_the_claim_too(users, make_claim):
    claim = make_claim("in_review")
    AssignmentFactory(claim=claim, reviewer=users["reviewer2"], role="second")
    assert can(users["reviewer2"], "draft", claim)
    assert can(users["reviewer2"], "view_verdict", claim)


def test_an_editor_assigned_as_reviewer_may_review_but_not_sign_off(users, make_claim):
    claim = make_claim("assigned")
    AssignmentFactory(claim=claim, reviewer=users["editor"], role="second")
    assert can(users["editor"], "start", claim)
    assert not can(users["editor"], "approve", claim), "a co-author does not approve"
    assert can(users["editor2"], "approve", claim)
    assert not can(users["editor2"], "start", claim), "editors review only what they are assigned"


def test_admin_who_wrote_the_verdict_cannot_approve_it(users, make_claim):
    claim = make_claim("submitted")
    claim.verdict.author = users["admin"]
    claim.verdict.save()
    Assignment.objects.filter(claim=claim).update(state=Assignment.State.COMPLETED)
    assert not can(users["admin"], "approve", claim)
    assert not can(users["admin"], "vote", claim)


@pytest.mark.parametrize("state", ["published", "retracted"])
def test_published_verdicts_are_visible_to_every_reviewer(state, users, make_claim):
    assert can(users["reviewer2"], "view_verdict", make_claim(state))


def test_the_assigned_reviewer_still_sees_the_verdict_after_publication_completes_the_assignment(users, make_claim):
    claim = make_claim("approved")
    Assignment.objects.filter(claim=claim).update(state=Assignment.State.COMPLETED)
    assert can(users["reviewer"], "view_verdict", claim)
    assert not can(users["reviewer"], "draft", claim)


def test_desk_actions_are_decided_without_a_claim(users):
    assert can(users["editor"], DeskAction.RERUN_EXTRACTION) and can(users["admin"], DeskAction.RERUN_EXTRACTION)
    with pytest.raises(ActionForbidden, match="A reviewer cannot re-run extraction on articles; ask an editor"):
        check(users["reviewer"], DeskAction.RERUN_EXTRACTION)
