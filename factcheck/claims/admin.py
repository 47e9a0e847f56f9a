"""Admin for the claims app's reference rows: clusters of repeated claims and the archive of fact-checks
published elsewhere. The desk itself (the claim queue and page, assignments) is ``workflows.desk``,
which registers ``Claim`` and ``Assignment``: this app sits below the workflow and never imports it.
"""

from django.contrib import admin

from .models import ArchivedFactCheck, ClaimCluster


@admin.register(ClaimCluster)
class ClaimClusterAdmin(admin.ModelAdmin):
    list_display = ("label", "created_at")
    search_fields = ("label",)


@admin.register(ArchivedFactCheck)
class ArchivedFactCheckAdmin(admin.ModelAdmin):
    list_display = ("claim_text", "rating", "publisher", "published_at", "url")
    list_filter = ("publisher", "rating")
    search_fields = ("claim_text", "url", "publisher")
