"""Reads: the queue order, overdue, workloads, the dashboard's numbers (median time to approval from the
audit log, the ratings distribution) and what a reviewer may read."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from factcheck.claims.models import Claim
from tests.factories import AssignmentFactory, ClaimFactory
from workflows import selectors, services

pytestmark = pytest.mark.django_db


def test_queue_order_and_overdue(users):
    now = timezone.now()
    a = ClaimFactory(priority=2, score=0.6)
    b = ClaimFactory(priority=1, score=0.4)
    c = ClaimFactory(priority=2, score=0.9)
    assert list(selectors.claim_queue()) == [b, c, a]
    assert list(selectors.claim_queue(states=["dismissed"])) == []
    late = ClaimFactory(state="in_review", due_at=now - datetime.timedelta(minutes=1))
    ClaimFactory(state="submitted", due_at=now - datetime.timedelta(days=1))  # with the editors now: not overdue
    ClaimFactory(state="assigned", due_at=now + datetime.timedelta(days=1))
    assert list(selectors.overdue_claims()) == [late] and late.is_overdue


def test_workloads_count_open_and_overdue(users):
    now = timezone.now()
    AssignmentFactory(
        claim=ClaimFactory(state="assigned", due_at=now - datetime.timedelta(hours=1)), reviewer=users["reviewer"]
    )
    AssignmentFactory(claim=ClaimFactory(state="assigned"), reviewer=users["reviewer"])
    AssignmentFactory(claim=ClaimFactory(state="assigned"), reviewer=users["reviewer2"], state="withdrawn")
    assert selectors.reviewer_workloads() == [
        {"reviewer_id": users["reviewer"].pk, "username": "reviewer", "open": 2, "overdue": 1}
    ]


def test_median_time_from_assignment_to_approval(users, make_claim):
    start = timezone.now() - datetime.timedelta(days=10)
    for hours in (10, 20, 60):
        claim = ClaimFactory()
        with mock.patch("django.utils.timezone.now", return_value=start):
            services.claim_assign(
                claim_id=claim.pk,
                actor=users["editor"],
                reviewers=[users["reviewer2"]],
                due_at=start + datetime.timedelta(days=30),
            )
        Claim.objects.filter(pk=claim.pk).update(state="submitted")
        claim.refresh_from_db()
        from tests.factories import VerdictFactory

        VerdictFactory(claim=claim, author=users["reviewer2"])
        with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(hours=hours)):
            services.verdict_approve(claim_id=claim.pk, actor=users["editor"])
    assert selectors.median_assignment_to_approval() == datetime.timedelta(hours=20)


def test_dashboard_stats_and_ratings_distribution(users, make_claim, ratings):
    make_claim("approved")
    published = make_claim("published")
    published.verdict.published_rating = {**published.verdict.published_rating, "label": "As published"}
    published.verdict.save()
    make_claim("new")
    stats = selectors.dashboard_stats()
    assert stats["total"] == 3
    assert {r["label"]: r["count"] for r in stats["ratings"]} == {"Mostly false": 1, "As published": 1}
    assert [row["state"] for row in stats["counts_by_state"]][0] == "new"


def test_visible_verdicts_for_reviewers(users, make_claim):
    mine = make_claim("in_review")
    public = make_claim("published")
    AssignmentFactory(claim=public, reviewer=users["reviewer"], state="completed")
    theirs = make_claim("submitted")
    AssignmentFactory(claim=theirs, reviewer=users["reviewer2"], role="second")
    assert set(selectors.visible_verdicts(users["reviewer2"]).values_list("claim_id", flat=True)) == {
        public.pk,
        theirs.pk,
    }
    assert selectors.visible_verdicts(users["editor"]).count() == 3
    assert selectors.verdict_for(users["reviewer"], mine) == mine.verdict


def test_available_reviewers_respect_profiles(users):
    from workflows.models import ReviewerProfile

    ReviewerProfile.objects.create(
        user=users["reviewer"], available=True, unavailable_until=timezone.localdate() + datetime.timedelta(days=2)
    )
    assert list(selectors.available_reviewers()) == [users["reviewer2"]]


@pytest.mark.parametrize(
    ("overrides", "ids"),
    [
        ({}, []),
        ({"SIGNOFF_POLICY": "committee"}, ["workflows.E001"]),
        ({"PANEL_SIZE": 0}, ["workflows.E002"]),
        ({"DUE_DAYS_BY_PRIORITY": {1: 1}}, ["workflows.E003"]),
    ],
)
def test_settings_checks(overrides, ids):
    from django.conf import settings
    from django.test import override_settings

    from workflows.checks import check_workflow_settings

    with override_settings(FACTDESK={**settings.FACTDESK, **overrides}):
        assert [e.id for e in check_workflow_settings()] == ids
