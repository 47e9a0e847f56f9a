"""Public, unauthenticated reads: the rating scale and the published fact-checks.

Fact-checks are shown as the public site shows them (``factcheck.publishing.display``): plain text, the
rating as published, retracted ones marked and without ClaimReview, links absolute under the site's base
URL (``publishing.site``). Drafts do not exist here (404). The rows come from the public selectors, which
never load an article's text.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.publishing import display, jsonld, topics
from factcheck.verdicts.models import Rating

from . import selectors
from .filters import PublicCursor
from .schema import errors


class RatingSerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.slug")
    on_scale = serializers.BooleanField()

    class Meta:
        model = Rating
        fields = ["id", "scale", "slug", "label", "value", "on_scale", "description", "colour", "position"]


class RatingList(ListAPIView):
    """Every rating of every scale, in display order; ``value`` is null for outcomes outside the scale."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = RatingSerializer
    pagination_class = None
    queryset = Rating.objects.select_related("scale").order_by("scale_id", "position")


class PublicRatingOut(serializers.Serializer):
    label = serializers.CharField()
    slug = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    best = serializers.IntegerField(allow_null=True)
    worst = serializers.IntegerField(allow_null=True)
    on_scale = serializers.BooleanField()
    colour = serializers.CharField()
    description = serializers.CharField(help_text="What a reader hears for the rating graphic.")


class PublicClaimOut(serializers.Serializer):
    text = serializers.CharField()
    speaker = serializers.CharField(allow_null=True, help_text="A person, or the publication; null if neither.")
    speaker_is_person = serializers.BooleanField()
    claim_type = serializers.CharField()


class PublicArticleOut(serializers.Serializer):
    title = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField(help_text="Empty unless an http(s) URL.")
    published_at = serializers.DateTimeField(allow_null=True)


def summary_body(fc: display.FactCheckSummary) -> dict:
    author = fc.claim_author
    return {
        "slug": fc.slug,
        "url": fc.url,
        "path": fc.path,
        "headline": fc.headline,
        "title": fc.title,
        "summary": fc.summary,
        "claim": {
            "text": fc.claim_text,
            "speaker": author.name if author else None,
            "speaker_is_person": bool(author and author.is_person),
            "claim_type": fc.claim_type,
        },
        "article": {
            "title": fc.article_title,
            "publisher": fc.article_publisher,
            "url": fc.article_url,
            "published_at": fc.article_published_at,
        },
        "rating": {
            "label": fc.rating.label,
            "slug": fc.rating.slug,
            "value": fc.rating.value,
            "best": fc.rating.best,
            "worst": fc.rating.worst,
            "on_scale": fc.rating.on_scale,
            "colour": fc.rating.colour,
            "description": fc.rating.description,
        },
        "published_at": fc.published_at,
        "updated_at": fc.updated_at,
        "retracted": fc.retracted,
        "retracted_at": fc.retracted_at,
        "retraction_reason": fc.retraction_reason,
    }


class PublicTopicOut(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


def tagging_body(verdict) -> dict:
    """The fact-check's public tags and its topics (the claim's accepted ones), as prefetched."""
    return {
        "tags": verdict.tag_names,
        "topics": [{"slug": t.slug, "name": t.name} for t in topics.topics_of(verdict)],
    }


class FactCheckOut(serializers.Serializer):
    slug = serializers.CharField()
    url = serializers.CharField(help_text="The public page.")
    path = serializers.CharField()
    headline = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    claim = PublicClaimOut()
    article = PublicArticleOut()
    rating = PublicRatingOut(help_text="As published; a later correction may have changed it (see corrections).")
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(allow_null=True, help_text="Set once a correction changed the page.")
    retracted = serializers.BooleanField()
    retracted_at = serializers.DateTimeField(allow_null=True)
    retraction_reason = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField(), help_text="The fact-check's tags (?tag= filters).")
    topics = PublicTopicOut(many=True, help_text="The topics it is filed under (?topic= filters by slug).")

    def to_representation(self, verdict):
        fc = display.summarize(verdict, self.context.get("request"))
        return super().to_representation({**summary_body(fc), **tagging_body(verdict)})


class PublicEvidenceOut(serializers.Serializer):
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    quote = serializers.CharField()
    stance = serializers.CharField()
    accessed_on = serializers.DateField(allow_null=True)


class PublicCorrectionOut(serializers.Serializer):
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    what_changed = serializers.CharField()
    old_rating = serializers.CharField()
    new_rating = serializers.CharField()
    note = serializers.CharField()


class FactCheckDetailOut(FactCheckOut):
    explanation_html = serializers.CharField(help_text="Sanitized HTML.")
    evidence = PublicEvidenceOut(many=True)
    reviewers = serializers.ListField(child=serializers.CharField())
    editor = serializers.CharField()
    corrections = PublicCorrectionOut(many=True)
    claim_review = serializers.JSONField(
        allow_null=True, help_text="The schema.org ClaimReview the page embeds; null once retracted."
    )

    def to_representation(self, verdict):
        page = display.page(verdict, self.context.get("request"))
        fc = page.fc
        body = {
            **summary_body(fc),
            **tagging_body(verdict),
            "explanation_html": page.explanation_html,
            "evidence": [vars(e) for e in page.evidence],
            "reviewers": page.reviewers,
            "editor": page.editor,
            "corrections": [vars(c) for c in page.corrections],
            "claim_review": None if fc.retracted else jsonld.claim_review(fc),
        }
        return serializers.Serializer.to_representation(self, body)


class FactCheckList(ListAPIView):
    """Public fact-checks, newest first; retracted ones stay listed, marked ``retracted``."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = FactCheckOut
    pagination_class = PublicCursor
    filter_backends = []

    def get_queryset(self):
        qs = topics.with_tagging(selectors.public_factchecks())
        tag = topics.clean_param(self.request.query_params.get("tag"))
        topic = topics.clean_param(self.request.query_params.get("topic"))
        qs = topics.with_tag(qs, tag) if tag else qs
        return topics.with_topic(qs, topic) if topic else qs

    @extend_schema(
        summary="Published fact-checks, newest first (retracted ones marked)",
        parameters=[
            OpenApiParameter("tag", str, description="Only fact-checks with this tag (any case)."),
            OpenApiParameter("topic", str, description="Only fact-checks filed under this topic (its slug)."),
        ],
        responses={200: FactCheckOut(many=True), **errors(404)},
        auth=[],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class FactCheckDetail(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        summary="One published fact-check, with its evidence, corrections and ClaimReview",
        description="A retracted fact-check answers with its retraction notice and no ClaimReview, as its page does.",
        responses={200: FactCheckDetailOut, **errors(404)},
        auth=[],
    )
    def get(self, request, slug: str):
        verdict = selectors.public_factcheck(slug)
        return Response(FactCheckDetailOut(verdict, context={"request": request}).data)
