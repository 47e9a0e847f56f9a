from django.contrib import admin

from .models import Correction, EvidenceLink, Rating, RatingScale, Verdict


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ("position", "value", "label", "slug", "description", "colour")
    prepopulated_fields = {"slug": ("label",)}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_default")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("label", "scale", "value", "position", "colour")
    list_filter = ("scale",)
    list_select_related = ("scale",)
    search_fields = ("label",)


class EvidenceInline(admin.StackedInline):
    model = EvidenceLink
    extra = 0
    fields = ("url", "title", "publisher", "stance", "quote", "accessed_on", "link_status")
    readonly_fields = ("link_status",)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ("created_at", "kind", "what_changed", "old_rating", "new_rating", "note", "decided_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("__str__", "rating", "claim_state", "author", "editor", "published_at")
    list_filter = ("rating", "claim__state")
    list_select_related = ("rating", "claim", "author", "editor")
    search_fields = ("headline", "summary", "claim__text")
    readonly_fields = ("claim", "version", "slug", "published_at", "modified_at", "retracted_at")
    inlines = [EvidenceInline, CorrectionInline]

    @admin.display(description="State", ordering="claim__state")
    def claim_state(self, obj):
        return obj.claim.get_state_display()


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "stance", "link_status", "verdict")
    list_filter = ("stance", "link_status")
    list_select_related = ("verdict",)
    search_fields = ("title", "url", "publisher")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("verdict", "kind", "what_changed", "old_rating", "new_rating", "created_at")
    list_filter = ("kind",)
    list_select_related = ("verdict",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
