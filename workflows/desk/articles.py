"""The desk's article pages: the way in (Articles → Add), and the pipeline's rows, read mostly.

Add is the intake form (``factcheck.articles.forms.ArticleIntakeForm``: paste, upload or a URL), never the
model form: the article is made by ingestion's ``article_submit``, as through the API, so the desk cannot
save an empty row, and the same text twice lands on the article already there. Only those ``can_ingest``
allows see Add (editors and admins). An article's page says where its pipeline is, in words, and lists its claims;
``articles/article_progress.js`` polls ``<id>/status/`` while it is pending (a meta refresh without JS).

Re-running is a desk action (``workflows.permissions``, ``DeskAction.RERUN_EXTRACTION``): the action is
offered only to those the matrix allows, the service checks again, and a POST naming an action the user
is not offered is refused outright (403) rather than ignored.

A claim the model missed is added on the article's page (editors and admins): select it in the article's
text (``articles/add_claim.js`` records the selection's offsets into the raw text) or type one with where
it came from; ``<id>/add-claim/`` hands either to ``claim_edits``, which lands on the claim.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck.articles import selectors
from factcheck.articles.forms import ArticleIntakeForm
from factcheck.articles.language import editor_language
from factcheck.articles.models import Article
from factcheck.articles.services import IngestResult, article_set_language, article_submit, can_ingest
from factcheck.extraction.language import ARTICLE_LANGUAGES
from factcheck.inputs import IngestError

from .. import permissions, services
from ..actions import DeskAction
from ..exceptions import ActionForbidden
from . import claim_edits
from .display import language_name

#: Claims listed on an article's page (and in its status answer); the queue link shows them all.
CLAIMS_SHOWN = 200


class ArticleLanguageForm(forms.Form):
    """The article's language, one of those extraction detects, by name."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: [(code, f"{language_name(code)} ({code})") for code in ARTICLE_LANGUAGES],
    )


