"""Fixtures for the notification tests: loopback allowed (the receiver runs on 127.0.0.1), quick retries,
and an endpoint registered through the service."""

import pytest
from django.core.cache import cache

from factcheck.notify import events, services
from tests.factories import claim_in_state

from .receiver import receiver


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def notify_settings(settings):
    """Loopback allowed for the local receiver only; small numbers so tests see retries and disabling."""
    settings.FACTDESK = {
        **settings.FACTDESK,
        "ALLOW_LOOPBACK_FETCH": True,
        "WEBHOOK_TIMEOUT": 2.0,
        "WEBHOOK_MAX_ATTEMPTS": 3,
        "WEBHOOK_BACKOFF_SECONDS": 10,
        "WEBHOOK_BACKOFF_MAX_SECONDS": 3600,
        "WEBHOOK_DISABLE_AFTER": 5,
    }
    return settings.FACTDESK


@pytest.fixture
def local_receiver(notify_settings):
    with receiver() as state:
        yield state


@pytest.fixture
def register(users, notify_settings):
    """``register(url, events=None)`` → ``services.Registered`` (by the editor, all fact-check events)."""

    def make(url: str, chosen=None):
        return services.endpoint_register(
            actor=users["editor"], url=url, events=chosen or [events.PUBLISHED, events.CORRECTED, events.RETRACTED]
        )

    return make


@pytest.fixture
def ratings(rating_scale):
    return {r.slug: r for r in rating_scale.ratings.all()}


@pytest.fixture
def make_claim(users, ratings):
    def make(state: str, **fields):
        return claim_in_state(
            state, reviewer=users["reviewer"], editor=users["editor"], rating=ratings["mostly-false"], **fields
        )

    return make
