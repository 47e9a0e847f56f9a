"""Articles over HTTP: submit one (text, HTML or a URL to fetch) and follow its ingest status."""
from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListCreateAPIView, RetrieveAPIView
from rest_framework.response import Response

from factcheck.articles.inputs import ArticleInput, IngestError, html_to_article
from factcheck.articles.models import Article
from factcheck.articles.services import article_fetch_request, article_ingest, can_ingest

from .base import DESK_PERMISSIONS
from .filters import SafeCursorPagination
from .schema import ERRORS, errors


class ArticleCursor(SafeCursorPagination):
    ordering = "-created_at"
    page_size = 50


class ArticleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, trim_whitespace=False)
    html = serializers.CharField(required=False, trim_whitespace=False)
    url = serializers.URLField(max_length=2000, required=False)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields) if isinstance(self.initial_data, dict) else set()
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in sorted(unknown)})
        bodies = [key for key in ("text", "html") if attrs.get(key)]
        if len(bodies) > 1:
            raise serializers.ValidationError({"html": ["Send either text or html, not both."]})
        if not bodies and not attrs.get("url"):
            raise serializers.ValidationError({"text": ["Send text, html, or a url to fetch."]})
        return attrs


class ArticleClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    score = serializers.FloatField()
    claim_type = serializers.CharField()
    speaker = serializers.CharField()
    state = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ArticleOutputSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "publisher", "url", "published_at", "language", "source", "status", "error",
                  "duplicate_of", "attempts", "claim_count", "created_at", "updated_at"]


class ArticleDetailSerializer(ArticleOutputSerializer):
    claims = ArticleClaimSerializer(many=True, read_only=True)

    class Meta(ArticleOutputSerializer.Meta):
        fields = [*ArticleOutputSerializer.Meta.fields, "claims"]


class ArticleCreateResponse(ArticleOutputSerializer):
    created = serializers.BooleanField()
    requeued = serializers.BooleanField(help_text="A stuck or failed article with this text (or URL) was sent "
                                                  "through its pipeline again.")

    class Meta(ArticleOutputSerializer.Meta):
        fields = [*ArticleOutputSerializer.Meta.fields, "created", "requeued"]


def _to_input(data: dict) -> ArticleInput:
    if data.get("html"):
        extracted = html_to_article(data["html"], url=data.get("url", ""))
        return ArticleInput(text=extracted.text, title=data["title"] or extracted.title,
                            publisher=data["publisher"] or extracted.publisher, url=data.get("url", ""),
                            published_at=data["published_at"] or extracted.published_at)
    return ArticleInput(text=data["text"], title=data["title"], publisher=data["publisher"],
                        url=data.get("url", ""), published_at=data["published_at"])


class ArticleListCreate(ListCreateAPIView):
    permission_classes = DESK_PERMISSIONS
    serializer_class = ArticleOutputSerializer
    pagination_class = ArticleCursor
    filterset_fields = ["status", "source"]

    def get_queryset(self):
        return Article.objects.annotate(claim_count=Count("claims"))

    @extend_schema(summary="List articles, newest first, with their ingest status",
                   responses={200: ArticleOutputSerializer(many=True), **errors(400, 401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ArticleInputSerializer,
        responses={202: ArticleCreateResponse, 200: ArticleCreateResponse, **ERRORS},
        summary="Submit an article (text, html, or a url fetched server-side)",
        description=(
            "202: stored and queued for claim extraction (or, for a stuck or failed article with the same "
            "text, queued again: `requeued`). 200: the same text was already known. A `url` alone is fetched "
            "by a worker, not in this request: 202 with status `fetching` and a `Location` header naming the "
            "article to poll, which moves to `queued`, `done`, `failed` (with the reason in `error`) or "
            "`duplicate` (`duplicate_of` names the article with that text). A URL that is not public is "
            "refused here (400)."
        ),
    )
    def post(self, request, *args, **kwargs):
        if not can_ingest(request.user):
            raise IngestError("forbidden", "Only editors and admins can submit articles.")
        serializer = ArticleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("text") or data.get("html"):
            result = article_ingest(_to_input(data), source=Article.Source.API, actor=request.user)
        else:
            result = article_fetch_request(data["url"], source=Article.Source.API, actor=request.user,
                                           title=data["title"], publisher=data["publisher"],
                                           published_at=data["published_at"])
        article = self.get_queryset().get(pk=result.article.pk)
        article.created, article.requeued = result.created, result.requeued
        accepted = result.created or result.requeued
        return Response(ArticleCreateResponse(article).data,
                        status=status.HTTP_202_ACCEPTED if accepted else status.HTTP_200_OK,
                        headers={"Location": reverse("api:article-detail", kwargs={"pk": article.pk})})


class ArticleDetail(RetrieveAPIView):
    permission_classes = DESK_PERMISSIONS
    serializer_class = ArticleDetailSerializer

    @extend_schema(responses={200: ArticleDetailSerializer, **errors(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.annotate(claim_count=Count("claims")).prefetch_related("claims")