class LanguageListFilter(admin.SimpleListFilter):
    """The languages articles on the desk are in, by name ("Russian (ru)")."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = Article.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(code, f"{language_name(code)} ({code})") for code in codes if code]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "source", "language_label", "status", "claim_count", "created_at")
    list_filter = ("status", "source", LanguageListFilter)
    search_fields = ("title", "publisher", "url", "source_name")
    date_hierarchy = "created_at"
    actions = ["retry_articles"]
    readonly_fields = (
        "content_hash",
        "status",
        "error",
        "attempts",
        "status_changed_at",
        "created_at",
        "updated_at",
        "raw_text",
        "cleaned_text",
        "language_label",
    )
    fieldsets = (
        (None, {"fields": ("title", "publisher", "url", "published_at", "language_label", "source", "source_name")}),
        (_("Processing"), {"fields": ("status", "error", "attempts", "status_changed_at", "content_hash")}),
        (_("Text"), {"classes": ("collapse",), "fields": ("raw_text", "cleaned_text")}),
        (_("Timestamps"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_claim_count=Count("claims"))

    @admin.display(description=_("Claims"), ordering="_claim_count")
    def claim_count(self, obj):
        return obj._claim_count

    @admin.display(description=_("Language"), ordering="language")
    def language_label(self, obj):
        """ "Russian (ru)": detected when the article was processed, corrected on its page (``language_view``)."""
        return f"{language_name(obj.language)} ({obj.language})" if obj.language else "—"

    change_form_template = "articles/admin/article_change_form.html"

    # --- the way in --------------------------------------------------------------------------------

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and can_ingest(request.user)

    def add_view(self, request, form_url="", extra_context=None):
        """The intake form; on success the editor lands on the article (the one already there, for the
        same text), on a refusal the form comes back with the reason on its field and nothing lost."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleIntakeForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = article_submit(actor=request.user, source=self._source(form.kind), **form.submission())
            except IngestError as error:
                form.add_refusal(error)
            else:
                article = self._tell(request, result, form.kind)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Add an article"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "articles/admin/article_intake.html", context)

    @staticmethod
    def _source(kind: str) -> str:
        return Article.Source.URL if kind == "url" else Article.Source.ADMIN

    def _tell(self, request, result: IngestResult, kind: str) -> Article:
        """Say what happened; return the article to land on (for a fetched page with known text: that one)."""
        article = Article.objects.get(pk=result.article.pk)  # a fetch run in-process may have moved it on
        if article.status == Article.Status.DUPLICATE and article.duplicate_of is not None:
            article = article.duplicate_of
            result = IngestResult(article, created=False)
        if result.created and article.status == Article.Status.DONE:
            count = article.claims.count()
            self.message_user(
                request,
                ngettext(
                    "Article “%(article)s” added: %(count)d claim found, listed below.",
                    "Article “%(article)s” added: %(count)d claims found, listed below.",
                    count,
                )
                % {"article": article, "count": count},
                messages.SUCCESS,
            )
        elif result.created:
            if kind == "url":
                said = gettext(
                    "Article “%(article)s” added. The page is being fetched; its claims appear below as they are found."
                )
            else:
                said = gettext("Article “%(article)s” added. Its claims appear below as they are found.")
            self.message_user(request, said % {"article": article}, messages.SUCCESS)
        elif result.requeued:
            self.message_user(
                request,
                gettext(
                    "This article is already on the desk: “%(article)s”. "
                    "It had stalled, so it is being processed again."
                )
                % {"article": article},
                messages.INFO,
            )
        elif kind == "url" and not article.content_hash:
            self.message_user(
                request,
                gettext("This URL is already being fetched: “%(article)s”. Nothing new was stored.")
                % {"article": article},
                messages.WARNING,
            )
        else:
            added = date_format(timezone.localtime(article.created_at), "DATE_FORMAT")
            self.message_user(
                request,
                gettext("This article is already on the desk: “%(article)s”, added %(added)s. Nothing new was stored.")
                % {"article": article, "added": added},
                messages.WARNING,
            )
        return article

    # --- the article's page ------------------------------------------------------------------------

    def get_urls(self):
        status = path(
            "<path:object_id>/status/", self.admin_site.admin_view(self.status_view), name="articles_article_status"
        )
        add_claim = path(
            "<path:object_id>/add-claim/",
            self.admin_site.admin_view(self.add_claim_view),
            name="articles_article_add_claim",
        )
        language = path(
            "<path:object_id>/language/",
            self.admin_site.admin_view(self.language_view),
            name="articles_article_language",
        )
        return [status, add_claim, language, *super().get_urls()]

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_permission(request, article):
            raise Http404("No such article.")
        return article

    def status_view(self, request, object_id):
        """Where the pipeline is and the claims so far, as JSON, for the page's polling script."""
        article = self._article_or_404(request, object_id)
        progress = selectors.article_progress(article)
        claims = [
            {
                "id": claim.pk,
                "text": claim.text[:300],
                "score": round(claim.score, 2),
                "type": claim.get_claim_type_display(),
                "speaker": claim.speaker,
                "state": claim.get_state_display(),
                "url": reverse("admin:claims_claim_change", args=[claim.pk]),
            }
            for claim in selectors.article_claims(article)[:CLAIMS_SHOWN]
        ]
        return JsonResponse({**progress.as_dict(), "claims": claims}, headers={"Cache-Control": "no-store"})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None and self.has_view_permission(request, article):
            extra_context = {
                **(extra_context or {}),
                "progress": selectors.article_progress(article),
                "article_claims": selectors.article_claims(article)[:CLAIMS_SHOWN],
                "status_url": reverse("admin:articles_article_status", args=[article.pk]),
                "queue_url": reverse("admin:claims_claim_changelist") + f"?article={article.pk}",
                # A claim the model missed: select it in the text, or type one (``claim_edits``).
                **claim_edits.add_claim_context(request, article),
                **self._language_context(request, article),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _language_context(self, request, article: Article) -> dict:
        """The language correction form, for those who may change it (editors and admins)."""
        if not can_ingest(request.user):
            return {}
        form = ArticleLanguageForm(initial={"language": article.language})
        if article.language and article.language not in ARTICLE_LANGUAGES:  # detected, but not one the desk reads
            field = form.fields["language"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                (article.language, f"{language_name(article.language)} ({article.language})"),
                *[(code, f"{language_name(code)} ({code})") for code in ARTICLE_LANGUAGES],
            ]
        choice = editor_language(article.pk)
        return {
            "language_form": form,
            "language_url": reverse("admin:articles_article_language", args=[article.pk]),
            # An editor's choice, which extraction keeps (``articles.language``); None: as detected.
            "language_choice": choice if choice is not None and choice.language == article.language else None,
        }

    def language_view(self, request, object_id):
        """POST: correct the article's detected language (``services.article_set_language``); back to the page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        back = reverse("admin:articles_article_change", args=[article.pk]) + "#fd-language"
        form = ArticleLanguageForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Choose the article's language from the list."))
            return HttpResponseRedirect(back)
        before = article.language
        try:
            article = article_set_language(
                article_id=article.pk, language=form.cleaned_data["language"], actor=request.user
            )
        except IngestError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.message) from error
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        if article.language != before:
            messages.success(
                request,
                gettext("Language set to %(language)s. The claims already found keep their scores.")
                % {"language": language_name(article.language)},
            )
        return HttpResponseRedirect(back)

    def add_claim_view(self, request, object_id):
        """POST: add a claim the model missed, from a selection of this article's text or typed; lands on it."""
        return claim_edits.add_claim_view(request, self._article_or_404(request, object_id))

    def has_rerun_extraction_permission(self, request) -> bool:
        return permissions.can(request.user, DeskAction.RERUN_EXTRACTION)

    def changelist_view(self, request, extra_context=None):
        """A POST naming one of this page's actions that the user is not offered is a 403, not a no-op."""
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action in self.actions and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=_("Re-run extraction for the selected failed or stuck articles"), permissions=["rerun_extraction"]
    )
    def retry_articles(self, request, queryset):
        try:
            result = services.articles_rerun_extraction(
                article_ids=list(queryset.values_list("pk", flat=True)), actor=request.user
            )
        except ActionForbidden as error:
            raise PermissionDenied(error.message) from error
        self.message_user(
            request,
            ngettext("%(count)d article queued again.", "%(count)d articles queued again.", len(result.queued))
            % {"count": len(result.queued)},
            messages.SUCCESS,
        )
        if result.skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article was already done and left alone.",
                    "%(count)d articles were already done and left alone.",
                    len(result.skipped),
                )
                % {"count": len(result.skipped)},
                messages.INFO,
            )
