"""Evidence links of a claim's verdict: list and add under the claim, change and remove by id.

Only http(s) URLs are accepted (the model's validator, applied by the service); a link whose draft the
caller may not see does not exist for them (404).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from factcheck.verdicts.models import EvidenceLink
from workflows import services

from . import selectors
from .actions import NOTE_MAX
from .base import DeskView, StrictCharField, StrictSerializer, parse
from .schema import errors
from .serializers import EvidenceOut


class StrictURLField(serializers.URLField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class EvidenceAddInput(StrictSerializer):
    url = StrictURLField(max_length=2000, help_text="http:// or https:// only.")
    title = StrictCharField(max_length=300)
    publisher = StrictCharField(required=False, allow_blank=True, default="", max_length=200)
    quote = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=NOTE_MAX,
        help_text="The passage that matters, quoted exactly.",
    )
    stance = serializers.ChoiceField(choices=EvidenceLink.Stance.choices, default=EvidenceLink.Stance.CONTEXT)
    accessed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Default: today.")


class EvidenceUpdateInput(StrictSerializer):
    url = StrictURLField(required=False, max_length=2000, help_text="http:// or https:// only.")
    title = StrictCharField(required=False, max_length=300)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=200)
    quote = StrictCharField(required=False, allow_blank=True, max_length=NOTE_MAX)
    stance = serializers.ChoiceField(required=False, choices=EvidenceLink.Stance.choices)
    accessed_on = serializers.DateField(required=False)
    expected_updated_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="The link's updated_at as you loaded it; changed since → 409."
    )


class ExpectedInput(serializers.Serializer):
    expected_updated_at = serializers.DateTimeField(required=False, allow_null=True)


class ClaimEvidence(DeskView):
    @extend_schema(
        summary="The evidence links of the claim's verdict, oldest first",
        responses={200: EvidenceOut(many=True), **errors(401, 403, 404)},
    )
    def get(self, request, pk: int):
        return Response(EvidenceOut(selectors.visible_evidence(request.user, pk), many=True).data)

    @extend_schema(
        summary="Add an evidence link (the assigned reviewer, while in review)",
        request=EvidenceAddInput,
        responses={201: EvidenceOut, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
    )
    def post(self, request, pk: int):
        data = parse(EvidenceAddInput, request.data)
        link = services.evidence_add(claim_id=pk, actor=request.user, **data)
        return Response(EvidenceOut(link).data, status=status.HTTP_201_CREATED)


class EvidenceItem(DeskView):
    @extend_schema(
        summary="Change some fields of an evidence link",
        request=EvidenceUpdateInput,
        responses={200: EvidenceOut, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
    )
    def patch(self, request, pk: int):
        data = parse(EvidenceUpdateInput, request.data)
        selectors.visible_evidence_link(request.user, pk)
        link = services.evidence_update(evidence_id=pk, actor=request.user, **data)
        return Response(EvidenceOut(link).data)

    @extend_schema(
        summary="Remove an evidence link (the audit trail keeps what it was)",
        parameters=[
            OpenApiParameter(
                "expected_updated_at",
                OpenApiTypes.DATETIME,
                required=False,
                description="The link's updated_at as you loaded it; changed since → 409.",
            ),
        ],
        responses={204: None, **errors(400, 401, 403, 404, 409, 429)},
    )
    def delete(self, request, pk: int):
        query = parse(ExpectedInput, {k: v for k, v in request.query_params.items() if k in ExpectedInput().fields})
        selectors.visible_evidence_link(request.user, pk)
        services.evidence_remove(evidence_id=pk, actor=request.user, **query)
        return Response(status=status.HTTP_204_NO_CONTENT)
