"""What an anonymous reader can make the public site spend: memory, queries and cache space.

* Lists and pages never load an article's text (megabytes per article, never shown publicly): the SQL of
  every public endpoint selects neither ``raw_text`` nor ``cleaned_text``.
* ``claimreview.json`` and the sitemap come in pages (a DataFeed with next/previous links; a sitemap
  index over paginated sections), so no single answer grows with the archive.
* The page cache keeps one entry per page a reader can actually get: query noise (``utm_*``), invalid or
  out-of-range pages, unknown filter values and searches add nothing to it.
* The cache can live in its own Redis (``REDIS_CACHE_URL``), apart from the Celery broker.
"""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
import sys
import textwrap
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.publishing import sitemaps, views
from factcheck.publishing.cache import purge_factcheck
from tests.conftest import REPO
from tests.unit.publishing.conftest import published_factcheck

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BIG_TEXT = "The minister said the clinic treated 500 patients last year. " * 4000  # about 250 kB


@pytest.fixture
def factchecks(rating_scale):
    """Five live fact-checks, all from one large article (as when a long report yields many claims)."""
    from tests.factories import ArticleFactory

    rating = rating_scale.ratings.get(slug="false")
    article = ArticleFactory(raw_text=BIG_TEXT, cleaned_text=BIG_TEXT)
    made = []
    for i in range(5):
        verdict = published_factcheck(rating=rating, headline=f"Clinic figure {i} is wrong", evidence=1)
        verdict.claim.article = article
        verdict.claim.save(update_fields=["article"])
        made.append(verdict)
    return made


def _sql(client, url: str, **params) -> list[str]:
    purge_factcheck()  # uncached: the cost a cold cache (or a new generation) pays
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in ctx.captured_queries]


ENDPOINTS = [
    ("/api/v1/fact-checks/", {"page_size": "100"}),
    ("/fact-checks/claimreview.json", {}),
    ("/fact-checks/feed/rss/", {}),
    ("/fact-checks/feed/atom/", {}),
    ("/sitemap.xml", {}),
    ("/sitemap-factchecks.xml", {}),
    ("/fact-checks/", {}),
    ("/fact-checks/", {"q": "clinic"}),
    ("/fact-checks/", {"rating": "false"}),
]


@pytest.mark.parametrize(("url", "params"), ENDPOINTS, ids=[u + str(p) for u, p in ENDPOINTS])
def test_public_lists_never_select_article_text(client, factchecks, url, params):
    statements = _sql(client, url, **params)
    assert statements
    for sql in statements:
        assert "raw_text" not in sql and "cleaned_text" not in sql, sql


def test_public_pages_never_select_article_text(client, factchecks):
    verdict = factchecks[0]
    for url in (verdict.get_absolute_url(), f"/api/v1/fact-checks/{verdict.slug}/"):
        for sql in _sql(client, url):
            assert "raw_text" not in sql and "cleaned_text" not in sql, sql


# --- paging -------------------------------------------------------------------------------------------


def test_claimreview_feed_comes_in_pages_with_links(client, factchecks, monkeypatch):
    monkeypatch.setattr(views, "CLAIMREVIEW_PAGE_SIZE", 2)
    seen, url, pages = [], "/fact-checks/claimreview.json", []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        feed = json.loads(response.content)
        assert feed["@type"] == "DataFeed"
        pages.append(feed)
        seen += [r["url"] for r in feed["dataFeedElement"]]
        url = feed.get("next")
        if url:
            assert f'<{url}>; rel="next"' in response["Link"]
            parts = urlsplit(url)
            url = f"{parts.path}?{parts.query}"
    assert len(pages) == 3 and [len(p["dataFeedElement"]) for p in pages] == [2, 2, 1]
    assert len(seen) == len(set(seen)) == 5
    assert "previous" not in pages[0] and pages[0]["url"].endswith("/fact-checks/claimreview.json")
    assert pages[1]["previous"].endswith("/fact-checks/claimreview.json"), "page 1 keeps its address"
    assert pages[2]["previous"].endswith("/fact-checks/claimreview.json?page=2")
    for bad in ("4", "0", "-1", "abc", "1e3"):
        response = client.get("/fact-checks/claimreview.json", {"page": bad})
        assert response.status_code == 404
        assert "pages run from 1 to 3" in json.loads(response.content)["detail"]


def test_sitemap_index_lists_every_page_of_every_section(client, factchecks, monkeypatch):
    monkeypatch.setattr(sitemaps.FactCheckSitemap, "limit", 2)
    index = client.get("/sitemap.xml")
    root = ElementTree.fromstring(index.content)  # noqa: S314 - our own output
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    locs = [e.text for e in root.iter(f"{SITEMAP_NS}loc")]
    factcheck_pages = [loc for loc in locs if "sitemap-factchecks.xml" in loc]
    assert len(factcheck_pages) == 3 and len(locs) == 4, locs
    listed = []
    for loc in locs:
        parts = urlsplit(loc)
        response = client.get(parts.path, dict(p.split("=", 1) for p in parts.query.split("&") if p))
        assert response.status_code == 200
        listed += [e.text for e in ElementTree.fromstring(response.content).iter(f"{SITEMAP_NS}loc")]  # noqa: S314
    for verdict in factchecks:
        assert sum(loc.endswith(verdict.get_absolute_url()) for loc in listed) == 1
    assert client.get("/sitemap-factchecks.xml", {"p": "9"}).status_code == 404


