from django.contrib import admin

from .models import AuditEvent, PanelVote, ReviewerProfile


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for superusers."""

    list_display = ("created_at", "actor", "action", "claim", "from_state", "to_state", "note")
    list_filter = ("action", "to_state")
    list_select_related = ("actor", "claim")
    search_fields = ("action", "note", "object_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "available", "unavailable_until", "note")
    list_filter = ("available",)
    search_fields = ("user__username",)


@admin.register(PanelVote)
class PanelVoteAdmin(admin.ModelAdmin):
    list_display = ("verdict", "editor", "rating", "verdict_version", "created_at")
    list_select_related = ("verdict", "editor", "rating")

    def has_change_permission(self, request, obj=None):
        return False
