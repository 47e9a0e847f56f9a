"""The one path of an export: who may, what it holds, the audit record; the admin and the API both call it.

``export_prepare`` checks the permission (``access``), counts the rows, refuses what cannot be written while
the editor waits (an XLSX over ``FACTDESK_EXPORT_XLSX_MAX_ROWS``) and records who exported what, with which
filters and how many rows, before a byte leaves. The rows themselves are read while the file is written
(``http.export_response``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.actor import Actor
from factcheck.audit.log import record

from ..exceptions import ValidationFailed
from . import access, selectors
from .columns import DATASETS, Dataset
from .writers import XLSX_MAX_ROWS

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
# Where the export was asked for, as the audit record keeps it.
SOURCES = ("queue", "selection", "list", "api")


def xlsx_limit() -> int:
    """The most rows of one XLSX export: ``FACTDESK_EXPORT_XLSX_MAX_ROWS``, never more than a sheet holds."""
    return min(int(settings.FACTDESK.get("EXPORT_XLSX_MAX_ROWS", 25_000)), XLSX_MAX_ROWS)


@dataclass(frozen=True)
class ExportPlan:
    """An export the actor may make, already recorded: what to write and under which file name."""

    dataset: Dataset
    format: str
    queryset: QuerySet[Any]
    rows: int
    filename: str


def filename(dataset: Dataset, fmt: str, *, selected: bool = False, filtered: bool = False) -> str:
    """``factdesk-claims-filtered-2026-12-02-0915.csv``: what, which part of it, when (desk time)."""
    part = "-selected" if selected else "-filtered" if filtered else ""
    return f"factdesk-{dataset.name}{part}-{timezone.localtime():%Y-%m-%d-%H%M}.{fmt}"


def export_prepare(
    *,
    actor: Actor,
    dataset: str,
    fmt: str,
    queryset: QuerySet[Any],
    filters: Mapping[str, Any],
    source: str,
    selected: bool = False,
) -> ExportPlan:
    """Check, count and record one export of ``queryset`` (already filtered and ordered by the caller).

    ``filters`` is what the caller asked for (the queue's query string, the API's parameters), kept in the
    audit record as given; ``selected``: rows the editor ticked, rather than a whole filtered list.
    """
    access.check_export(actor)
    if fmt not in FORMATS:
        raise ValidationFailed(_("Choose CSV or XLSX for the export."), {"format": [_("Use csv or xlsx.")]})
    if dataset not in DATASETS:
        raise ValidationFailed(_("There is no such export."), {"dataset": [", ".join(DATASETS)]})
    spec = DATASETS[dataset]
    rows = spec.prepare(queryset)
    total = selectors.count(rows)
    limit = xlsx_limit()
    if fmt == XLSX and total > limit:
        raise ValidationFailed(
            _(
                "%(rows)s rows are more than an Excel export builds while you wait (at most %(limit)s): export "
                "CSV, which opens in Excel too, or filter the list to fewer rows."
            )
            % {"rows": f"{total:,}", "limit": f"{limit:,}"},
            {"format": [_("Too many rows for XLSX: use csv.")]},
        )
    with transaction.atomic():
        record(
            action=f"export.{spec.name}",
            actor=actor,
            target=actor,  # type: ignore[arg-type]  # checked above: a person with a desk role
            data={
                "format": fmt,
                "rows": total,
                "filters": {str(k): v for k, v in filters.items()},
                "source": source,
                "selected": selected,
            },
        )
    return ExportPlan(
        dataset=spec,
        format=fmt,
        queryset=rows,
        rows=total,
        filename=filename(spec, fmt, selected=selected, filtered=bool(filters)),
    )
