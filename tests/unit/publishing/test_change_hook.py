"""The public site reacts to publish / correct / retract through a hook it registers, on commit.

The services send ``factcheck.verdicts.signals.factcheck_changed`` once the change commits (never for one
that rolls back); the site connected ``cache.on_factcheck_changed`` in its ``ready``. The workflow imports
nothing of the site (``tests/unit/test_layers.py``).
"""

import pytest
from django.db import transaction

from factcheck.publishing.cache import generation
from factcheck.verdicts.models import Verdict
from factcheck.verdicts.signals import factcheck_changed
from tests.factories import claim_in_state
from workflows import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """What ``factcheck_changed`` said, in order, while the test runs."""
    said = []

    def listen(sender, **kwargs):
        said.append((sender, kwargs["verdict_id"], kwargs["change"]))

    factcheck_changed.connect(listen, dispatch_uid="test.listen")
    yield said
    factcheck_changed.disconnect(dispatch_uid="test.listen")


@pytest.fixture
def approved(users, ratings):
    return claim_in_state(
        "approved", reviewer=users["reviewer"], editor=users["editor"], rating=ratings["mostly-false"]
    )


def test_publish_correct_and_retract_are_told_once_each_after_commit(
    approved, users, ratings, heard, django_capture_on_commit_callbacks
):
    editor, verdict_id = users["editor"], approved.verdict.pk
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.factcheck_publish(claim_id=approved.pk, actor=editor)
    assert heard == [], "nothing is told before the transaction commits"
    for callback in pending:
        callback()
    assert heard == [(Verdict, verdict_id, "publish")]

    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_correct(
            claim_id=approved.pk,
            actor=editor,
            what_changed="The rating",
            note="A second source.",
            new_rating_id=ratings["false"].pk,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_retract(claim_id=approved.pk, actor=editor, reason="The source was fabricated.")
    assert [change for _, _, change in heard] == ["publish", "correct", "retract"]


def test_a_publish_that_rolls_back_is_never_told(approved, users, heard, django_capture_on_commit_callbacks):
    class Abandon(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandon), transaction.atomic():
        services.factcheck_publish(claim_id=approved.pk, actor=users["editor"])
        raise Abandon
    assert heard == []


def test_the_public_site_purges_its_pages_when_it_hears_of_a_change():
    before = generation()
    factcheck_changed.send(sender=Verdict, verdict_id=1, change="correct")
    assert generation() > before, "the site's receiver is connected at start and bumps the page generation"
