"""Fixtures for the security suite: a clean cache, and the workflow tests' claim
factory (``make_claim(state)``: assigned to and drafted by ``users["reviewer"]``) shared, not copied."""

import pytest
from django.core.cache import cache

from tests.security.servers import first_hop_only, no_traffic_off_loopback, server  # noqa: F401 - fixtures
from tests.unit.workflows.conftest import make_claim, ratings  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Page caches, throttles and notification keys live in the cache; ids repeat across rolled-back tests."""
    from factcheck.publishing.cache import purge_factcheck

    cache.clear()
    purge_factcheck()
    yield
    cache.clear()
