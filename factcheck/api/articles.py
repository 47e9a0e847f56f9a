"""Articles over HTTP: submit one (text, HTML, a file or a URL to fetch) and follow its ingest status.

Every way in ends in ``services.article_submit``, the service the desk's intake form calls too, so a file
sent here is read, refused and stored exactly as one uploaded at the desk.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListCreateAPIView, RetrieveAPIView
from rest_framework.response import Response

from factcheck.articles.models import Article
from factcheck.articles.services import article_submit, can_ingest
from factcheck.inputs import IngestError

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
            raise serializers.ValidationError({name: [gettext("Unknown field.")] for name in sorted(unknown)})
        bodies = [key for key in ("text", "html", "file") if attrs.get(key)]
        if len(bodies) > 1:
            refusal = gettext(self.ONE_BODY) % {"fields": " + ".join(bodies)}
            raise serializers.ValidationError({bodies[-1]: [refusal]})
        if not bodies and not attrs.get("url"):
            raise serializers.ValidationError({"text": [gettext(self.NO_BODY)]})
        return attrs

    # The refusals as whole sentences per form of the request (translated when raised).
    ONE_BODY = gettext_noop("Send one of text or html, not %(fields)s.")
    NO_BODY = gettext_noop("Send text or html, or a url to fetch.")


@extend_schema_field({"type": "string", "format": "binary"})
class UploadField(serializers.FileField):
    """A file in a multipart body: documented as binary (the file's bytes), never as a URL to one."""


class ArticleUploadSerializer(ArticleInputSerializer):
    """The multipart form of the same request: a ``file`` (.txt, .md, .html, .docx or .pdf) or the text."""

    ONE_BODY = gettext_noop("Send one of a file, text or html, not %(fields)s.")
    NO_BODY = gettext_noop("Send a file, text or html, or a url to fetch.")
    file = UploadField(
        required=False,
        allow_empty_file=True,
        use_url=False,
        help_text="The article as a .txt, .md, .html, .docx or .pdf file (a PDF needs a "
        "text layer). `url`, when sent with it, is where it was published.",
    )


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
        fields = [
            "id",
            "title",
            "publisher",
            "url",
            "published_at",
            "language",
            "source",
            "status",
            "error",
            "duplicate_of",
            "attempts",
            "claim_count",
            "created_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleOutputSerializer):
    claims = ArticleClaimSerializer(many=True, read_only=True)

    class Meta(ArticleOutputSerializer.Meta):
        fields = [*ArticleOutputSerializer.Meta.fields, "claims"]


class ArticleCreateResponse(ArticleOutputSerializer):
    created = serializers.BooleanField()
    requeued = serializers.BooleanField(
        help_text="A stuck or failed article with this text (or URL) was sent through its pipeline again."
    )

    class Meta(ArticleOutputSerializer.Meta):
        fields = [*ArticleOutputSerializer.Meta.fields, "created", "requeued"]


class ArticleListCreate(ListCreateAPIView):
    permission_classes = DESK_PERMISSIONS
    serializer_class = ArticleOutputSerializer
    pagination_class = ArticleCursor
    filterset_fields = ["status", "source", "language"]  # ?language=ru: the article's detected language

    def get_queryset(self):
        return Article.objects.annotate(claim_count=Count("claims"))

    @extend_schema(
        summary="List articles, newest first, with their ingest status",
        responses={200: ArticleOutputSerializer(many=True), **errors(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"application/json": ArticleInputSerializer, "multipart/form-data": ArticleUploadSerializer},
        responses={202: ArticleCreateResponse, 200: ArticleCreateResponse, **ERRORS},
        summary="Submit an article (text, html, a file, or a url fetched server-side)",
        description=(
            "202: stored and queued for claim extraction (or, for a stuck or failed article with the same "
            "text, queued again: `requeued`). 200: the same text was already known. A `url` alone is fetched "
            "by a worker, not in this request: 202 with status `fetching` and a `Location` header naming the "
            "article to poll, which moves to `queued`, `done`, `failed` (with the reason in `error`) or "
            "`duplicate` (`duplicate_of` names the article with that text). A URL that is not public is "
            "refused here (400).\n\n"
            "As `multipart/form-data`, send the article as a `file` (.txt, .md, .html, .docx, or .pdf with a "
            "text layer; source `file`, its name kept) with the same optional fields. A file that cannot be "
            "read is refused with the same error body as text: `empty`, `binary`, `encoding`, `unsupported`, "
            "`unreadable`, `encrypted`, `no_text` (400) or `too_large` (413)."
        ),
    )
    def post(self, request, *args, **kwargs):
        if not can_ingest(request.user):
            raise IngestError("forbidden", gettext("Only editors and admins can submit articles."))
        multipart = request.content_type.startswith("multipart/")
        serializer = (ArticleUploadSerializer if multipart else ArticleInputSerializer)(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        body = {"text": data.get("text") or None, "html": data.get("html") or None, "upload": data.get("file")}
        if any(body.values()):
            result = article_submit(
                actor=request.user,
                source=Article.Source.API,
                **body,
                title=data["title"],
                publisher=data["publisher"],
                original_url=data.get("url", ""),
                published_at=data["published_at"],
            )
        else:
            result = article_submit(
                actor=request.user,
                source=Article.Source.API,
                url=data["url"],
                title=data["title"],
                publisher=data["publisher"],
                published_at=data["published_at"],
            )
        article = self.get_queryset().get(pk=result.article.pk)
        article.created, article.requeued = result.created, result.requeued
        accepted = result.created or result.requeued
        return Response(
            ArticleCreateResponse(article).data,
            status=status.HTTP_202_ACCEPTED if accepted else status.HTTP_200_OK,
            headers={"Location": reverse("api:article-detail", kwargs={"pk": article.pk})},
        )


class ArticleDetail(RetrieveAPIView):
    permission_classes = DESK_PERMISSIONS
    serializer_class = ArticleDetailSerializer

    @extend_schema(responses={200: ArticleDetailSerializer, **errors(401, 403, 404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.annotate(claim_count=Count("claims")).prefetch_related("claims")
