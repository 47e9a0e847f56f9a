"""``?format=csv`` and ``?format=xlsx`` on a desk list: the whole filtered list as a file, not one page.

DRF picks a renderer by ``format`` (or ``Accept: text/csv``); the export renderers only name the formats
(and the media types the schema documents). A list that accepts them hands its filtered, ordered queryset
to ``workflows.exports`` (the same service and files as the admin's Export control: permission, audit
record, CSV streamed, XLSX through a temporary file). Errors stay JSON in the one error shape.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from workflows.exports import services
from workflows.exports.http import XLSX_TYPE, export_response

from .renderers import FastJSONRenderer


class _ExportRenderer(BaseRenderer):
    """Names an export format; the file itself is written by ``workflows.exports`` (never through here)."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):  # pragma: no cover - see finalize
        return FastJSONRenderer().render(data, accepted_media_type, renderer_context)


class CSVExportRenderer(_ExportRenderer):
    media_type = "text/csv"
    format = services.CSV


class XLSXExportRenderer(_ExportRenderer):
    media_type = XLSX_TYPE
    format = services.XLSX


EXPORT_RENDERERS = [CSVExportRenderer, XLSXExportRenderer]

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", services.CSV, services.XLSX],
    description="json (default): one page. csv or xlsx: the whole filtered list as a file (every page; "
    "editors and admins only), named with what and when; CSV is UTF-8 with a byte order mark.",
)


def export_responses(json_response) -> dict:
    """The 200 answers of an exportable list, by media type."""
    return {
        (200, "application/json"): json_response,
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The whole filtered list, as CSV."),
        (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The whole filtered list, as XLSX."),
    }


def json_errors(errors: dict) -> dict:
    """Error answers of an exportable list, documented as what they are: the JSON error body, whatever
    format was asked for."""
    return {(code, "application/json"): response for code, response in errors.items()}


class ExportableList:
    """A ListAPIView whose list also leaves as a file (``export_dataset``), filters and order kept."""

    export_dataset = ""

    def get_renderers(self):
        """The export formats are for reading the list: a POST to it (``claims/`` adds a claim) answers JSON
        only, as it did, and its schema offers no ``format``."""
        renderers = super().get_renderers()
        request = getattr(self, "request", None)
        if request is not None and request.method not in ("GET", "HEAD"):
            renderers = [r for r in renderers if not isinstance(r, _ExportRenderer)]
        return renderers

    def exporting(self, request) -> str | None:
        renderer = getattr(request, "accepted_renderer", None)
        fmt = getattr(renderer, "format", None)
        return fmt if fmt in services.FORMATS else None

    def export(self, request, fmt: str):
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        paginator = self.paginator  # type: ignore[attr-defined]
        if paginator is not None and hasattr(paginator, "get_ordering"):
            queryset = queryset.order_by(*paginator.get_ordering(request, queryset, self))
        filters = {k: v[0] if len(v) == 1 else v for k, v in request.query_params.lists() if k != "format"}
        plan = services.export_prepare(
            actor=request.user,
            dataset=self.export_dataset,
            fmt=fmt,
            queryset=queryset,
            filters=filters,
            source="api",
        )
        return export_response(plan)

    def list(self, request, *args, **kwargs):
        fmt = self.exporting(request)
        if fmt is None:
            return super().list(request, *args, **kwargs)
        return self.export(request, fmt)

    def finalize_response(self, request, response, *args, **kwargs):
        """A refusal (400, 401, 403…) asked for as a file is still the JSON error body."""
        if isinstance(response, Response) and self.exporting(request):
            request.accepted_renderer = FastJSONRenderer()
            request.accepted_media_type = FastJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
