"""Bulk triage: assign, dismiss or auto-assign many claims at once. Each claim succeeds or fails on its own
(the services run each in its own savepoint); the answer says which did and why the others did not."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from factcheck.claims.models import DismissReason
from workflows import services

from .actions import due_field, note_field, priority_field, reviewers_field
from .base import MAX_ID, DeskView, StrictIntegerField, StrictSerializer, api_field_names, parse
from .schema import errors
from .serializers import UserRefOut

BULK_MAX = 200
BULK_ERRORS = errors(400, 401, 403, 413, 415, 429)


def claims_field() -> serializers.ListField:
    return serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=BULK_MAX,
        help_text=f"Claim ids, at most {BULK_MAX}.",
    )


class BulkFailureOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class BulkOut(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField(), help_text="Claims that went through.")
    failed = BulkFailureOut(many=True, help_text="Claims that did not, each with the refusal.")


def bulk_body(result) -> dict:
    failed = []
    for claim_id, error in result.failed.items():
        item = {"id": claim_id, "code": error.code, "detail": error.message}
        if getattr(error, "errors", None):
            item["fields"] = {name: [str(m) for m in messages] for name, messages in error.errors.items()}
        failed.append(item)
    return BulkOut({"done": result.done, "failed": failed}).data


class BulkAssignInput(StrictSerializer):
    claims = claims_field()
    reviewers = reviewers_field()
    due = due_field()
    priority = priority_field()


class BulkAssign(DeskView):
    @extend_schema(
        summary="Assign several new claims to the same reviewers",
        request=BulkAssignInput,
        responses={200: BulkOut, **BULK_ERRORS},
    )
    def post(self, request):
        data = parse(BulkAssignInput, request.data)
        with api_field_names(due_at="due"):
            result = services.claims_bulk_assign(
                claim_ids=data["claims"],
                actor=request.user,
                reviewers=data["reviewers"],
                due_at=data["due"],
                priority=data["priority"],
            )
        return Response(bulk_body(result))


class BulkDismissInput(StrictSerializer):
    claims = claims_field()
    reason = serializers.ChoiceField(choices=DismissReason.choices)
    note = note_field('Required when the reason is "other".')


class BulkDismiss(DeskView):
    @extend_schema(
        summary="Dismiss several new claims with the same reason",
        request=BulkDismissInput,
        responses={200: BulkOut, **BULK_ERRORS},
    )
    def post(self, request):
        data = parse(BulkDismissInput, request.data)
        result = services.claims_bulk_dismiss(
            claim_ids=data["claims"], actor=request.user, reason=data["reason"], note=data["note"]
        )
        return Response(bulk_body(result))


class AutoAssignInput(StrictSerializer):
    claims = claims_field()


class AutoAssignedOut(serializers.Serializer):
    claim_id = serializers.IntegerField()
    reviewer = UserRefOut()


class SkippedOut(serializers.Serializer):
    claim_id = serializers.IntegerField()
    reason = serializers.CharField()


class AutoAssignOut(serializers.Serializer):
    assigned = AutoAssignedOut(many=True)
    skipped = SkippedOut(many=True)


class BulkAutoAssign(DeskView):
    @extend_schema(
        summary="Give each new claim one lead reviewer, the least loaded available one",
        request=AutoAssignInput,
        responses={200: AutoAssignOut, **BULK_ERRORS},
    )
    def post(self, request):
        data = parse(AutoAssignInput, request.data)
        result = services.claims_auto_assign(claim_ids=data["claims"], actor=request.user)
        body = {
            "assigned": [{"claim_id": c, "reviewer": u} for c, u in sorted(result.assigned.items())],
            "skipped": [{"claim_id": c, "reason": r} for c, r in sorted(result.skipped.items())],
        }
        return Response(AutoAssignOut(body).data)
