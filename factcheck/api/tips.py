"""Readers' tips and error reports over HTTP: the same intake as the public site's forms.

``POST tips/`` and ``POST fact-checks/{slug}/reports/`` are public (no account, no token): the body is parsed
strictly (strings only, unknown fields refused, sizes bounded), then ``factcheck.tips.services`` applies
every rule (refusals are 400 with ``fields``), and both count against the forms' own limits (429 with
``wait``). ``GET reports/`` lists the reports for the desk (a desk role), with their state; ``POST
reports/{id}/resolve/`` resolves one through ``workflows.services.reports``, as the desk's resolve screen.
"""

from __future__ import annotations

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.tips import services as intake
from factcheck.tips.models import Channel, ErrorReport
from factcheck.tips.selectors import reports_for_desk
from workflows.services.reports import report_resolve

from .base import DeskView, StrictCharField, StrictIntegerField, StrictSerializer, parse
from .filters import SafeCursorPagination
from .schema import errors
from .throttles import ReaderReportThrottle, ReaderTipThrottle, WriteAnonThrottle

# Generous parse limits: the service says the real limits in sentences (a claim of 1,000 characters...).
PARSE_MAX = 20_000


def _refused(refusal: intake.InputRefused) -> ValidationError:
    return ValidationError(refusal.errors)


class TipInput(StrictSerializer):
    claim = StrictCharField(max_length=PARSE_MAX, allow_blank=True, help_text="The claim, at most 1,000 characters.")
    seen_at = StrictCharField(
        max_length=PARSE_MAX,
        allow_blank=True,
        help_text="Where it was seen: an http(s) address, or a description (at most 500 characters).",
    )
    email = StrictCharField(
        required=False, allow_blank=True, max_length=PARSE_MAX, help_text="Optional: to hear back about the tip."
    )
    consent = serializers.BooleanField(
        required=False,
        default=True,
        help_text="The reader agreed to be written to at `email` about this tip (default true: the address was "
        "given for that); false with an email is refused.",
    )


class TipOut(serializers.Serializer):
    id = serializers.IntegerField()
    received_at = serializers.DateTimeField(source="created_at")
    detail = serializers.CharField()


class TipCreate(APIView):
    """Public: a reader's tip. It joins the claim queue as a claim of origin "reader tip"."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [WriteAnonThrottle, ReaderTipThrottle]

    @extend_schema(
        summary="Suggest a claim to check (public)",
        description="No account needed. The claim joins the editors' queue as a claim of origin `tip` (\"Reader "
        'tip"), matched against earlier claims and published fact-checks. 400 names each field to fix; 429: '
        "too many posts from this address, or from everyone, in the last hour (`wait` seconds).",
        request=TipInput,
        responses={201: TipOut, **errors(400, 413, 415, 429)},
        examples=[
            OpenApiExample(
                "A tip",
                value={
                    "claim": "The city spent 4.2 million euros on bus shelters last year.",
                    "seen_at": "https://example.org/post/1",
                    "email": "reader@example.org",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = parse(TipInput, request.data)
        try:
            tip = intake.tip_submit(
                claim=data["claim"],
                seen_at=data["seen_at"],
                email=data.get("email", ""),
                consent=data.get("consent", True),
                channel=Channel.API,
            )
        except intake.InputRefused as refusal:
            raise _refused(refusal) from None
        tip.detail = gettext("Thank you: the claim is with our editors.")
        return Response(TipOut(tip).data, status=status.HTTP_201_CREATED)


class ReportInput(StrictSerializer):
    message = StrictCharField(max_length=PARSE_MAX, allow_blank=True, help_text="What is wrong (at most 5,000).")
    evidence_url = StrictCharField(
        required=False, allow_blank=True, max_length=PARSE_MAX, help_text="Optional: an http(s) link to evidence."
    )
    email = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=PARSE_MAX,
        help_text="Optional: the reader is written to once, when the report is resolved.",
    )


class ReportReceivedOut(serializers.Serializer):
    id = serializers.IntegerField()
    fact_check = serializers.CharField(source="verdict.slug")
    state = serializers.CharField()
    received_at = serializers.DateTimeField(source="created_at")


class FactCheckReportCreate(APIView):
    """Public: a reader's report of an error in a published fact-check."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [WriteAnonThrottle, ReaderReportThrottle]

    @extend_schema(
        summary="Report an error in a published fact-check (public)",
        description="No account needed; only `message` is required. The report is open until an editor "
        "resolves it with a correction or with the reason the fact-check stands; a reader who gave an email "
        "is told once. 404: no published fact-check at this slug (a retracted one takes no reports).",
        request=ReportInput,
        responses={201: ReportReceivedOut, **errors(400, 404, 413, 415, 429)},
    )
    def post(self, request, slug: str):
        data = parse(ReportInput, request.data)
        try:
            report = intake.report_submit(
                slug=slug,
                message=data["message"],
                evidence_url=data.get("evidence_url", ""),
                email=data.get("email", ""),
                channel=Channel.API,
            )
        except intake.InputRefused as refusal:
            raise _refused(refusal) from None
        except LookupError:
            raise NotFound(gettext("There is no published fact-check at this address.")) from None
        return Response(ReportReceivedOut(report).data, status=status.HTTP_201_CREATED)


