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


class CountingCache:
    """The shared cache, counting the reads a page answer makes of it."""

    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def __getattr__(self, name):
        if name in ("get", "get_many"):
            self.reads += 1
        return getattr(self.cache, name)


def test_a_page_asked_again_within_the_local_time_costs_no_query_and_no_shared_cache_read(
    client, make_factcheck, django_assert_num_queries, monkeypatch
):
    from factcheck.publishing import http

    url = make_factcheck().get_absolute_url()
    first = client.get(url)
    counting = CountingCache(http.cache)
    monkeypatch.setattr(http, "cache", counting)

    def no_page_state(*args, **kwargs):
        raise AssertionError("a kept answer is served before any freshness, ETag or cache-key work")

    monkeypatch.setattr(http, "_PageState", no_page_state)
    with django_assert_num_queries(0):
        again = client.get(url)
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert counting.reads == 0
    assert again.status_code == 200 and again.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Language"):
        assert again[header] == first[header], header
    assert revalidated.status_code == 304 and revalidated.content == b"" and revalidated["ETag"] == first["ETag"]
    assert by_date.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    monkeypatch.undo()
    page_cache._local.clear()  # once it expires, the page is asked of the shared cache again
    counting = CountingCache(http.cache)
    monkeypatch.setattr(http, "cache", counting)
    assert client.get(url).content == first.content and counting.reads == 1


def test_the_local_answer_is_kept_per_address_and_language_and_never_for_a_signed_in_user(
    client, make_factcheck, users, settings
):
    # No SITE_URL: links then follow the host the reader used, so one host's page must never answer another.
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": ""}
    url = make_factcheck().get_absolute_url()
    client.get(url)
    client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    client.get(url, HTTP_HOST="localhost")
    kept = {(key[2], key[3], key[5]) for key in page_cache._local}
    assert {("testserver", url, "en"), ("testserver", url, "es"), ("localhost", url, "en")} <= kept
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert spanish["Content-Language"] == "es" and client.get(url)["Content-Language"] == "en"
    assert b"http://localhost/" in client.get(url, HTTP_HOST="localhost").content
    assert b"http://localhost/" not in client.get(url).content

    page_cache._local.clear()
    client.force_login(users["editor"])
    assert client.get(url).status_code == 200
    assert not page_cache._local  # a desk user's page (private, maybe with their controls) stays out of it
