"""Fixtures for the API tests: a client per desk role, ratings by slug, claims placed in any state."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck.claims import linking
from tests.factories import claim_in_state, make_user


@pytest.fixture(autouse=True)
def _fresh_state():
    """Throttle counters and notification keys live in the cache, and the matcher index in the process:
    ids repeat across rolled-back tests, so neither may carry over."""
    cache.clear()
    linking.reset_index()
    yield
    cache.clear()
    linking.reset_index()


@pytest.fixture
def ratings(rating_scale):
    return {r.slug: r for r in rating_scale.ratings.all()}


@pytest.fixture
def client_for(users):
    """``client_for("editor")``: an APIClient signed in as that user (None: anonymous)."""

    def make(who: str | None) -> APIClient:
        client = APIClient()
        if who == "norole":
            nobody = make_user("nobody", "Reviewer")
            nobody.groups.clear()
            client.force_authenticate(nobody)
        elif who is not None:
            client.force_authenticate(users[who])
        return client

    return make


@pytest.fixture
def editor(client_for):
    return client_for("editor")


@pytest.fixture
def reviewer(client_for):
    return client_for("reviewer")


@pytest.fixture
def make_claim(users, ratings):
    """``make_claim(state)``: a claim in ``state``, assigned to and drafted by ``users["reviewer"]``."""

    def make(state: str, **fields):
        return claim_in_state(
            state, reviewer=users["reviewer"], editor=users["editor"], rating=ratings["mostly-false"], **fields
        )

    return make
