"""Reading claims: the filtered, ordered, cursor-paginated list; one claim in full (the claim page's one
selector, ``workflows.claim_page``); its history in sentences, newest first."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from . import claim_edits, selectors
from .base import DeskView
from .exports import EXPORT_RENDERERS, FORMAT_PARAMETER, ExportableList, export_responses, json_errors
from .filters import ORDERING_PATTERN, ClaimCursor, ClaimFilter
from .schema import errors
from .serializers import AuditEventOut, ClaimDetailOut, ClaimListOut


class ClaimList(ExportableList, DeskView, ListAPIView):
    serializer_class = ClaimListOut
    # ?format=csv / ?format=xlsx: the whole filtered list as a file (factcheck.api.exports).
    export_dataset = "claims"
    renderer_classes = [*DeskView.renderer_classes, *EXPORT_RENDERERS]
    filterset_class = ClaimFilter
    pagination_class = ClaimCursor

    def get_queryset(self):
        return selectors.claim_list()

    def paginate_queryset(self, queryset):
        """The page as plain rows (``selectors.claim_rows``), not model instances; the export (``?format=``)
        reads the model queryset through ``get_queryset`` as before."""
        page = super().paginate_queryset(selectors.claim_list_values(queryset))
        return None if page is None else selectors.claim_rows(page)

    @extend_schema(
        summary="List claims (filters, ordering, cursor pages)",
        parameters=[
            OpenApiParameter(
                "ordering",
                str,
                pattern=ORDERING_PATTERN,
                description="Comma-separated: score, priority, due_at, created_at, id; prefix - to reverse. "
                "Default: priority,-score,id (the triage queue).",
            ),
            FORMAT_PARAMETER,
        ],
        responses={**export_responses(ClaimListOut(many=True)), **json_errors(errors(400, 401, 403, 404))},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @claim_edits.add_schema
    def post(self, request, *args, **kwargs):
        return claim_edits.add(request)


class ClaimDetailView(DeskView):
    @extend_schema(
        summary="One claim: context, cluster, matches, assignments, evidence, verdict, allowed actions",
        description="The verdict and evidence are included only when the caller may see the draft "
        "(assigned reviewers, editors, admins; everyone once published): otherwise verdict is null.",
        responses={200: ClaimDetailOut, **errors(401, 403, 404)},
    )
    def get(self, request, pk: int):
        return Response(ClaimDetailOut(selectors.claim_detail(request.user, pk), context={"request": request}).data)

    @claim_edits.restate_schema
    def patch(self, request, pk: int):
        return claim_edits.restate(request, pk)


class ClaimHistory(DeskView):
    @extend_schema(
        summary="The claim's history, newest first, each event with a sentence",
        description="Each event carries `sentence` (who did what, with names and labels) beside its data. "
        "Events about a draft the caller may not see (its text, evidence, votes, return notes) "
        "are listed with empty data and note, details_hidden true, and a sentence without details.",
        responses={200: AuditEventOut(many=True), **errors(401, 403, 404)},
    )
    def get(self, request, pk: int):
        return Response(AuditEventOut(selectors.claim_history(request.user, pk), many=True).data)
