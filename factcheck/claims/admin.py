"""The desk's admin for claims: the queue, the claim page with its workflow buttons, "My claims", the
dashboard and the audit trail.

The standard change form never changes a claim: every field is read-only, and every change is a button
or a bulk action that calls a service in ``workflows.services`` (which checks state, permission and
version, and writes the audit log). Model permissions from ``workflows.roles`` decide what is shown;
the services decide what may be done.
"""
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from workflows import admin_views, permissions, selectors, services
from workflows.admin_filters import ArticleFilter, ClusterFilter, DueFilter, ReviewerFilter, ScoreBandFilter
from workflows.admin_mixins import WrittenByServicesMixin
from workflows.display import highlight_claim
from workflows.forms import BulkAssignForm, BulkDismissForm, BulkPriorityForm
from workflows.roles import ADMIN, EDITOR

from .models import ArchivedFactCheck, Assignment, Claim, ClaimCluster


class CappedCountPaginator(Paginator):
    """Counts at most ``cap`` matching claims (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``).

    The admin counts the filtered queue on every page view to draw its pagination; over 100,000s of claims
    that COUNT reads every matching row. Past ``cap`` the list says so and offers the first ``cap`` rows
    (200 pages); filters and search narrow it.
    """

    cap = 10_000
    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: self.cap + 1].count()  # no sort: only how many
        self.capped = counted > self.cap
        return min(counted, self.cap)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("claim_in_context", "score_band", "claim_type", "who_says", "linked", "state", "priority", "due",
                    "reviewers", "article")
    list_display_links = ("claim_in_context",)
    list_filter = ("state", "claim_type", "priority", DueFilter, ReviewerFilter, ScoreBandFilter, ArticleFilter,
                   ClusterFilter)
    search_fields = ("text", "speaker", "article__title")
    ordering = ("priority", "-score", "id")
    list_per_page = 50
    # The queue can hold hundreds of thousands of claims: do not COUNT(*) the whole table on every page,
    # neither for the "N total" link nor for the pagination of the filtered list.
    show_full_result_count = False
    paginator = CappedCountPaginator
    actions = ["assign_reviewers", "auto_assign", "dismiss_with_reason", "set_priority"]
    change_form_template = "workflows/admin/claim_change_form.html"
    change_list_template = "workflows/admin/claim_change_list.html"
    fieldsets = (
        ("Claim", {"fields": ("text", "speaker", "claim_type", "score", "article", "start", "end")}),
        ("Workflow", {"fields": ("state", "priority", "due_at", "dismiss_reason", "version")}),
        ("Matching", {"fields": ("cluster", "archived_match", "match_score")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    readonly_fields = tuple(f for _, opts in fieldsets for f in opts["fields"])

    # --- what the admin shows ---------------------------------------------------------------------

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("article")
            .prefetch_related(selectors.active_assignments_prefetch())
        )

    def has_add_permission(self, request):
        return False  # claims come from the extraction pipeline

    def has_change_permission(self, request, obj=None):
        return False  # the form never writes; changes go through the workflow buttons

    def has_workflow_permission(self, request):
        """Bulk actions are for editors and admins (the services check each claim again)."""
        return permissions.role_of(request.user) in (EDITOR, ADMIN)

    @admin.display(description="Claim (in its sentence)")
    def claim_in_context(self, obj):
        return highlight_claim(obj, window=90)

    @admin.display(description="Score", ordering="score")
    def score_band(self, obj):
        return f"{obj.score:.2f}"

    @admin.display(description="Who says so", ordering="speaker")
    def who_says(self, obj):
        return obj.speaker or format_html('<span class="fd-muted">{}</span>', "the publication")

    @admin.display(description="Seen before")
    def linked(self, obj):
        """Repeats across articles and already published fact-checks, without a query per row."""
        parts = []
        if obj.cluster_id:
            parts.append(format_html('<a href="?cluster={}">repeated elsewhere</a>', obj.cluster_id))
        if obj.archived_match_id:
            parts.append(format_html('<strong class="fd-checked">already checked</strong>'))
        return format_html_join(" · ", "{}", ((p,) for p in parts)) or "—"

    @admin.display(description="Due", ordering="due_at")
    def due(self, obj):
        if not obj.due_at:
            return "—"
        if obj.is_overdue:
            return format_html('{} <span class="fd-overdue">overdue</span>', f"{obj.due_at:%Y-%m-%d %H:%M}")
        return f"{obj.due_at:%Y-%m-%d %H:%M}"

    @admin.display(description="Reviewers")
    def reviewers(self, obj):
        active = sorted(getattr(obj, "active_assignments", []), key=lambda a: (a.role != Assignment.Role.LEAD, a.pk))
        return format_html_join(", ", "{}", ((a.reviewer.get_username(),) for a in active)) or "—"

    # --- pages --------------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("mine/", wrap(self.my_claims_view), name="claims_claim_mine"),
            path("dashboard/", wrap(self.dashboard_view), name="claims_claim_dashboard"),
            path("<int:object_id>/workflow/<str:action>/", wrap(self.workflow_view), name="claims_claim_workflow"),
            path("<int:object_id>/evidence/<int:evidence_id>/edit/", wrap(self.evidence_edit_view),
                 name="claims_claim_evidence_edit"),
            path("<int:object_id>/evidence/<int:evidence_id>/remove/", wrap(self.evidence_remove_view),
                 name="claims_claim_evidence_remove"),
            *super().get_urls(),
        ]

    def my_claims_view(self, request):
        return admin_views.my_claims_view(self, request)

    def dashboard_view(self, request):
        return admin_views.dashboard_view(self, request)

    def workflow_view(self, request, object_id, action):
        return admin_views.workflow_action_view(self, request, str(object_id), action)

    def evidence_edit_view(self, request, object_id, evidence_id):
        return admin_views.evidence_edit_view(self, request, str(object_id), evidence_id)

    def evidence_remove_view(self, request, object_id, evidence_id):
        return admin_views.evidence_remove_view(self, request, str(object_id), evidence_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        if claim is not None and self.has_view_permission(request, claim):
            extra_context = {**(extra_context or {}), "wf": admin_views.claim_workflow_context(request, claim)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The admin's History link shows the workflow audit trail rather than Django's LogEntry."""
        return admin_views.history_view(self, request, object_id)

    # --- bulk actions (each calls a service per claim) -----------------------------------------------

    def _intermediate(self, request, queryset, form, action, title, submit_label):
        claims = list(queryset)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": title, "claims": claims,
            "summary": admin_views.bulk_summary(claims), "form": form, "action": action,
            "submit_label": submit_label,
        }
        return TemplateResponse(request, "workflows/admin/bulk_action.html", context)

    def _report(self, request, result, verb):
        if result.done:
            self.message_user(request, f"{len(result.done)} claim(s) {verb}.", messages.SUCCESS)
        for claim_id, error in list(result.failed.items())[:10]:
            self.message_user(request, f"Claim {claim_id}: {error.message}", messages.ERROR)
        if len(result.failed) > 10:
            self.message_user(request, f"…and {len(result.failed) - 10} more refused.", messages.ERROR)

    @admin.action(description="Assign to reviewer(s) with a due date…", permissions=["workflow"])
    def assign_reviewers(self, request, queryset):
        form = BulkAssignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = services.claims_bulk_assign(
                claim_ids=list(queryset.values_list("pk", flat=True)), actor=request.user,
                reviewers=form.reviewers(), due_at=form.cleaned_data["due_at"], priority=form.cleaned_data["priority"],
            )
            self._report(request, result, "assigned")
            return None
        return self._intermediate(request, queryset, form, "assign_reviewers", "Assign claims", "Assign")

    @admin.action(description="Auto-assign by workload", permissions=["workflow"])
    def auto_assign(self, request, queryset):
        result = services.claims_auto_assign(claim_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)
        if result.assigned:
            pairs = ", ".join(f"{cid} → {user.get_username()}" for cid, user in result.assigned.items())
            self.message_user(request, f"Auto-assigned {len(result.assigned)} claim(s): {pairs}.", messages.SUCCESS)
        for claim_id, why in list(result.skipped.items())[:10]:
            self.message_user(request, f"Claim {claim_id} skipped: {why}.", messages.WARNING)

    @admin.action(description="Dismiss with a reason…", permissions=["workflow"])
    def dismiss_with_reason(self, request, queryset):
        form = BulkDismissForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = services.claims_bulk_dismiss(
                claim_ids=list(queryset.values_list("pk", flat=True)), actor=request.user,
                reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
            )
            self._report(request, result, "dismissed")
            return None
        return self._intermediate(request, queryset, form, "dismiss_with_reason", "Dismiss claims", "Dismiss")

    @admin.action(description="Set priority…", permissions=["workflow"])
    def set_priority(self, request, queryset):
        form = BulkPriorityForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = services.claims_bulk_set_priority(
                claim_ids=list(queryset.values_list("pk", flat=True)), actor=request.user,
                priority=form.cleaned_data["priority"],
            )
            self._report(request, result, "updated")
            return None
        return self._intermediate(request, queryset, form, "set_priority", "Set priority", "Set priority")


@admin.register(ClaimCluster)
class ClaimClusterAdmin(admin.ModelAdmin):
    list_display = ("label", "created_at")
    search_fields = ("label",)


@admin.register(Assignment)
class AssignmentAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    """Read-only: assignments are made and ended by the assign/unassign/reassign/publish services."""

    list_display = ("claim", "reviewer", "role", "state", "due_at", "assigned_by", "assigned_at")
    list_filter = ("state", "role", "reviewer")
    list_select_related = ("claim", "reviewer", "assigned_by")
    search_fields = ("claim__text", "reviewer__username")


@admin.register(ArchivedFactCheck)
class ArchivedFactCheckAdmin(admin.ModelAdmin):
    list_display = ("claim_text", "rating", "publisher", "published_at", "url")
    list_filter = ("publisher", "rating")
    search_fields = ("claim_text", "url", "publisher")
