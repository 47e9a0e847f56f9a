"""The desk's read-only pages for verdicts, evidence and corrections.

Verdicts and evidence are written on the claim page, through the workflow services (versions, audit,
permissions); these pages only list them, and a reviewer sees only the drafts of claims assigned to them
until publication.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from factcheck.verdicts.models import Correction, EvidenceLink, Verdict

from .. import selectors
from ..exports.desk import EXPORT_ACTIONS, ExportableAdmin
from .mixins import WrittenByServicesMixin


def _claim_link(claim_id) -> str:
    return format_html('<a href="{}">Open the claim page</a>', reverse("admin:claims_claim_change", args=[claim_id]))


class EvidenceInline(WrittenByServicesMixin, admin.TabularInline):
    model = EvidenceLink
    extra = 0
    fields = ("url", "title", "publisher", "stance", "quote", "accessed_on", "link_status")
    readonly_fields = fields


class CorrectionInline(WrittenByServicesMixin, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ("created_at", "kind", "what_changed", "old_rating", "new_rating", "note", "decided_by")
    readonly_fields = fields


@admin.register(Verdict)
class VerdictAdmin(ExportableAdmin, WrittenByServicesMixin, admin.ModelAdmin):
    # The list, as filtered, as CSV or Excel (workflows.exports: editors and admins).
    export_dataset = "verdicts"
    actions = EXPORT_ACTIONS
    change_list_template = "workflows/exports/change_list.html"
    list_display = ("__str__", "rating", "claim_state", "author", "editor", "published_at")
    list_filter = ("rating", "claim__state")
    list_select_related = ("rating", "claim", "author", "editor")
    search_fields = ("headline", "summary", "claim__text")
    fields = (
        "claim_page",
        "claim",
        "rating",
        "headline",
        "summary",
        "explanation",
        "author",
        "written_by",
        "editor",
        "version",
        "slug",
        "published_rating",
        "published_at",
        "modified_at",
        "retracted_at",
        "retraction_reason",
    )
    readonly_fields = fields
    inlines = [EvidenceInline, CorrectionInline]

    def get_queryset(self, request):
        return selectors.visible_verdicts(request.user)

    @admin.display(description=_("State"), ordering="claim__state")
    def claim_state(self, obj):
        return obj.claim.get_state_display()

    @admin.display(description=_("Written by"))
    def written_by(self, obj):
        """Everyone who wrote any of the draft or its evidence, first writer first: none of them signs it off."""
        names = [c.user.get_username() for c in obj.contributions.select_related("user").order_by("first_at", "id")]
        return ", ".join(names) or "—"

    @admin.display(description=_("Edit"))
    def claim_page(self, obj):
        return _claim_link(obj.claim_id)


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    list_display = ("title", "publisher", "stance", "link_status", "verdict")
    list_filter = ("stance", "link_status")
    list_select_related = ("verdict",)
    search_fields = ("title", "url", "publisher")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(verdict__in=selectors.visible_verdicts(request.user))


@admin.register(Correction)
class CorrectionAdmin(ExportableAdmin, WrittenByServicesMixin, admin.ModelAdmin):
    # The corrections log, as filtered, as CSV or Excel (workflows.exports: editors and admins).
    export_dataset = "corrections"
    actions = EXPORT_ACTIONS
    change_list_template = "workflows/exports/change_list.html"
    list_display = ("verdict", "kind", "what_changed", "old_rating", "new_rating", "created_at")
    list_filter = ("kind",)
    list_select_related = ("verdict",)
