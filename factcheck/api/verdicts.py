"""The verdict draft of a claim: read it, save it (with the version you loaded; a stale one is a 409)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from factcheck.verdicts.models import Verdict
from workflows import services
from workflows.draft_history import saved_draft
from workflows.exceptions import StaleEdit

from . import selectors
from .actions import NOTE_MAX
from .base import (
    DeskView,
    RatingRefField,
    StrictCharField,
    StrictIntegerField,
    StrictSerializer,
    api_field_names,
    parse,
)
from .schema import errors
from .serializers import RatingOut, VerdictDetailOut


class DraftInput(StrictSerializer):
    rating = RatingRefField(allow_null=True, help_text="A rating id or slug; null while undecided.")
    headline = StrictCharField(allow_blank=True, max_length=300)
    summary = StrictCharField(allow_blank=True, max_length=NOTE_MAX, help_text='"In short", for the reader.')
    explanation = StrictCharField(allow_blank=True, max_length=100_000, help_text="HTML; sanitized on save.")
    version = StrictIntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The verdict version you loaded; if someone saved since, 409 with current_version.",
    )


class CurrentDraftOut(serializers.Serializer):
    """The draft as saved now, sent with a 409 stale-save answer (``current_draft``) so a client can show
    both versions and merge, then PUT the merge with ``version``."""

    version = serializers.IntegerField()
    rating = RatingOut(allow_null=True)
    headline = serializers.CharField()
    summary = serializers.CharField()
    explanation = serializers.CharField(help_text="Sanitized HTML.")
    saved_by = serializers.SerializerMethodField()
    saved_at = serializers.DateTimeField(allow_null=True)

    def get_saved_by(self, draft) -> str | None:
        return draft.saved_by.get_username() if draft.saved_by else None


class ClaimVerdict(DeskView):
    @extend_schema(
        summary="The claim's verdict (draft or published), with evidence and corrections",
        description="404 when there is no verdict yet, or when the draft is not yours to see.",
        responses={200: VerdictDetailOut, **errors(401, 403, 404)},
    )
    def get(self, request, pk: int):
        verdict = selectors.verdict_with_evidence(request.user, pk)
        return Response(VerdictDetailOut(verdict, context={"request": request}).data)

    @extend_schema(
        summary="Save the verdict draft (the assigned reviewer, while in review)",
        description="A stale `version` answers 409 `conflict` with `current_version` and `current_draft` (the "
        "draft as saved now, who saved it and when): merge, then PUT again with that version.",
        request=DraftInput,
        responses={200: VerdictDetailOut, **errors(400, 401, 403, 404, 409, 413, 415, 429)},
    )
    def put(self, request, pk: int):
        data = parse(DraftInput, request.data)
        with api_field_names(rating_id="rating"):
            try:
                saved = services.verdict_save_draft(
                    claim_id=pk,
                    actor=request.user,
                    rating_id=data["rating"],
                    headline=data["headline"],
                    summary=data["summary"],
                    explanation=data["explanation"],
                    version=data["version"],
                )
            except StaleEdit as error:
                # The caller may see the draft (the service checked before comparing versions).
                error.current_draft = CurrentDraftOut(saved_draft(Verdict.objects.get(claim_id=pk))).data
                raise
        # Whoever may save the draft may see it (the service checked): the answer is the draft as the service
        # saved it (the row it wrote under the claim's lock, not read again), with its evidence and corrections.
        if saved.author_id == request.user.pk:
            saved.author = request.user  # the usual case, the writer is the author: no query for the name
        return Response(VerdictDetailOut(selectors.with_evidence(saved), context={"request": request}).data)
