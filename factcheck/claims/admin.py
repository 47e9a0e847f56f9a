from django.contrib import admin

from .models import ArchivedFactCheck, Assignment, Claim, ClaimCluster


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "claim"
    extra = 0
    fields = ("reviewer", "role", "state", "due_at", "assigned_by", "assigned_at", "finished_at")
    readonly_fields = ("assigned_by", "assigned_at", "finished_at")
    autocomplete_fields = ("reviewer",)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("text_short", "score", "claim_type", "speaker", "state", "priority", "due_at", "article")
    list_filter = ("state", "claim_type", "priority")
    search_fields = ("text", "speaker", "article__title")
    list_select_related = ("article",)
    readonly_fields = ("article", "text", "start", "end", "context", "score", "version", "created_at", "updated_at")
    inlines = [AssignmentInline]

    @admin.display(description="Claim", ordering="text")
    def text_short(self, obj):
        return obj.text[:120]


@admin.register(ClaimCluster)
class ClaimClusterAdmin(admin.ModelAdmin):
    list_display = ("label", "created_at")
    search_fields = ("label",)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("claim", "reviewer", "role", "state", "due_at", "assigned_by", "assigned_at")
    list_filter = ("state", "role", "reviewer")
    list_select_related = ("claim", "reviewer", "assigned_by")
    search_fields = ("claim__text", "reviewer__username")
    raw_id_fields = ("claim",)


@admin.register(ArchivedFactCheck)
class ArchivedFactCheckAdmin(admin.ModelAdmin):
    list_display = ("claim_text", "rating", "publisher", "published_at", "url")
    list_filter = ("publisher", "rating")
    search_fields = ("claim_text", "url", "publisher")
