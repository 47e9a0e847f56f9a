import pytest


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(db, users, rating_scale):
    """A published fact-check readers can report an error in."""
    from tests.factories import claim_in_state

    rating = rating_scale.ratings.get(slug="mostly-false")
    claim = claim_in_state("published", reviewer=users["reviewer"], editor=users["editor2"], rating=rating)
    return claim.verdict
