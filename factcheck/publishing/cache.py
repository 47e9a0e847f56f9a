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


# FACTDESK["PAGE_LOCAL_CACHE_SECONDS"] (0.5 by default; 0 turns it off): the finished answer this process last
# proved current for a reader's address (``http.public_page``: ETag, Last-Modified and the pickled page), served
# again for that many seconds without a round trip to the shared cache. A purge in this process drops it at once;
# other processes see the purge when their copy expires, so a correction reaches every reader within a second.
_local: OrderedDict[tuple, tuple[float, str | None, int | None, bytes]] = OrderedDict()
_LOCAL_MAX = 512


def local_seconds() -> float:
    return float(settings.FACTDESK.get("PAGE_LOCAL_CACHE_SECONDS", 0) or 0)


def local_get(key: tuple) -> tuple[str | None, int | None, bytes] | None:
    """(ETag, Last-Modified as a timestamp, pickled response) kept under ``key``, unless it has expired."""
    entry = _local.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1], entry[2], entry[3]


def local_set(key: tuple, etag: str | None, last_modified: int | None, page: bytes) -> None:
    """Keep an answer for ``PAGE_LOCAL_CACHE_SECONDS``; the oldest go first beyond ``_LOCAL_MAX`` addresses."""
    _local[key] = (time.monotonic() + local_seconds(), etag, last_modified, page)
    _local.move_to_end(key)
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
