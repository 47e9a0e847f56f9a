"""``GET /api/v1/matches/?q=TEXT``: has this been said, or checked, before?"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from . import selectors
from .base import DeskView, StrictCharField, parse
from .schema import errors
from .serializers import ArchivedOut, ClaimBriefOut, FactCheckRefOut


class MatchQuery(serializers.Serializer):
    q = StrictCharField(max_length=2000, help_text="The claim to look for.")
    top = serializers.IntegerField(required=False, default=5, min_value=1, max_value=50)
    min_score = serializers.FloatField(required=False, default=0.0, min_value=0.0, max_value=1.0)


class MatchOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["claim", "archived"], help_text="A stored claim or an archived fact-check.")
    score = serializers.FloatField(help_text="Similarity, 0 to 1; figures that disagree divide it by ten.")
    same_claim = serializers.BooleanField(help_text="At or above the threshold that clusters claims at ingest.")
    claim = ClaimBriefOut(allow_null=True)
    fact_check = FactCheckRefOut(allow_null=True, help_text="The claim's public fact-check, if it has one.")
    archived = ArchivedOut(allow_null=True)


class Matches(DeskView):
    @extend_schema(
        summary="The earlier claims and fact-checks (ours and archived) most similar to a text",
        parameters=[MatchQuery],
        responses={200: MatchOut(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        query = parse(MatchQuery, request.query_params)
        items = selectors.similar(query["q"], top=query["top"], min_score=query["min_score"])
        return Response(MatchOut(items, many=True, context={"request": request}).data)
