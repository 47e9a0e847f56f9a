"""The desk's topic list in the admin: the controlled list of subjects claims and fact-checks are filed under.

Admins add, rename and describe topics and keep the keywords extraction suggests them from (the Admin group
holds every permission of the claims app); editors and reviewers see the list, to know what each topic
means and which words suggest it, but change nothing. Each row links to the queue filtered by the topic and
to its public page.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from factcheck.claims.models import ClaimTopic, Topic
from factcheck.roles import role_of


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "keyword_summary", "accepted_claims", "waiting", "public_page")
    search_fields = ("name", "slug", "keywords", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "keywords", "created_at", "updated_at")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)

    def get_queryset(self, request):
        accepted, suggested = ClaimTopic.Status.ACCEPTED, ClaimTopic.Status.SUGGESTED
        return (
            super()
            .get_queryset(request)
            .annotate(
                accepted_count=Count("claim_links", filter=Q(claim_links__status=accepted)),
                suggested_count=Count("claim_links", filter=Q(claim_links__status=suggested)),
            )
        )

    def has_view_permission(self, request, obj=None):
        """Everyone on the desk reads the list; changing it stays with whoever holds the model permissions."""
        return role_of(request.user) is not None or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return role_of(request.user) is not None or super().has_module_permission(request)

    @admin.display(description=_("Keywords"))
    def keyword_summary(self, obj):
        words = obj.keyword_list
        shown = ", ".join(words[:6]) + ("…" if len(words) > 6 else "")
        return shown or format_html('<span class="fd-muted">{}</span>', _("none: never suggested"))

    @admin.display(description=_("Claims filed"), ordering="accepted_count")
    def accepted_claims(self, obj):
        url = reverse("admin:claims_claim_changelist") + f"?topic={obj.slug}&state=all"
        return format_html('<a href="{}">{}</a>', url, obj.accepted_count)

    @admin.display(description=_("Suggestions waiting"), ordering="suggested_count")
    def waiting(self, obj):
        url = reverse("admin:claims_claim_changelist") + f"?topic=suggested:{obj.slug}"
        return format_html('<a href="{}">{}</a>', url, obj.suggested_count)

    @admin.display(description=_("Public page"))
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())
