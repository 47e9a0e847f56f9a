"""Two probes, JSON, never cached by HTTP, no login (they name no secret, only component states).

``/healthz`` (alive; for the load balancer, which probes often): the database only, one ``SELECT 1``::

    {"status": "ok" | "down", "database": {"status": "ok" | "down", ...}}

200 while the database answers (the source of truth: with the broker or the workers away, writes are still
stored and the sweeper enqueues them later), 503 when it does not, so the instance is taken out. It never
waits on Redis or the workers: a probe must not hold a web worker.

``/readyz`` (ready; for monitoring and deploys): the database, the broker and a worker seen recently::

    {"status": "ok" | "degraded" | "down", "database": {...},
     "broker": {"status": "ok" | "unavailable" | "eager", ...},
     "worker": {"status": "ok" | "unavailable" | "eager" | "unknown", "workers": N, "age_s": ...}}

200 only when everything is ok (or "eager": no broker configured, tasks run in the web process, the
embedded default), else 503. The broker and worker part is asked at most once per
``FACTDESK["HEALTH_CACHE_SECONDS"]`` and shared through the cache, so parallel probes cost one ping;
within one process a lock makes concurrent probes wait for that one answer. The ping stops at the first
worker's reply and is bounded by ``FACTDESK["HEALTH_TIMEOUT"]`` seconds, as is the broker connect.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def _timeout() -> float:
    return float(settings.FACTDESK.get("HEALTH_TIMEOUT", 1.0))


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the class name says which
        log.warning("health: database check failed: %s", exc.__class__.__name__)
        return {"status": "down", "error": exc.__class__.__name__, "ms": _ms(started)}
    return {"status": "ok", "vendor": connections["default"].vendor, "ms": _ms(started)}


def _celery_app():
    """The project's Celery app, as the current app: ``factcheck.celery`` builds it (and wires this package's
    logging into it), so ops asks Celery for it rather than importing the module that imports ops."""
    return current_app._get_current_object()


def check_broker() -> dict:
    app = _celery_app()
    if app.conf.task_always_eager:
        return {"status": "eager", "detail": "No broker configured: tasks run in the web process."}
    started = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=_timeout())
    except Exception as exc:  # noqa: BLE001
        log.warning("health: broker check failed: %s", exc.__class__.__name__)
        return {"status": "unavailable", "error": exc.__class__.__name__, "ms": _ms(started)}
    return {"status": "ok", "transport": app.conf.broker_url.split(":", 1)[0], "ms": _ms(started)}


def check_workers(broker: dict) -> dict:
    if broker["status"] == "eager":
        return {"status": "eager", "workers": 0, "detail": "Tasks run in the web process."}
    if broker["status"] != "ok":
        return {"status": "unknown", "workers": 0, "detail": "The broker is unavailable, so workers cannot be asked."}
    started = time.monotonic()
    try:
        # limit=1: done at the first reply instead of always waiting out the timeout.
        replies = _celery_app().control.ping(timeout=_timeout(), limit=1)
    except Exception as exc:  # noqa: BLE001
        log.warning("health: worker ping failed: %s", exc.__class__.__name__)
        return {"status": "unavailable", "workers": 0, "error": exc.__class__.__name__, "ms": _ms(started)}
    count = len(replies or [])
    return {"status": "ok" if count else "unavailable", "workers": count, "ms": _ms(started)}


READY_CACHE_KEY = "factdesk:ops:readiness"
_lock = threading.Lock()
_memo: dict = {}


def _cache_seconds() -> float:
    return float(settings.FACTDESK.get("HEALTH_CACHE_SECONDS", 5))


def forget_readiness() -> None:
    """Drop this process's remembered answer (tests; the shared cache entry expires by itself)."""
    _memo.clear()


def _fresh(report: dict | None) -> dict | None:
    if report and time.time() - report["checked_at"] < _cache_seconds():
        return report
    return None


def dependencies() -> dict:
    """The broker and worker checks, asked at most once per cache window across processes and threads."""
    found = _fresh(_memo.get("report")) or _fresh(cache.get(READY_CACHE_KEY))
    if found is None:
        with _lock:  # threads of this process wait for one answer rather than each pinging
            found = _fresh(_memo.get("report")) or _fresh(cache.get(READY_CACHE_KEY))
            if found is None:
                broker = check_broker()
                found = {"broker": broker, "worker": check_workers(broker), "checked_at": time.time()}
                cache.set(READY_CACHE_KEY, found, timeout=max(1, int(_cache_seconds() * 4)))
        _memo["report"] = found
    age = round(time.time() - found["checked_at"], 1)
    return {"broker": found["broker"], "worker": {**found["worker"], "age_s": age}}


def liveness_report() -> tuple[dict, int]:
    database = check_database()
    ok = database["status"] == "ok"
    return {"status": "ok" if ok else "down", "database": database}, 200 if ok else 503


def readiness_report() -> tuple[dict, int]:
    database = check_database()
    parts = dependencies()
    broker, worker = parts["broker"], parts["worker"]
    if database["status"] != "ok":
        status = "down"
    elif broker["status"] in ("ok", "eager") and worker["status"] in ("ok", "eager"):
        status = "ok"
    else:
        status = "degraded"
    report = {"status": status, "database": database, "broker": broker, "worker": worker}
    return report, 200 if status == "ok" else 503


@never_cache
@require_safe
def healthz(request):
    report, code = liveness_report()
    return JsonResponse(report, status=code)


@never_cache
@require_safe
def readyz(request):
    report, code = readiness_report()
    return JsonResponse(report, status=code)