# --- the page cache -----------------------------------------------------------------------------------


@pytest.fixture
def counted_cache(settings):
    """A private in-memory cache whose entries can be counted."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-cost-test"}
    }
    cache = caches["default"]
    cache.clear()
    yield lambda: len(cache._cache)
    cache.clear()


def _noise(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(1, 12)))


@pytest.mark.parametrize(
    "url",
    ["/fact-checks/", "/fact-checks/claimreview.json", "/sitemap-factchecks.xml", "/fact-checks/feed/rss/", "detail"],
)
def test_random_query_strings_add_a_bounded_number_of_cache_entries(client, factchecks, counted_cache, url):
    url = factchecks[0].get_absolute_url() if url == "detail" else url
    page_param = "p" if "sitemap" in url else "page"
    assert client.get(url).status_code == 200
    warm = counted_cache()
    rng = random.Random(7)
    for i in range(100):
        value = str(rng.randint(-10, 10**9)) if i % 2 else _noise(rng)
        client.get(url, {page_param: value})
        client.get(url, {f"utm_{_noise(rng)}": _noise(rng)})
        client.get(url, {"q": _noise(rng)})
        client.get(url, {"rating": _noise(rng), "speaker": _noise(rng), "type": _noise(rng)})
    assert counted_cache() - warm <= 2, f"{url}: {counted_cache() - warm} new cache entries"


def test_searches_are_not_served_from_the_page_cache(client, factchecks, counted_cache):
    client.get("/fact-checks/", {"q": "clinic"})
    entries = counted_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/", {"q": "clinic"})
    assert response.status_code == 200 and b"Clinic figure 0 is wrong" in response.content
    assert len(ctx.captured_queries) > 0, "a search is answered from the database, not the page cache"
    assert counted_cache() == entries


def test_valid_pages_and_filters_are_still_cached(client, rating_scale, counted_cache, django_assert_num_queries):
    rating = rating_scale.ratings.get(slug="false")
    for i in range(25):
        published_factcheck(rating=rating, headline=f"Fact-check {i}", evidence=0, speaker="Jane Minister")
    for params in ({"page": "2"}, {"rating": "false"}, {"speaker": "Jane Minister", "page": "2"}):
        assert client.get("/fact-checks/", params).status_code == 200
        with django_assert_num_queries(0):
            assert client.get("/fact-checks/", params).status_code == 200
    # Parameter order and repeats do not make new entries: the key is built from the values the page used.
    entries = counted_cache()
    client.get("/fact-checks/?page=2&speaker=Jane+Minister&utm_source=x")
    client.get("/fact-checks/?speaker=Jane+Minister&page=02")
    assert counted_cache() == entries


# --- a separate Redis for the cache -------------------------------------------------------------------

PROBE = textwrap.dedent("""
    import json, django
    django.setup()
    from django.conf import settings as s
    print(json.dumps({"cache": s.CACHES["default"].get("LOCATION"), "broker": s.CELERY_BROKER_URL}))
""")


def _probe(env: dict) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "REDIS_CACHE_URL", "CELERY_BROKER_URL")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**base, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # Django in a subprocess against Redis: not in `make test-fast`
def test_the_cache_can_have_its_own_redis():
    both = _probe({"REDIS_URL": "redis://queue.internal:6379/0", "REDIS_CACHE_URL": "redis://cache.internal:6379/0"})
    assert both == {"cache": "redis://cache.internal:6379/0", "broker": "redis://queue.internal:6379/0"}
    shared = _probe({"REDIS_URL": "redis://queue.internal:6379/0"})
    assert shared == {"cache": "redis://queue.internal:6379/0", "broker": "redis://queue.internal:6379/0"}


def test_an_evicted_generation_never_revives_old_pages(client, factchecks, counted_cache):
    """Under allkeys-lru the generation key itself may be evicted; the next one must not repeat an earlier
    generation, or pages cached under it (possibly from before a purge) would be served again."""
    from factcheck.publishing.cache import GENERATION_KEY, generation
    from factcheck.verdicts.models import Verdict

    verdict = factchecks[0]
    caches["default"].delete(GENERATION_KEY)
    first = generation()
    assert b"Clinic figure 0 is wrong" in client.get(verdict.get_absolute_url()).content
    Verdict.objects.filter(pk=verdict.pk).update(headline="Corrected figure")
    purge_factcheck(verdict.pk)
    assert b"Corrected figure" in client.get(verdict.get_absolute_url()).content
    caches["default"].delete(GENERATION_KEY)  # evicted
    assert generation() != first
    assert b"Corrected figure" in client.get(verdict.get_absolute_url()).content
