"""``/healthz``: is this instance able to serve, and can it hand work to the workers?

JSON, never cached, no login (it names no secret, only component states)::

    {"status": "ok" | "degraded" | "down",
     "database": {"status": "ok" | "down", ...},
     "broker":   {"status": "ok" | "unavailable" | "eager", ...},
     "worker":   {"status": "ok" | "unavailable" | "eager" | "unknown", "workers": N, ...}}

HTTP 200 while the database answers (the source of truth: with the broker or the workers away, writes are
still stored and the sweeper enqueues them later), 503 when it does not, so a load balancer takes the
instance out. "eager" means no broker is configured and tasks run in the web process (the embedded
default). Each probe is bounded by ``FACTDESK["HEALTH_TIMEOUT"]`` seconds.
"""
from __future__ import annotations

import logging
import time

from django.conf import settings
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
    from factcheck.celery import app

    return app


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
        replies = _celery_app().control.ping(timeout=_timeout())
    except Exception as exc:  # noqa: BLE001
        log.warning("health: worker ping failed: %s", exc.__class__.__name__)
        return {"status": "unavailable", "workers": 0, "error": exc.__class__.__name__, "ms": _ms(started)}
    count = len(replies or [])
    return {"status": "ok" if count else "unavailable", "workers": count, "ms": _ms(started)}


def health_report() -> tuple[dict, int]:
    database = check_database()
    broker = check_broker()
    worker = check_workers(broker)
    if database["status"] != "ok":
        status = "down"
    elif broker["status"] in ("ok", "eager") and worker["status"] in ("ok", "eager"):
        status = "ok"
    else:
        status = "degraded"
    report = {"status": status, "database": database, "broker": broker, "worker": worker}
    return report, 200 if database["status"] == "ok" else 503


@never_cache
@require_safe
def healthz(request):
    report, code = health_report()
    return JsonResponse(report, status=code)
