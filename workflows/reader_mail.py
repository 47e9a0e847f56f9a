"""The one message a reader who left an email gets when their error report is resolved.

Built from the report's id after the resolution committed (``tip_tasks.tell_reader``), from templates
(``tips/email/report_resolved_subject.txt`` and ``..._body.txt``), through Django's email backend. The
report is marked told *before* sending, in one conditional UPDATE, so a redelivered task or a second worker
never sends it twice; a failed send clears the mark again so a retry can send it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from factcheck.publishing import site
from factcheck.tips.models import ErrorReport


def tell_reader(report_id: int) -> bool:
    """Send the message for a resolved report with an address; True when it was sent now."""
    report = (
        ErrorReport.objects.select_related("verdict", "verdict__claim", "correction")
        .filter(pk=report_id, state=ErrorReport.State.RESOLVED, reader_notified_at__isnull=True)
        .exclude(contact_email="")
        .first()
    )
    if report is None:
        return False
    claimed = ErrorReport.objects.filter(pk=report.pk, reader_notified_at__isnull=True).update(
        reader_notified_at=timezone.now()
    )
    if not claimed:
        return False
    context = {
        "report": report,
        "org_name": settings.FACTDESK["ORG_NAME"],
        "headline": report.verdict.headline,
        "factcheck_url": site.absolute(report.verdict.get_absolute_url()),
        "corrected": report.resolution == ErrorReport.Resolution.CORRECTION,
        "correction": report.correction,
    }
    subject = " ".join(render_to_string("tips/email/report_resolved_subject.txt", context).split())
    body = render_to_string("tips/email/report_resolved_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [report.contact_email])
    except Exception:
        ErrorReport.objects.filter(pk=report.pk).update(reader_notified_at=None)
        raise
    return True
