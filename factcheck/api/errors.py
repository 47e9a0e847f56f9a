"""One error body everywhere: ``{"code": <machine-readable>, "detail": <for people>, ...}``.

Codes are stable English identifiers; details are in the request's language (``Accept-Language``, chosen
by Django's ``LocaleMiddleware``): workflow refusals are worded when raised, inside the request.

DRF's own errors, workflow refusals and ingest refusals all pass through ``exception_handler`` so a client
needs one parser. Field errors ride along under ``fields``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.inputs import IngestError
from workflows.exceptions import WorkflowError

WORKFLOW_STATUS = {
    "invalid_state": status.HTTP_409_CONFLICT,
    "conflict": status.HTTP_409_CONFLICT,
    "forbidden": status.HTTP_403_FORBIDDEN,
    "invalid": status.HTTP_400_BAD_REQUEST,
    "not_found": status.HTTP_404_NOT_FOUND,
}
INGEST_STATUS = {"too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "forbidden": status.HTTP_403_FORBIDDEN}


def error_body(code: str, detail: str, **extra) -> dict:
    return {"code": code, "detail": detail, **{k: v for k, v in extra.items() if v not in (None, {}, [])}}


def _flatten_fields(detail, path: str = "") -> dict[str, list[str]]:
    """DRF's error detail, nested as the input was, as ``{dotted path: [messages]}``: an item of a list is
    named by its index (``claims.1``), a field of a nested object by its name (``items.0.url``); errors of
    the body as a whole are ``non_field_errors``. Messages are plain strings, never ``ErrorDetail`` reprs."""
    name = path or "non_field_errors"
    if isinstance(detail, Mapping):
        fields: dict[str, list[str]] = {}
        for key, value in detail.items():
            fields.update(_flatten_fields(value, f"{path}.{key}" if path else str(key)))
        return fields
    if isinstance(detail, list | tuple):
        fields = {}
        messages = [str(item) for item in detail if not isinstance(item, Mapping | list | tuple)]
        if messages:
            fields[name] = messages
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list | tuple) and item:
                fields.update(_flatten_fields(item, f"{path}.{index}" if path else str(index)))
        return fields
    return {name: [str(detail)]}


def _sentence(detail) -> str:
    """A detail for people, whatever shape the exception carried it in."""
    if isinstance(detail, str):
        return str(detail)
    return " ".join(message for messages in _flatten_fields(detail).values() for message in messages)


def exception_handler(exc, context):
    if isinstance(exc, WorkflowError):
        extra = exc.as_dict()
        extra.pop("message", None)
        extra.pop("code", None)
        fields = extra.pop("errors", None)
        # A stale draft save carries the draft as saved now, for the client to merge (factcheck.api.verdicts).
        extra["current_draft"] = getattr(exc, "current_draft", None)
        return Response(
            error_body(exc.code, exc.message, fields=_flatten_fields(fields) if fields else None, **extra),
            status=WORKFLOW_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST),
        )
    if isinstance(exc, IngestError):
        return Response(error_body(exc.code, exc.message), status=INGEST_STATUS.get(exc.code, 400))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            "invalid", gettext("The request has invalid fields."), fields=_flatten_fields(exc.detail)
        )
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response.data = error_body(code, _sentence(exc.detail), wait=getattr(exc, "wait", None))
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/v1/ (and ids too long to be ids): a JSON 404 like every other error.

    CSRF-exempt because it changes nothing, and a POST to a wrong URL deserves a 404, not a CSRF page."""

    return JsonResponse(error_body("not_found", gettext("Not found.")), status=status.HTTP_404_NOT_FOUND)
