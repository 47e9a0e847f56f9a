"""Counts the queue pages draw, made only as far as the page shows them: ``COUNT(*) FROM (... LIMIT n)``.

The queue's pager counts its view up to 10,000 claims, and the claim page asks whether 10,000 claims come
before the claim in its view. Each such count reads up to 10,000 rows (10-15 ms of PostgreSQL at 100,000
claims), and on a busy desk every editor's page view asked it again. A view that reached its limit keeps
reaching it for a while: a web process remembers that for ``REACHED_SECONDS`` and answers without the query.
A count below its limit is never remembered, so a short view's figures are always exact; the most a
remembered one can be wrong by is showing "10,000+" for half a minute after the view fell below 10,000.

The memo is per process (a dict with a lifetime, ``cachetools.TTLCache``), keyed by the database and the
view's exact SQL and parameters: nothing is shared between processes or goes through the fail-open cache, and
two views, or one view as two users with different visibility see it, never share an answer.
"""

from __future__ import annotations

import threading

from cachetools import TTLCache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

#: How long a web process takes "this view reaches its limit" as still true.
REACHED_SECONDS = 30
_reached: TTLCache = TTLCache(maxsize=512, ttl=REACHED_SECONDS)
_lock = threading.Lock()  # TTLCache is not thread-safe; a threaded server or worker shares the module


def count_up_to(rows: QuerySet, limit: int) -> int:
    """``min(rows.count(), limit)``, reading at most ``limit`` rows; a view that reached ``limit`` in this process
    within ``REACHED_SECONDS`` is answered without a query."""
    sliced = rows[:limit]
    key = _key(sliced)
    if key is None:
        return sliced.count()  # a view that can hold nothing (a filter on an empty list): Django answers 0 unasked
    with _lock:
        if key in _reached:
            return limit
    counted = sliced.count()
    if counted >= limit:
        with _lock:
            _reached[key] = True
    return counted


def _key(sliced: QuerySet) -> tuple | None:
    """The view as the database would be asked it; None for one that has no SQL (it can match nothing)."""
    try:
        sql, params = sliced.query.get_compiler(using=sliced.db).as_sql()
    except EmptyResultSet:
        return None
    return (sliced.db, sql, tuple(repr(param) for param in params))


def forget() -> None:
    """Drop every remembered count (tests: ids and views repeat across rolled-back tests)."""
    with _lock:
        _reached.clear()
