"""Monitored sources over HTTP (editors and admins): list and add, read, change, switch and remove one.

The same services as the desk's Monitored sources page (``factcheck.sources.services``): the same checks,
in the same words, field by field (a URL the fetcher would refuse says why), the same audit events. The
status fields (last success, last failure and its reason, next poll, counts) are the poller's and read-only.
"""

from __future__ import annotations

import contextlib

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from factcheck.sources import selectors, services
from factcheck.sources.models import MAX_POLL_MINUTES, MIN_POLL_MINUTES, Source
from workflows.exceptions import ActionForbidden, NotVisible, StaleEdit, ValidationFailed

from .base import DeskView, StrictCharField, StrictIntegerField, StrictSerializer, parse
from .filters import SafeCursorPagination
from .schema import errors

KIND_HELP = (
    "rss: an RSS or Atom feed, each new entry an article; page: a web page, brought in again when its text "
    "changes; claimreview: ClaimReview JSON/JSON-LD (or a Google Fact Check Tools file), into the archive."
)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false: "yes", 1 and "true" are refused."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class SourceInput(StrictSerializer):
    name = StrictCharField(max_length=200, help_text="How the desk names it.")
    kind = serializers.ChoiceField(choices=Source.Kind.choices, help_text=KIND_HELP)
    url = StrictCharField(max_length=2000, help_text="The public http(s) address to poll.")
    language = StrictCharField(required=False, default="en", max_length=12, help_text="e.g. en, es, pt-BR.")
    poll_minutes = StrictIntegerField(
        required=False, default=60, min_value=MIN_POLL_MINUTES, max_value=MAX_POLL_MINUTES
    )
    enabled = StrictBooleanField(required=False, default=True)


class SourcePatch(StrictSerializer):
    name = StrictCharField(required=False, max_length=200)
    kind = serializers.ChoiceField(required=False, choices=Source.Kind.choices, help_text=KIND_HELP)
    url = StrictCharField(required=False, max_length=2000)
    language = StrictCharField(required=False, max_length=12)
    poll_minutes = StrictIntegerField(required=False, min_value=MIN_POLL_MINUTES, max_value=MAX_POLL_MINUTES)
    enabled = StrictBooleanField(required=False)
    expected_updated_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="The source's updated_at as you loaded it; changed since → 409."
    )


class SourceOut(serializers.ModelSerializer):
    polling = serializers.SerializerMethodField(help_text="A poll of it is running now.")

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "url",
            "language",
            "poll_minutes",
            "enabled",
            "polling",
            "next_poll_at",
            "last_polled_at",
            "last_success_at",
            "last_failure_at",
            "last_error",
            "consecutive_failures",
            "entries_seen",
            "articles_ingested",
            "factchecks_imported",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_polling(self, obj: Source) -> bool:
        return obj.polling_since is not None


REFUSALS = {"forbidden": ActionForbidden, "not_found": NotVisible, "conflict": StaleEdit}


@contextlib.contextmanager
def _as_api_errors():
    """The sources services' refusals as the API's one error body (400 fields, 403, 404, 409)."""
    try:
        yield
    except services.SourceRefused as refusal:
        if refusal.code in REFUSALS:
            raise REFUSALS[refusal.code](refusal.message) from refusal
        raise ValidationFailed(refusal.message, refusal.errors) from refusal


class SourceCursor(SafeCursorPagination):
    ordering = ("name", "id")
    page_size = 100


class SourceList(DeskView, ListAPIView):
    serializer_class = SourceOut
    pagination_class = SourceCursor
    filter_backends: list = []

    def get_queryset(self):
        with _as_api_errors():
            return selectors.visible_sources(self.request.user)

    @extend_schema(
        summary="List monitored sources with how their polls went (editors and admins)",
        responses={200: SourceOut(many=True), **errors(401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Watch a new source (polled at once when enabled)",
        request=SourceInput,
        responses={201: SourceOut, **errors(400, 401, 403, 409, 413, 415, 429)},
    )
    def post(self, request, *args, **kwargs):
        data = parse(SourceInput, request.data)
        with _as_api_errors():
            source = services.source_create(actor=request.user, **data)
        return Response(
            SourceOut(source).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:source-detail", kwargs={"pk": source.pk})},
        )


class SourceDetail(DeskView):
    @extend_schema(summary="One monitored source", responses={200: SourceOut, **errors(401, 403, 404)})
    def get(self, request, pk: int):
        with _as_api_errors():
            return Response(SourceOut(selectors.visible_source(request.user, pk)).data)

    @extend_schema(
        summary="Change some fields of a source (enabled: false stops polling; true polls it at once)",
        request=SourcePatch,
        responses={200: SourceOut, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
    )
    def patch(self, request, pk: int):
        data = parse(SourcePatch, request.data)
        expected = data.pop("expected_updated_at", None)
        with _as_api_errors():
            selectors.visible_source(request.user, pk)
            source = services.source_update(
                actor=request.user, source_id=pk, changes=data, expected_updated_at=expected
            )
        return Response(SourceOut(source).data)

    @extend_schema(
        summary="Stop watching a source (what it brought in stays)",
        responses={204: None, **errors(401, 403, 404, 429)},
    )
    def delete(self, request, pk: int):
        with _as_api_errors():
            selectors.visible_source(request.user, pk)
            services.source_delete(actor=request.user, source_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
