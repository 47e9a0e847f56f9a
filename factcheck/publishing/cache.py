"""Invalidation of cached public pages.

Public pages are cached under keys that embed a generation number; purging bumps the generation, so
every process sees fresh pages at once without having to enumerate keys. Called on commit by the
publish, correct and retract services.
"""
from django.core.cache import cache

GENERATION_KEY = "publishing:generation"


def generation() -> int:
    """The current generation of public pages (index, feeds, sitemap and every fact-check page)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge_factcheck(verdict_id: int | None = None) -> None:
    """Drop every cached public page. One fact-check changes the index, feeds and sitemap too."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
