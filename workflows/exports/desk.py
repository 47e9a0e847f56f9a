"""Exports at the desk: the "Export" control of a list (the claim queue, verdicts, the corrections log)
and the admin actions that export the ticked rows.

A list's export is exactly what the list shows, on every page: the admin's own ChangeList is built for the
request's query string (filters, search, ordering), and its queryset, unpaginated, is handed to the
service. ``ExportableAdmin`` adds the URL (``<list>/export/<csv|xlsx>/?<the list's query>``), the actions
and the control's links to a ModelAdmin; ``export_dataset`` names what it exports.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR, IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.core.exceptions import FieldError, SuspiciousOperation, ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exceptions import WorkflowError
from . import access, services
from .columns import DATASETS
from .http import export_response

NOT_A_FILTER = (PAGE_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR, "_changelist_filters")


def list_query(query: QueryDict) -> str:
    """The list's query string as an export keeps it: its filters, search and order, not the page."""
    params = query.copy()
    for name in NOT_A_FILTER:
        params.pop(name, None)
    return params.urlencode()


def _filters(query: QueryDict) -> dict[str, list[str] | str]:
    """The query as the audit record keeps it: one value as a string, several as a list."""
    params = QueryDict(list_query(query))
    return {key: values[0] if len(values) == 1 else values for key, values in params.lists()}


class ExportableAdmin:
    """A ModelAdmin whose list can be exported (whole, as filtered) and whose ticked rows can be."""

    export_dataset = ""

    def _url_name(self, suffix: str) -> str:
        opts = self.model._meta  # type: ignore[attr-defined]
        return f"{opts.app_label}_{opts.model_name}_{suffix}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        export = path("export/<str:fmt>/", wrap(self.export_list_view), name=self._url_name("export"))
        return [export, *super().get_urls()]

    def has_export_permission(self, request) -> bool:
        return access.can_export(request.user)

    def export_context(self, request) -> dict:
        """What the list's Export control needs: its two links, carrying the list's query."""
        if not self.has_export_permission(request):
            return {"export": None}
        query = list_query(request.GET)
        name = f"admin:{self._url_name('export')}"
        suffix = f"?{query}" if query else ""
        dataset = DATASETS[self.export_dataset]
        return {
            "export": {
                "csv_url": reverse(name, args=[services.CSV]) + suffix,
                "xlsx_url": reverse(name, args=[services.XLSX]) + suffix,
                "what": dataset.label,
                "filtered": bool(query),
            }
        }

    def changelist_view(self, request, extra_context=None):
        context = {**self.export_context(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def _back_to_list(self, request) -> HttpResponseRedirect:
        query = list_query(request.GET)
        url = reverse(f"admin:{self._url_name('changelist')}")
        return HttpResponseRedirect(f"{url}?{query}" if query else url)

    def export_list_view(self, request, fmt: str):
        """GET: the whole list as the query string filters, searches and orders it, as a file."""
        try:
            changelist = self.get_changelist_instance(request)  # type: ignore[attr-defined]
        except (IncorrectLookupParameters, FieldError, SuspiciousOperation, ValidationError, ValueError):
            messages.error(
                request,
                _("Nothing was exported: the list's filters are not valid any more. Clear them and filter again."),
            )
            return self._back_to_list(request)
        source = "queue" if self.export_dataset == "claims" else "list"
        return self._export(request, changelist.queryset, fmt, source=source, selected=False)

    def _export(self, request, queryset, fmt: str, *, source: str, selected: bool):
        try:
            plan = services.export_prepare(
                actor=request.user,
                dataset=self.export_dataset,
                fmt=fmt,
                queryset=queryset,
                filters=_filters(request.GET),
                source=source,
                selected=selected,
            )
        except WorkflowError as error:
            messages.error(request, _("Nothing was exported: %(reason)s") % {"reason": error.message})
            return self._back_to_list(request)
        return export_response(plan)

    @admin.action(description=gettext_lazy("Export the selected rows as CSV"), permissions=["export"])
    def export_selected_csv(self, request, queryset):
        return self._export(request, queryset, services.CSV, source="selection", selected=True)

    @admin.action(description=gettext_lazy("Export the selected rows as Excel (XLSX)"), permissions=["export"])
    def export_selected_xlsx(self, request, queryset):
        return self._export(request, queryset, services.XLSX, source="selection", selected=True)


EXPORT_ACTIONS = ("export_selected_csv", "export_selected_xlsx")
