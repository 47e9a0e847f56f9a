"""Webhook endpoints over the API (editors and admins): list, register, delete.

``POST webhooks/`` answers with the signing ``secret``: the only time it is given out (lists show
``secret_hint``). An address the fetcher would refuse is refused here with the fetcher's reason. Every rule
is ``factcheck.notify.services``'; its refusals become the API's one error body.
"""

from __future__ import annotations

import contextlib

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from factcheck.notify import events, selectors, services
from workflows.exceptions import ActionForbidden, NotVisible, TransitionNotAllowed, ValidationFailed

from .base import DeskView, StrictCharField, StrictSerializer, parse
from .schema import errors

_ERRORS = {"forbidden": ActionForbidden, "not_found": NotVisible, "invalid_state": TransitionNotAllowed}


@contextlib.contextmanager
def notify_errors():
    """A refusal of the notify services, as the workflow error the API already maps to a status."""
    try:
        yield
    except services.NotifyError as error:
        if error.code == "invalid":
            raise ValidationFailed(error.message, error.errors) from None
        raise _ERRORS.get(error.code, ValidationFailed)(error.message) from None


class WebhookInput(StrictSerializer):
    url = StrictCharField(max_length=500, help_text="An absolute http(s) URL on the public internet.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=events.NAMES),
        allow_empty=False,
        max_length=len(events.NAMES),
        help_text="The events to receive: " + ", ".join(events.NAMES) + ".",
    )
    description = StrictCharField(required=False, allow_blank=True, default="", max_length=200)


class WebhookOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()
    secret_hint = serializers.CharField(help_text="The first characters of the signing secret, to tell secrets apart.")
    consecutive_failures = serializers.IntegerField(help_text="Failed attempts in a row; success resets it.")
    disabled_at = serializers.DateTimeField(allow_null=True)
    disabled_reason = serializers.CharField(help_text="Why the sender turned it off; empty while active.")
    last_error = serializers.CharField()
    last_success_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)


class WebhookCreated(WebhookOut):
    secret = serializers.CharField(
        help_text="The signing secret (HMAC-SHA256 key): shown this once, never again. Store it now."
    )


class WebhookList(DeskView):
    @extend_schema(
        summary="Webhook endpoints, newest first (editors and admins)",
        responses={200: WebhookOut(many=True), **errors(401, 403)},
    )
    def get(self, request):
        with notify_errors():
            rows = selectors.endpoints(request.user)
        return Response(WebhookOut(rows, many=True).data)

    @extend_schema(
        summary="Register a webhook endpoint; the answer carries its signing secret, once",
        request=WebhookInput,
        responses={201: WebhookCreated, **errors(400, 401, 403, 413, 415, 429)},
    )
    def post(self, request):
        data = parse(WebhookInput, request.data)
        with notify_errors():
            registered = services.endpoint_register(actor=request.user, **data)
        body = WebhookOut(registered.endpoint).data
        return Response({**body, "secret": registered.secret}, status=status.HTTP_201_CREATED)


class WebhookItem(DeskView):
    @extend_schema(
        summary="Delete a webhook endpoint: nothing more is sent to it",
        responses={204: None, **errors(401, 403, 404, 429)},
    )
    def delete(self, request, pk: int):
        with notify_errors():
            services.endpoint_delete(actor=request.user, endpoint_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
