from django.contrib import admin

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "source", "status", "claim_count", "created_at")
    list_filter = ("status", "source", "language")
    search_fields = ("title", "publisher", "url", "source_name")
    date_hierarchy = "created_at"
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
