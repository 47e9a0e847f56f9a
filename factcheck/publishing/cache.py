"""Invalidation of cached public pages.

Public pages are cached under keys that embed a generation number; purging bumps the generation, so
every process sees fresh pages at once without having to enumerate keys. The site purges when it hears
``factcheck.verdicts.signals.factcheck_changed``, sent on commit by the publish, correct and retract services
(connected in ``apps.PublishingConfig.ready``).
"""

import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "publishing:generation"


def _new_generation() -> int:
    """A generation no earlier one can equal: the clock in microseconds. The key may vanish (a cache restart,
    or eviction under ``allkeys-lru``) while pages cached under earlier generations live on; restarting at a
    fixed number could make one of those current again."""
    return time.time_ns() // 1000


def generation() -> int:
    """The current generation of public pages (index, feeds, sitemap and every fact-check page)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        value = cache.get(GENERATION_KEY, 0)  # 0: the cache is unreachable, so nothing is stored under it
    return value


# FACTDESK["PAGE_LOCAL_CACHE_SECONDS"] (0.5 by default; 0 turns it off): what this process last read from the
# shared cache for a page (generation, freshness, rendered page), reused for that many seconds without a round
# trip. A purge in this process drops it at once; other processes see the purge when their copy expires.
_local: OrderedDict[tuple, tuple[float, dict, bytes]] = OrderedDict()
_LOCAL_MAX = 512


def local_seconds() -> float:
    return float(settings.FACTDESK.get("PAGE_LOCAL_CACHE_SECONDS", 0) or 0)


def local_get(keys: tuple) -> tuple[dict, bytes] | None:
    entry = _local.get(keys)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1], entry[2]


def local_set(keys: tuple, found: dict, page: bytes) -> None:
    _local[keys] = (time.monotonic() + local_seconds(), found, page)
    _local.move_to_end(keys)
    while len(_local) > _LOCAL_MAX:
        _local.popitem(last=False)


def purge_factcheck(verdict_id: int | None = None) -> None:
    """Drop every cached public page. One fact-check changes the index, feeds and sitemap too."""
    _local.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def on_factcheck_changed(sender, *, verdict_id: int | None = None, **kwargs) -> None:
    """A fact-check was published, corrected or retracted (and committed): every public page may show it."""
    purge_factcheck(verdict_id)
