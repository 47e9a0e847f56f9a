"""The articles admin: the pipeline's rows, read mostly; editors and admins may re-run extraction.

Re-running is a desk action (``workflows.permissions``, ``DeskAction.RERUN_EXTRACTION``): the action is
offered only to those the matrix allows, the service checks again, and a POST naming an action the user
is not offered is refused outright (403) rather than ignored.
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from workflows import permissions, services
from workflows.actions import DeskAction
from workflows.exceptions import ActionForbidden

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "source", "status", "claim_count", "created_at")
    list_filter = ("status", "source", "language")
    search_fields = ("title", "publisher", "url", "source_name")
    date_hierarchy = "created_at"
    actions = ["retry_articles"]
    readonly_fields = (
        "content_hash", "status", "error", "attempts", "status_changed_at", "created_at", "updated_at",
        "raw_text", "cleaned_text",
    )
    fieldsets = (
        (None, {"fields": ("title", "publisher", "url", "published_at", "language", "source", "source_name")}),
        ("Processing", {"fields": ("status", "error", "attempts", "status_changed_at", "content_hash")}),
        ("Text", {"classes": ("collapse",), "fields": ("raw_text", "cleaned_text")}),
        ("Timestamps", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_claim_count=Count("claims"))

    @admin.display(description="Claims", ordering="_claim_count")
    def claim_count(self, obj):
        return obj._claim_count

    def has_rerun_extraction_permission(self, request) -> bool:
        return permissions.can(request.user, DeskAction.RERUN_EXTRACTION)

    def changelist_view(self, request, extra_context=None):
        """A POST naming one of this page's actions that the user is not offered is a 403, not a no-op."""
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action in self.actions and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.action(description="Re-run extraction for the selected failed or stuck articles",
                  permissions=["rerun_extraction"])
    def retry_articles(self, request, queryset):
        try:
            result = services.articles_rerun_extraction(
                article_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)
        except ActionForbidden as error:
            raise PermissionDenied(error.message) from error
        self.message_user(request, f"{len(result.queued)} article(s) queued again.", messages.SUCCESS)
        if result.skipped:
            self.message_user(request, f"{len(result.skipped)} article(s) were already done and left alone.",
                              messages.INFO)
