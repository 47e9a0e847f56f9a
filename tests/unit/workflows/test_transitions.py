"""The whole transition table, walked: every allowed move succeeds for a permitted role and lands in the
table's target state; every other (state, action) pair is refused with TransitionNotAllowed; a role the
matrix excludes is refused with ActionForbidden."""

import pytest
from django.test import override_settings

from factcheck.claims.models import ClaimState
from factcheck.roles import ADMIN, EDITOR, REVIEWER
from workflows import transitions
from workflows.actions import Action
from workflows.exceptions import ActionForbidden, TransitionNotAllowed
from workflows.permissions import MATRIX, Rule
from workflows.transitions import ACTIVITIES, TABLE, TRANSITION_ACTIONS

pytestmark = pytest.mark.django_db

PANEL_OF_ONE = {"SIGNOFF_POLICY": "panel", "PANEL_SIZE": 1}

EXPECTED_TABLE = {
    ("new", "dismiss"): "dismissed",
    ("new", "assign"): "assigned",
    ("dismissed", "reopen"): "new",
    ("assigned", "start"): "in_review",
    ("assigned", "unassign"): "new",
    ("assigned", "reassign"): "assigned",
    ("in_review", "submit"): "submitted",
    ("in_review", "unassign"): "new",
    ("submitted", "approve"): "approved",
    ("submitted", "vote"): "approved",
    ("submitted", "return"): "in_review",
    ("approved", "publish"): "published",
    ("approved", "return"): "in_review",
    ("published", "correct"): "published",
    ("published", "retract"): "retracted",
}


def _factdesk(**overrides):
    from django.conf import settings

    return override_settings(FACTDESK={**settings.FACTDESK, **overrides})


def test_table_is_exactly_the_documented_one():
    assert {key: t.target for key, t in TABLE.items()} == EXPECTED_TABLE
    assert all(t.event.count(".") == 1 for t in TABLE.values())


def _permitted_actor(action, users):
    """Someone the matrix lets do ``action`` on a claim assigned to ``users["reviewer"]``."""
    if MATRIX[action][REVIEWER] is Rule.ASSIGNED:
        return users["reviewer"]
    return users["editor"]


@pytest.mark.parametrize(("state", "action"), sorted(EXPECTED_TABLE))
def test_every_allowed_move_succeeds_for_a_permitted_role(state, action, users, make_claim, perform):
    claim = make_claim(state)
    policy = PANEL_OF_ONE if action == Action.VOTE else {"SIGNOFF_POLICY": "single"}
    with _factdesk(**policy):
        perform(action, claim, _permitted_actor(action, users), version=claim.version)
    claim.refresh_from_db()
    assert claim.state == EXPECTED_TABLE[(state, action)]
    assert claim.version > 1


ALL_PAIRS = [(state, action) for state in ClaimState.values for action in TRANSITION_ACTIONS]
REFUSED_PAIRS = [pair for pair in ALL_PAIRS if pair not in EXPECTED_TABLE]


@pytest.mark.parametrize(("state", "action"), REFUSED_PAIRS)
def test_every_other_move_is_refused_as_invalid_state(state, action, users, make_claim, perform):
    claim = make_claim(state)
    with pytest.raises(TransitionNotAllowed) as refused:
        perform(action, claim, users["admin"])
    assert refused.value.code == "invalid_state"
    claim.refresh_from_db()
    assert claim.state == state and claim.version == 1


@pytest.mark.parametrize(("state", "action"), sorted(EXPECTED_TABLE))
def test_roles_outside_the_matrix_are_refused(state, action, users, make_claim, perform):
    """The unassigned reviewer always counts as 'wrong role' for review actions; editors for approvals
    of their own work are covered in test_signoff."""
    wrong = [users["reviewer2"]]
    if MATRIX[action][REVIEWER] is Rule.NEVER:
        wrong.append(users["reviewer"])
    if MATRIX[action][EDITOR] is Rule.ASSIGNED:
        wrong.append(users["editor2"])
    policy = PANEL_OF_ONE if action == Action.VOTE else {"SIGNOFF_POLICY": "single"}
    for actor in wrong:
        claim = make_claim(state)
        with _factdesk(**policy), pytest.raises(ActionForbidden) as refused:
            perform(action, claim, actor)
        assert refused.value.code == "forbidden"
        claim.refresh_from_db()
        assert claim.state == state


@pytest.mark.parametrize(
    ("state", "action"), [(s, a) for s in ClaimState.values for a in ACTIVITIES if a in ("draft", "evidence")]
)
def test_review_work_only_while_in_review(state, action, users, make_claim, perform):
    claim = make_claim(state)
    if state == "in_review":
        perform(action, claim, users["reviewer"])
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(action, claim, users["admin"])


@pytest.mark.parametrize("state", ClaimState.values)
def test_set_priority_and_edit_follow_activity_states(state, users, make_claim, perform):
    for action in ("set_priority", "edit"):
        claim = make_claim(state)
        if state in ACTIVITIES[action]:
            perform(action, claim, users["editor"])
        else:
            with pytest.raises(TransitionNotAllowed):
                perform(action, claim, users["editor"])


def test_signoff_policy_picks_approve_or_vote(users, make_claim, perform):
    claim = make_claim("submitted")
    with _factdesk(SIGNOFF_POLICY="panel"), pytest.raises(ActionForbidden, match="panel"):
        perform("approve", claim, users["editor"])
    with _factdesk(SIGNOFF_POLICY="single"), pytest.raises(ActionForbidden, match="one editor"):
        perform("vote", claim, users["editor"])


def test_allowed_actions_lists_moves_then_work(users, make_claim):
    assert transitions.allowed_actions(users["editor"], make_claim("new")) == [
        "dismiss",
        "assign",
        "set_priority",
        "edit",
    ]
    in_review = make_claim("in_review")
    assert transitions.allowed_actions(users["reviewer"], in_review) == ["submit", "evidence", "draft", "edit"]
    assert transitions.allowed_actions(users["reviewer2"], in_review) == []
    assert transitions.allowed_actions(users["editor"], in_review) == ["unassign", "set_priority", "edit"]
    submitted = make_claim("submitted")
    assert transitions.allowed_actions(users["editor"], submitted) == ["approve", "return", "set_priority"]
    with _factdesk(SIGNOFF_POLICY="panel"):
        assert transitions.allowed_actions(users["editor"], submitted)[:2] == ["vote", "return"]
    assert transitions.allowed_actions(users["reviewer"], submitted) == []
    assert transitions.allowed_actions(users["admin"], make_claim("published")) == ["correct", "retract"]


def test_refusal_names_what_is_possible(users, make_claim, perform):
    with pytest.raises(TransitionNotAllowed, match=r'Cannot publish a claim that is "New".*dismiss'):
        perform("publish", make_claim("new"), users["editor"])


def test_transition_roles_come_from_the_matrix():
    assert TABLE[("submitted", "approve")].roles == {EDITOR, ADMIN}
    assert TABLE[("assigned", "start")].roles == {REVIEWER, EDITOR, ADMIN}


def test_details_lock_once_the_verdict_is_submitted():
    """Written out, not read from the table: the speaker and type are signed off with the verdict."""
    assert set(ACTIVITIES["edit"]) == {"new", "dismissed", "assigned", "in_review"}
    for state in ("submitted", "approved", "published", "retracted"):
        with pytest.raises(TransitionNotAllowed) as refused:
            transitions.check_activity(state, "edit")
        assert ("return the verdict first" in refused.value.message) is (state in ("submitted", "approved"))
    with pytest.raises(TransitionNotAllowed, match="publish a correction"):
        transitions.check_activity("published", "edit")
