"""The desk's records in the admin, viewable and never edited there: assignments, the audit log, panel
votes and published revisions are written by the services; reviewer availability is plain data."""

from django.contrib import admin

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Assignment

from .. import selectors
from ..models import PanelVote, ReviewerProfile, VerdictRevision
from .mixins import WrittenByServicesMixin

# The admin home starts with the desk's entry points (My claims, the queue, overdue, the dashboard).
admin.site.index_template = "workflows/desk/index.html"


@admin.register(Assignment)
class AssignmentAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    """Read-only: assignments are made and ended by the assign/unassign/reassign/publish services."""

    list_display = ("claim", "reviewer", "role", "state", "due_at", "assigned_by", "assigned_at")
    list_filter = ("state", "role", "reviewer")
    list_select_related = ("claim", "reviewer", "assigned_by")
    search_fields = ("claim__text", "reviewer__username")


@admin.register(AuditEvent)
class AuditEventAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for superusers.

    Events about a draft the user may not see (``selectors.audit_events_for``) are left out altogether,
    not just blanked, so neither the list, the change page nor a search on notes can reveal them; the
    claim's own history page still lists them as sentences.
    """

    list_display = ("created_at", "actor", "action", "claim", "from_state", "to_state", "note")
    list_filter = ("action", "to_state")
    list_select_related = ("actor", "claim")
    search_fields = ("action", "note", "object_id")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return selectors.audit_events_for(request.user).filter(draft_hidden=False).select_related("claim")


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "available", "unavailable_until", "note")
    list_filter = ("available",)
    search_fields = ("user__username",)


@admin.register(PanelVote)
class PanelVoteAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    """Votes are cast on the claim page; a reviewer sees only votes on verdicts they may see."""

    list_display = ("verdict", "editor", "rating", "verdict_version", "created_at")
    list_select_related = ("verdict", "editor", "rating")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(verdict__in=selectors.visible_verdicts(request.user))


@admin.register(VerdictRevision)
class VerdictRevisionAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    """Every published version of every fact-check, for editors."""

    list_display = ("verdict", "number", "kind", "created_by", "created_at")
    list_filter = ("kind",)
    list_select_related = ("verdict", "created_by")
    readonly_fields = ("verdict", "number", "kind", "snapshot", "created_by", "created_at")
