"""Assigning: lead and second reviewers, due dates from priority, bulk, automatic by workload, unassign
and reassign, triage (dismiss / reopen) and the version check on state changes."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from factcheck.claims.models import Assignment, Claim
from tests.factories import AssignmentFactory, ClaimFactory, make_user
from workflows import services
from workflows.exceptions import StaleEdit, TransitionNotAllowed, ValidationFailed
from workflows.models import ReviewerProfile

pytestmark = pytest.mark.django_db


def test_assign_makes_the_first_reviewer_lead_and_dates_from_priority(users):
    claim = ClaimFactory(priority=3)
    before = timezone.now()
    services.claim_assign(
        claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"], users["reviewer2"]], priority=1
    )
    claim.refresh_from_db()
    assert claim.state == "assigned" and claim.priority == 1 and claim.version == 2
    # DUE_DAYS_BY_PRIORITY[1] == 1 day
    assert before + datetime.timedelta(days=1) <= claim.due_at <= timezone.now() + datetime.timedelta(days=1)
    roles = dict(claim.assignments.values_list("reviewer__username", "role"))
    assert roles == {"reviewer": "lead", "reviewer2": "second"}
    assert set(claim.assignments.values_list("assigned_by", flat=True)) == {users["editor"].pk}
    assert set(claim.assignments.values_list("due_at", flat=True)) == {claim.due_at}


def test_explicit_due_date_wins_and_must_be_in_the_future(users):
    due = timezone.now() + datetime.timedelta(days=9)
    claim = ClaimFactory()
    services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]], due_at=due)
    claim.refresh_from_db()
    assert claim.due_at == due
    with pytest.raises(ValidationFailed) as refused:
        services.claim_assign(
            claim_id=ClaimFactory().pk,
            actor=users["editor"],
            reviewers=[users["reviewer"]],
            due_at=timezone.now() - datetime.timedelta(hours=1),
        )
    assert "due_at" in refused.value.errors


@pytest.mark.parametrize("reviewers", [[], ["reviewer", "reviewer"], ["outsider"]])
def test_assign_refuses_bad_reviewer_lists(reviewers, users):
    outsider = make_user("outsider", "Reviewer")
    outsider.is_staff = False
    outsider.save()
    people = [users.get(name) or outsider for name in reviewers]
    claim = ClaimFactory()
    with pytest.raises(ValidationFailed) as refused:
        services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=people)
    assert "reviewers" in refused.value.errors
    claim.refresh_from_db()
    assert claim.state == "new" and not claim.assignments.exists()


def test_assign_accepts_user_ids(users):
    claim = ClaimFactory()
    services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"].pk])
    assert claim.assignments.get().reviewer == users["reviewer"]


def test_stale_claim_version_is_refused(users):
    claim = ClaimFactory()
    with pytest.raises(StaleEdit) as refused:
        services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]], version=7)
    assert refused.value.code == "conflict" and refused.value.current_version == 1
    services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]], version=1)


def test_bulk_assign_reports_each_claim(users):
    fresh = [ClaimFactory(), ClaimFactory()]
    dismissed = ClaimFactory(state="dismissed")
    result = services.claims_bulk_assign(
        claim_ids=[c.pk for c in fresh] + [dismissed.pk], actor=users["editor"], reviewers=[users["reviewer"]]
    )
    assert result.done == [c.pk for c in fresh]
    assert isinstance(result.failed[dismissed.pk], TransitionNotAllowed)
    assert Claim.objects.filter(state="assigned").count() == 2


def test_auto_assign_spreads_by_open_workload_skipping_the_unavailable(users):
    make_user("reviewer3", "Reviewer")
    away = make_user("away", "Reviewer")
    ReviewerProfile.objects.create(user=away, available=False)
    back = make_user("back", "Reviewer")  # away until yesterday: available again
    ReviewerProfile.objects.create(
        user=back, available=False, unavailable_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    # reviewer already has two open claims, reviewer2 one; reviewer3 and back none.
    for _ in range(2):
        AssignmentFactory(claim=ClaimFactory(state="assigned"), reviewer=users["reviewer"])
    AssignmentFactory(claim=ClaimFactory(state="assigned"), reviewer=users["reviewer2"])
    claims = [ClaimFactory(score=s) for s in (0.9, 0.8, 0.7, 0.6)]
    result = services.claims_auto_assign(claim_ids=[c.pk for c in claims], actor=users["editor"])
    got = {pk: u.username for pk, u in result.assigned.items()}
    # In queue order (score): lowest workload first, ties by user id (reviewer3 was created before back).
    assert [got[c.pk] for c in claims] == ["reviewer3", "back", "reviewer2", "reviewer3"]
    assert "away" not in got.values() and not result.skipped


def test_auto_assign_is_deterministic_and_skips_claims_not_new(users):
    assigned = ClaimFactory(state="assigned")
    new = ClaimFactory()
    result = services.claims_auto_assign(claim_ids=[assigned.pk, new.pk, 999999], actor=users["editor"])
    assert result.assigned[new.pk] == users["reviewer"]  # lowest id among idle reviewers
    assert "Assigned" in result.skipped[assigned.pk] and result.skipped[999999] == "no such claim"
    again = services.claims_auto_assign(claim_ids=[new.pk], actor=users["editor"])
    assert not again.assigned and new.pk in again.skipped


def test_auto_assign_with_nobody_available(users):
    for name in ("reviewer", "reviewer2"):
        ReviewerProfile.objects.create(user=users[name], available=False)
    claim = ClaimFactory()
    result = services.claims_auto_assign(claim_ids=[claim.pk], actor=users["editor"])
    assert result.skipped == {claim.pk: "no reviewer is available"}


def test_unassign_withdraws_and_clears_the_due_date(users, make_claim):
    claim = make_claim("in_review")
    services.claim_unassign(claim_id=claim.pk, actor=users["editor"], note="Reviewer is ill.")
    claim.refresh_from_db()
    assert claim.state == "new" and claim.due_at is None
    assert list(claim.assignments.values_list("state", flat=True)) == ["withdrawn"]
    assert claim.verdict.headline, "the draft is kept for the next reviewer"


def test_reassign_replaces_the_reviewers_and_keeps_the_due_date(users, make_claim):
    claim = make_claim("assigned")
    due = claim.due_at
    services.claim_reassign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer2"]])
    claim.refresh_from_db()
    assert claim.state == "assigned" and claim.due_at == due
    active = claim.assignments.filter(state=Assignment.State.ACTIVE)
    assert [(a.reviewer.username, a.role) for a in active] == [("reviewer2", "lead")]


def test_dismiss_needs_a_known_reason_and_other_needs_a_note(users):
    claim = ClaimFactory()
    with pytest.raises(ValidationFailed):
        services.claim_dismiss(claim_id=claim.pk, actor=users["editor"], reason="boring")
    with pytest.raises(ValidationFailed) as refused:
        services.claim_dismiss(claim_id=claim.pk, actor=users["editor"], reason="other")
    assert "note" in refused.value.errors
    services.claim_dismiss(claim_id=claim.pk, actor=users["editor"], reason="duplicate", note="Seen in #12")
    claim.refresh_from_db()
    assert (claim.state, claim.dismiss_reason) == ("dismissed", "duplicate")
    services.claim_reopen(claim_id=claim.pk, actor=users["editor"])
    claim.refresh_from_db()
    assert (claim.state, claim.dismiss_reason) == ("new", "")


def test_bulk_dismiss_and_priority(users, make_claim):
    claims = [ClaimFactory(), ClaimFactory(), make_claim("published")]
    ids = [c.pk for c in claims]
    result = services.claims_bulk_dismiss(claim_ids=ids, actor=users["editor"], reason="out_of_scope")
    assert result.done == ids[:2] and list(result.failed) == [ids[2]]
    result = services.claims_bulk_set_priority(claim_ids=ids, actor=users["editor"], priority=1)
    assert result.done == [] and len(result.failed) == 3  # dismissed and published claims keep their priority


def test_set_priority_keeps_the_due_date_and_refuses_nonsense(users, make_claim):
    claim = make_claim("assigned")
    due = claim.due_at
    services.claim_set_priority(claim_id=claim.pk, actor=users["editor"], priority=1)
    claim.refresh_from_db()
    assert (claim.priority, claim.due_at) == (1, due)
    with pytest.raises(ValidationFailed):
        services.claim_set_priority(claim_id=claim.pk, actor=users["editor"], priority=9)


def test_update_details_changes_only_type_and_speaker(users):
    claim = ClaimFactory(speaker="")
    services.claim_update_details(
        claim_id=claim.pk, actor=users["editor"], claim_type="prediction", speaker=" The minister "
    )
    claim.refresh_from_db()
    assert (claim.claim_type, claim.speaker, claim.version) == ("prediction", "The minister", 2)
    with pytest.raises(ValidationFailed):
        services.claim_update_details(claim_id=claim.pk, actor=users["editor"], claim_type="gossip")


@override_settings(FACTDESK={"DUE_DAYS_BY_PRIORITY": {"4": 30}})
def test_due_days_also_read_from_string_keys():
    start = timezone.now()
    assert services.due_from_priority(4, now=start) == start + datetime.timedelta(days=30)
