"""Every action leaves exactly one audit event with the right name, actor and from → to; a refused
action leaves none."""

import pytest
from django.conf import settings
from django.test import override_settings

from factcheck.audit.models import AuditEvent
from factcheck.roles import REVIEWER
from workflows import services
from workflows.exceptions import WorkflowError
from workflows.permissions import MATRIX, Rule
from workflows.transitions import TABLE

pytestmark = pytest.mark.django_db


def _actor(action, users):
    return users["reviewer"] if MATRIX[action][REVIEWER] is Rule.ASSIGNED else users["editor"]


@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_each_transition_writes_one_event(state, action, users, make_claim, perform):
    claim = make_claim(state)
    actor = _actor(action, users)
    policy = {"SIGNOFF_POLICY": "panel", "PANEL_SIZE": 1} if action == "vote" else {}
    with override_settings(FACTDESK={**settings.FACTDESK, **policy}):
        perform(action, claim, actor)
    event = AuditEvent.objects.get()
    transition = TABLE[(state, action)]
    assert (event.action, event.from_state, event.to_state) == (transition.event, state, transition.target)
    assert event.actor == actor and event.claim_id == claim.pk and event.created_at


@pytest.mark.parametrize(
    ("action", "state", "name"),
    [
        ("evidence", "in_review", "evidence.add"),
        ("draft", "in_review", "verdict.save_draft"),
        ("set_priority", "new", "claim.set_priority"),
        ("edit", "assigned", "claim.edit"),  # the assigned reviewer restates it
    ],
)
def test_work_inside_a_state_is_logged_without_a_move(action, state, name, users, make_claim, perform):
    claim = make_claim(state)
    perform(action, claim, _actor(action, users))
    event = AuditEvent.objects.get()
    assert (event.action, event.from_state, event.to_state) == (name, state, state)


def test_evidence_edits_are_logged_with_their_content(users, make_claim):
    claim = make_claim("in_review")
    link = claim.verdict.evidence.get()
    services.evidence_update(evidence_id=link.pk, actor=users["reviewer"], title="Better title")
    services.evidence_remove(evidence_id=link.pk, actor=users["reviewer"])
    update, remove = AuditEvent.objects.all()
    assert update.action == "evidence.update" and update.data["changes"]["title"][1] == "Better title"
    assert remove.action == "evidence.remove" and remove.data["url"] == link.url and remove.object_id == str(link.pk)


def test_refused_actions_leave_no_event(users, make_claim, perform):
    claim = make_claim("new")
    for action, actor in [("approve", users["editor"]), ("assign", users["reviewer"]), ("publish", users["admin"])]:
        with pytest.raises(WorkflowError):
            perform(action, claim, actor)
    assert not AuditEvent.objects.exists()


def test_notes_and_data_are_recorded(users, make_claim):
    claim = make_claim("submitted")
    before = claim.verdict.version
    services.verdict_return(claim_id=claim.pk, actor=users["editor"], note="Source two is a blog.")
    event = AuditEvent.objects.get()
    assert event.note == "Source two is a blog." and event.data["verdict_version"] == before + 1


def test_history_is_newest_first(users, make_claim):
    from workflows.selectors import claim_history

    claim = make_claim("new")
    services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]])
    services.review_start(claim_id=claim.pk, actor=users["reviewer"])
    services.claim_unassign(claim_id=claim.pk, actor=users["editor"])
    history = claim_history(users["editor"], claim)
    assert [e.action for e in history] == ["claim.unassign", "review.start", "claim.assign"], "newest first"
