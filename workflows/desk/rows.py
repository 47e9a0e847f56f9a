"""The queue's rows, drawn in one pass: the admin's own cells (``admin_list.items_for_result``), the same HTML.

Django's change list works out every cell of every row afresh: it looks the column up by name, asks the
admin for the empty value, reverses the claim's URL and merges the queue's filters into it, then formats
the cell; 50 rows of 10 columns is 500 times, about a sixth of the queue page's time (a fifth for an
editor, whose rows also carry a checkbox). Here what is the same for every row is worked out once per
page (each column's kind, class and empty value, the link's address with the queue's filters, the choice
labels), and each row is one string. Each cell follows ``items_for_result`` step by step; a column or a
list this module does not know (an editable list, a popup, a model field without choices, a boolean
column) is left to the admin, row for row. ``tests/unit/workflows/test_desk_page_drawing.py`` compares
both for every kind of claim the queue shows.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_value, quote
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# A claim id no database holds, replaced by each row's own in the link's address.
_PLACEHOLDER = "918273645546372819"


@dataclass(frozen=True)
class _Column:
    name: str
    row_class: str  # the cell's classes
    method: Callable[[Any], Any] | None = None  # the admin's display method, or None for a model field with choices
    choices: dict = field(default_factory=dict)  # a model field's choice labels (with no method)
    empty: str = "-"
    link: str = ""  # the cell's tag when it links to the claim ("th" for the first such column, then "td")


def _columns(cl) -> list[_Column] | None:
    """Each column of the list as drawn for every row, or None when one of them is not a kind handled here."""
    model_admin, opts = cl.model_admin, cl.lookup_opts
    columns, first = [], True
    for name in cl.list_display:
        if not isinstance(name, str):
            return None
        links = cl.list_display_links is not None and (
            (first and not cl.list_display_links) or name in cl.list_display_links
        )
        link = ("th" if first else "td") if links else ""
        if links:
            first = False
        empty = model_admin.get_empty_value_display()
        try:
            model_field = opts.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None:
            if model_field.auto_created or not getattr(model_field, "flatchoices", None):
                return None
            try:
                choices = dict(model_field.flatchoices)
            except TypeError:
                return None
            columns.append(_Column(name, f"field-{name}", choices=choices, empty=empty, link=link))
            continue
        method = getattr(model_admin, name, None)
        if method is None or not callable(method) or getattr(method, "boolean", False):
            return None
        row_class = "action-checkbox" if name == "action_checkbox" else f"field-{name}"
        empty = getattr(method, "empty_value_display", empty)
        columns.append(_Column(name, row_class, method=method, empty=empty, link=link))
    return columns


def _link_address(cl) -> tuple[str, str] | None:
    """The change page's address with the queue's filters, split around the claim id."""
    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(_PLACEHOLDER,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, found, after = url.partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in after:
        return None
    return before, after


def _escaped(column: _Column) -> _Column:
    """``column`` with its choice labels and empty value escaped, once for the page rather than once per row:
    a label is a lazy translation, and each escape of it looked it up in the catalogue again (150 a page)."""
    if column.method is not None:
        return column
    choices = {value: conditional_escape(label) for value, label in column.choices.items()}
    return replace(column, choices=choices, empty=conditional_escape(column.empty))


def _cell(column: _Column, result) -> tuple[str, str]:
    """(classes, HTML) of one cell, as ``items_for_result`` makes them (a choice column's labels come escaped,
    ``_escaped``)."""
    row_class = column.row_class
    if column.method is None:
        value = getattr(result, column.name)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        return row_class, column.choices.get(value, column.empty)
    value = column.method(result)
    if type(value) is SafeString and value.strip():
        return row_class, value  # what display_for_value and conditional_escape would give back: itself
    if type(value) is str and value.strip():
        return row_class, SafeString(html.escape(value))  # as they would make it, without the lazy wrappers
    if isinstance(value, str) and value.strip() == "":
        value = ""
    text = display_for_value(value, column.empty)
    if isinstance(value, (datetime.date, datetime.time)):
        row_class += " nowrap"
    return row_class, conditional_escape(text)


def result_rows(cl) -> list | None:
    """Every row of ``cl``'s page as ``admin_list.results`` gives them (one safe string a row), or None when the
    admin must draw them."""
    if cl.formset or cl.is_popup or cl.to_field:
        return None
    columns = _columns(cl)
    address = _link_address(cl) if columns is not None else None
    if columns is None or address is None:
        return None
    # Escaping is character by character: the address's two fixed parts are escaped once, the id per row.
    before, after = (html.escape(part) for part in address)
    columns = [_escaped(column) for column in columns]
    rows = []
    for result in cl.result_list:
        cells = []
        for column in columns:
            row_class, shown = _cell(column, result)
            if column.link:
                href = f"{before}{html.escape(str(quote(getattr(result, cl.pk_attname))))}{after}"
                cells.append(f'<{column.link} class="{row_class}"><a href="{href}">{shown}</a></{column.link}>')
            else:
                cells.append(f'<td class="{row_class}">{shown}</td>')
        rows.append(admin_list.ResultList(None, [mark_safe("".join(cells))]))  # noqa: S308 (each part escaped)
    return rows


def result_list(cl) -> dict:
    """``admin_list.result_list``'s context, with the rows drawn here when they can be."""
    rows = result_rows(cl)
    if rows is None:
        return admin_list.result_list(cl)
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }


def reading_only(changelist_class, fields: tuple[str, ...]):
    """``changelist_class`` whose page of rows reads only ``fields`` (of the model and, through ``__``, of what
    the admin's queryset selects with it); the count, the filters and the actions use the whole queryset."""

    class RowFieldsChangeList(changelist_class):
        def get_results(self, request):
            super().get_results(request)
            self.result_list = self.result_list.only(*fields)

    return RowFieldsChangeList
