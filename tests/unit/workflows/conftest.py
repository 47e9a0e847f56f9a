"""Fixtures for the workflow tests: a desk of users, ratings, claims placed in any state, and one
``perform`` that calls the right service for an action name with sensible arguments."""

import pytest
from django.core.cache import cache

from factcheck.verdicts.models import Verdict
from tests.factories import claim_in_state
from workflows import registry


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Notification dedupe keys live in the cache; ids repeat across rolled-back tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ratings(rating_scale):
    """The default scale's ratings by slug."""
    return {r.slug: r for r in rating_scale.ratings.all()}


@pytest.fixture
def make_claim(users, ratings):
    """``make_claim(state)``: a claim in ``state``, assigned to and drafted by ``users["reviewer"]``."""

    def make(state: str, **fields):
        return claim_in_state(
            state, reviewer=users["reviewer"], editor=users["editor"], rating=ratings["mostly-false"], **fields
        )

    return make


@pytest.fixture
def perform(users, ratings):
    """``perform(action, claim, actor, **overrides)`` → the service's return value: the registry's service
    for the action (``workflows.registry``), with sensible arguments."""

    def run(action: str, claim, actor, **overrides):
        sample = {
            "dismiss": {"reason": "not_check_worthy"},
            "assign": {"reviewers": [users["reviewer2"]]},
            "reassign": {"reviewers": [users["reviewer2"]]},
            "vote": {"rating_id": ratings["false"].pk},
            "return": {"note": "Check the second source."},
            "correct": {"what_changed": "Figure", "note": "We fixed a figure.", "summary": "The corrected figure."},
            "retract": {"reason": "The source was fabricated."},
            "set_priority": {"priority": 1},
            "edit": {"speaker": "The minister"},
            "draft": {"rating_id": ratings["false"].pk, "headline": "H", "summary": "S", "explanation": "<p>E</p>"},
            "evidence": {"url": "https://example.org/x", "title": "X", "stance": "refutes"},
        }.get(action, {})
        if action == "draft" and "version" not in overrides:
            verdict = Verdict.objects.filter(claim=claim).first()
            overrides["version"] = verdict.version if verdict else 1
        return registry.ACTIONS[action].run(claim_id=claim.pk, actor=actor, **{**sample, **overrides})

    return run


@pytest.fixture
def as_user(client, users):
    """``as_user("editor")``: the test client, signed in as that desk user."""

    def login(name):
        client.force_login(users[name])
        return client

    return login
