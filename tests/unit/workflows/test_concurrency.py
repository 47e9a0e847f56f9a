"""Concurrent edits: one wins, the other gets a clear conflict, never a silent overwrite.

The sequential case runs everywhere. The threaded cases need row locks (``select_for_update``), which
only PostgreSQL has here, so they are integration tests with real transactions (``transaction=True``).
"""

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from factcheck.verdicts.models import Verdict
from workflows import services
from workflows.exceptions import StaleEdit, TransitionNotAllowed, WorkflowError


def _save(claim, users, ratings, headline, version):
    return services.verdict_save_draft(
        claim_id=claim.pk,
        actor=users["reviewer"],
        rating_id=ratings["false"].pk,
        headline=headline,
        summary="s",
        explanation="<p>e</p>",
        version=version,
    )


@pytest.mark.django_db
def test_two_saves_of_the_same_version_the_second_is_stale(users, make_claim, ratings):
    claim = make_claim("in_review")
    version = claim.verdict.version
    _save(claim, users, ratings, "first", version)
    with pytest.raises(StaleEdit, match="Someone saved this draft"):
        _save(claim, users, ratings, "second", version)
    assert Verdict.objects.get(claim=claim).headline == "first"


def _race(*calls):
    """Run the calls at the same moment in threads; each outcome is "ok" or the error's code."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except WorkflowError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _slowly(func, seconds=0.3):
    """Widen the window between the version check and the write, so an unlocked race would show."""

    def wrapper(*args, **kwargs):
        time.sleep(seconds)
        return func(*args, **kwargs)

    return wrapper


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_concurrent_draft_saves_one_wins_one_conflicts(users, make_claim, ratings):
    claim = make_claim("in_review")
    version = claim.verdict.version
    from workflows.services import review

    with mock.patch.object(review, "clean_html", _slowly(review.clean_html)):
        outcomes = _race(
            lambda: _save(claim, users, ratings, "from tab A", version),
            lambda: _save(claim, users, ratings, "from tab B", version),
        )
    assert outcomes == ["conflict", "ok"]
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.version == version + 1 and verdict.headline in {"from tab A", "from tab B"}
    assert AuditEvent.objects.filter(action="verdict.save_draft").count() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_concurrent_assignments_one_wins_one_is_refused(users, make_claim):
    claim = make_claim("new")
    from workflows.services import assignment

    with mock.patch.object(assignment, "_resolve_reviewers", _slowly(assignment._resolve_reviewers)):
        outcomes = _race(
            lambda: services.claim_assign(claim_id=claim.pk, actor=users["editor"], reviewers=[users["reviewer"]]),
            lambda: services.claim_assign(claim_id=claim.pk, actor=users["editor2"], reviewers=[users["reviewer2"]]),
        )
    assert outcomes == ["invalid_state", "ok"]
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.state == "assigned" and claim.version == 2 and claim.assignments.count() == 1
    assert TransitionNotAllowed.code == "invalid_state"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_at_once_one_approves_one_is_refused(users, make_claim):
    claim = make_claim("submitted")
    from workflows import permissions

    with mock.patch.object(permissions, "check", _slowly(permissions.check)):
        outcomes = _race(
            lambda: services.verdict_approve(claim_id=claim.pk, actor=users["editor"]),
            lambda: services.verdict_approve(claim_id=claim.pk, actor=users["editor2"]),
        )
    assert outcomes == ["invalid_state", "ok"]
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.state == "approved"
    approvals = AuditEvent.objects.filter(claim=claim, action="verdict.approve")
    assert approvals.count() == 1
    assert Verdict.objects.get(claim=claim).editor_id == approvals.get().actor_id
