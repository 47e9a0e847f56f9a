"""A correction is on every reader's screen within a second of its commit, although each web process keeps
the pages it just served for a moment without asking the shared cache (``PAGE_LOCAL_CACHE_SECONDS``, on by
default because that round trip was a third of a cached page's cost)."""

import time
from types import SimpleNamespace

import pytest
from django.conf import settings

from factcheck.publishing import cache as page_cache
from factcheck.verdicts.models import Verdict
from tests.factories import claim_in_state
from workflows import services

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_the_local_page_cache_is_on_by_default_and_shorter_than_a_second():
    assert 0 < settings.FACTDESK["PAGE_LOCAL_CACHE_SECONDS"] < 1


def test_a_correction_committed_in_another_process_reaches_readers_here_within_a_second(
    client, users, rating_scale, committed, monkeypatch
):
    clock = Clock()
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(monotonic=clock.monotonic, time_ns=time.time_ns))
    page_cache.purge_factcheck()
    rating = rating_scale.ratings.get(slug="false")
    claim = claim_in_state("published", reviewer=users["reviewer"], editor=users["editor"], rating=rating)
    url = Verdict.objects.get(claim=claim).get_absolute_url()
    before = f"Claim {claim.pk} checked".encode()
    assert before in client.get(url).content
    assert before in client.get(url).content  # now also kept in this process

    kept = dict(page_cache._local)  # what this process holds; a purge made elsewhere does not clear it
    with committed():
        services.factcheck_correct(
            claim_id=claim.pk,
            actor=users["editor"],
            note="The ministry revised it.",
            what_changed="Headline",
            headline="The clinic treated fewer patients",
        )
    page_cache._local.update(kept)
    assert before in client.get(url).content  # the moment this process may lag behind the shared cache

    clock.now += settings.FACTDESK["PAGE_LOCAL_CACHE_SECONDS"] + 0.001
    page = client.get(url).content
    assert b"The clinic treated fewer patients" in page and before not in page
    page_cache.purge_factcheck()