# --- the desk's side ----------------------------------------------------------------------------------------


class ReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    fact_check = serializers.CharField(source="verdict.slug", allow_null=True)
    headline = serializers.CharField(source="verdict.headline")
    claim = serializers.IntegerField(source="verdict.claim_id")
    message = serializers.CharField()
    evidence_url = serializers.CharField()
    reader_left_email = serializers.SerializerMethodField()
    channel = serializers.CharField()
    state = serializers.CharField()
    resolution = serializers.CharField()
    correction = serializers.IntegerField(source="correction_id", allow_null=True)
    reason = serializers.CharField()
    resolved_by = serializers.CharField(source="resolved_by.username", allow_null=True, default=None)
    resolved_at = serializers.DateTimeField(allow_null=True)
    reader_told_at = serializers.DateTimeField(source="reader_notified_at", allow_null=True)
    received_at = serializers.DateTimeField(source="created_at")

    def get_reader_left_email(self, obj) -> bool:
        return bool(obj.contact_email)


class ReportCursor(SafeCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")


STATE = OpenApiParameter("state", str, enum=[s.value for s in ErrorReport.State], description="open or resolved")


class ReportList(DeskView, ListAPIView):
    """Readers' error reports, newest first, for the desk (any desk role)."""

    serializer_class = ReportOut
    pagination_class = ReportCursor

    def get_queryset(self):
        state = self.request.query_params.get("state", "")
        if state and state not in ErrorReport.State.values:
            raise ValidationError({"state": [gettext("Use open or resolved.")]})
        return reports_for_desk(state=state or None)

    @extend_schema(parameters=[STATE], responses={200: ReportOut(many=True), **errors(400, 401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReportResolveInput(StrictSerializer):
    outcome = serializers.ChoiceField(choices=ErrorReport.Resolution.choices)
    reason = StrictCharField(required=False, allow_blank=True, max_length=PARSE_MAX)
    correction = StrictIntegerField(required=False, min_value=1, help_text="A correction of this fact-check.")


class ReportResolve(DeskView):
    """Resolve a report: ``no_change`` with ``reason``, or ``correction`` naming a correction already
    published on the fact-check (publish a new one with ``POST claims/{id}/correct/`` first)."""

    @extend_schema(
        summary="Resolve a reader's error report",
        request=ReportResolveInput,
        responses={200: ReportOut, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
    )
    def post(self, request, pk: int):
        data = parse(ReportResolveInput, request.data)
        report = report_resolve(
            report_id=pk,
            actor=request.user,
            outcome=data["outcome"],
            reason=data.get("reason", ""),
            correction_id=data.get("correction"),
        )
        report = reports_for_desk().get(pk=report.pk)
        return Response(ReportOut(report).data)
