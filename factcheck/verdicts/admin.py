"""Admin for rating scales and their ratings, editable by admins.

Verdicts, evidence and corrections are written by the workflow services; their read-only pages are the
desk's (``workflows.desk.verdicts``).
"""

from django.contrib import admin

from .models import Rating, RatingScale


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
