"""Shared OpenAPI pieces: the one error body, documented once and referenced by every endpoint."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(help_text="Machine-readable: invalid, invalid_state, conflict, forbidden, ..."),
        "detail": serializers.CharField(help_text="What went wrong, for people."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Field path → messages, for 400 validation errors; nested fields and list items are "
            "dotted paths: claims.1 is the second item of claims.",
        ),
        "current_version": serializers.IntegerField(required=False, help_text="On a 409 stale edit."),
        "current_draft": serializers.DictField(
            required=False,
            help_text="On a 409 stale draft save: the draft as saved now (version, rating, headline, "
            "summary, explanation, saved_by, saved_at), to merge with yours.",
        ),
        "wait": serializers.IntegerField(required=False, help_text="On a 429: seconds until you may try again."),
    },
)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


ERRORS = {
    400: _error("Validation failed: see fields."),
    401: _error("No credentials, or bad ones."),
    403: _error("Not allowed for your role or for this claim."),
    404: _error("Not found, or not visible to you."),
    409: _error("Wrong state for this action, or a stale version."),
    413: _error("The body is over the size limit."),
    415: _error("The body is not JSON (send Content-Type: application/json)."),
    429: _error("Too many requests: retry after the given wait."),
}


def errors(*codes: int) -> dict:
    """The documented error responses of one endpoint, e.g. ``errors(400, 401, 403, 404, 409)``."""
    return {code: ERRORS[code] for code in codes}
