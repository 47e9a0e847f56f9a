from django.contrib import admin, messages

from .models import Article
from .services import article_retry


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

    @admin.action(description="Re-run extraction for the selected failed or stuck articles")
    def retry_articles(self, request, queryset):
        retryable = queryset.exclude(status=Article.Status.DONE)
        count = 0
        for article_id in retryable.values_list("pk", flat=True):
            article_retry(article_id=article_id)
            count += 1
        skipped = queryset.count() - count
        self.message_user(request, f"{count} article(s) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} article(s) were already done and left alone.", messages.INFO)
