"""Reads of readers' tips and error reports, for the desk and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import ErrorReport


def reports_for_desk(*, state: str | None = None) -> QuerySet[ErrorReport]:
    """Reports with what a list of them shows (fact-check, resolver, correction), newest first."""
    qs = ErrorReport.objects.select_related("verdict", "resolved_by", "correction").order_by("-created_at", "-id")
    return qs.filter(state=state) if state else qs


def open_report_count() -> int:
    """How many reports wait for an editor: the number the desk's index and menu show."""
    return ErrorReport.objects.filter(state=ErrorReport.State.OPEN).count()


def report_counts_for_verdict(verdict_id: int | None) -> dict[str, int]:
    """{"open": n, "total": n} for one fact-check (the claim page's box)."""
    if verdict_id is None:
        return {"open": 0, "total": 0}
    return ErrorReport.objects.filter(verdict_id=verdict_id).aggregate(
        open=Count("id", filter=Q(state=ErrorReport.State.OPEN)), total=Count("id")
    )


def open_reports_for_verdict(verdict_id: int | None) -> QuerySet[ErrorReport]:
    """One fact-check's open reports, oldest first (the one waiting longest is answered first)."""
    if verdict_id is None:
        return ErrorReport.objects.none()
    return ErrorReport.objects.filter(verdict_id=verdict_id, state=ErrorReport.State.OPEN).order_by("created_at", "id")
