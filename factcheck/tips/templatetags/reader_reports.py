"""Readers' error reports where editors look: the desk's menu (how many are open) and the claim page (the
reports on its fact-check). ``{% load reader_reports %}``."""

from django import template
from django.urls import reverse

from factcheck.tips import selectors

register = template.Library()


@register.inclusion_tag("tips/desk/_reports_link.html")
def open_reports_link() -> dict:
    """The menu link to the reports, with the number waiting for an editor."""
    return {"url": reverse("admin:tips_errorreport_changelist"), "open": selectors.open_report_count()}


@register.inclusion_tag("tips/desk/_claim_reports.html")
def claim_reports(claim) -> dict:
    """The box on a claim page: the reports on its fact-check, the open ones each with its resolve link."""
    verdict = getattr(claim, "verdict", None) if claim is not None else None
    verdict_id = getattr(verdict, "pk", None)
    counts = selectors.report_counts_for_verdict(verdict_id)
    reports = list(selectors.open_reports_for_verdict(verdict_id)[:5]) if counts["open"] else []
    return {
        "counts": counts,
        "reports": reports,
        "list_url": reverse("admin:tips_errorreport_changelist"),
        "headline": getattr(verdict, "headline", ""),
    }
