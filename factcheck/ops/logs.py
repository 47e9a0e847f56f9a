"""Request ids and structured logs.

``RequestIDMiddleware`` gives every request an id (the caller's ``X-Request-ID`` when it is a sane token,
else a new one), keeps it in a context variable for the duration of the request, returns it in the
``X-Request-ID`` response header and logs one line per request. ``RequestIDFilter`` adds it to every log
record as ``request_id``; ``JSONFormatter`` writes one JSON object per line, so a log shipper can index
``request_id``, ``status`` or ``duration_ms`` without parsing text.

The id crosses into Celery: ``connect_celery`` puts the current id in each task message's headers
(``before_task_publish``) and sets it around the task's run (``task_prerun``/``task_postrun``), so a
worker's log lines for that task carry the id of the request that enqueued it. A task no request started
(beat, a command) logs under its own task id; an eager task (the embedded default) under its request's.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a caller (a proxy or a client correlating its own logs): short, no spaces, no
# control characters, so it cannot forge extra log lines or fields.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
request_log = logging.getLogger("factcheck.request")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIDMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("x-request-id", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestIDFilter(logging.Filter):
    """Adds ``record.request_id`` ("-" outside a request), so formatters can always name it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


# Attributes every LogRecord has; anything else on a record was passed with ``extra=`` and is logged.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime", "request_id"}


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TASK_HEADER = "request_id"
_task_tokens: dict[str, contextvars.Token] = {}


def _on_publish(headers=None, **kwargs) -> None:
    request_id = request_id_var.get()
    if headers is not None and request_id != "-":
        headers.setdefault(TASK_HEADER, request_id)


def _on_prerun(task_id=None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    incoming = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    if not (isinstance(incoming, str) and _SANE_ID.match(incoming)):
        incoming = None
    if incoming is None and getattr(request, "is_eager", False) and request_id_var.get() != "-":
        return  # run in the caller's process: its id already applies
    _task_tokens[task_id] = request_id_var.set(incoming or str(task_id))


def _on_postrun(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)


def connect_celery() -> None:
    """Carry request ids through task messages (called once by ``factcheck.celery``)."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_on_publish, weak=False, dispatch_uid="factdesk-request-id-publish")
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="factdesk-request-id-prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="factdesk-request-id-postrun")
