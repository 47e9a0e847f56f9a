"""Editors resolve readers' error reports: with a correction, or with "no change" and the reason.

The corrections policy made into one service: who may correct a fact-check (``Action.CORRECT`` in the
matrix: editors and admins) may resolve a report about it. A correction is either one already published on
that fact-check (the editor corrected it first) or a new one, made here through ``factcheck_correct`` in the
same transaction, so the report is never marked corrected without the correction, nor the reverse. One
``report.resolve`` audit event on the claim. A reader who left an email gets exactly one message, sent
after commit (``workflows.tip_tasks.tell_reader``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.tips.models import ErrorReport
from factcheck.verdicts.models import Correction

from .. import permissions
from ..actions import Action
from ..exceptions import NotVisible, TransitionNotAllowed, ValidationFailed
from ._base import after_commit
from .publication import factcheck_correct

MAX_REASON_CHARS = 2000
OUTCOMES = (ErrorReport.Resolution.CORRECTION, ErrorReport.Resolution.NO_CHANGE)


def _lock(report_id: int) -> ErrorReport:
    try:
        return ErrorReport.objects.select_for_update().select_related("verdict").get(pk=report_id)
    except (ErrorReport.DoesNotExist, ValueError, TypeError):
        raise NotVisible(_("There is no error report %(id)s.") % {"id": report_id}) from None


def _reason(value: Any, *, required: bool) -> str:
    reason = (value if isinstance(value, str) else "").strip()
    if required and not reason:
        message = _("Say why the fact-check stands: the reader is told this reason.")
        raise ValidationFailed(message, {"reason": [message]})
    if len(reason) > MAX_REASON_CHARS:
        message = _("Keep the reason to %(limit)s characters.") % {"limit": f"{MAX_REASON_CHARS:,}"}
        raise ValidationFailed(message, {"reason": [message]})
    return reason


def _existing_correction(report: ErrorReport, correction_id: Any) -> Correction:
    correction = Correction.objects.filter(pk=correction_id, verdict_id=report.verdict_id).first()
    if correction is None:
        message = _("Choose a correction published on this fact-check, or write a new one.")
        raise ValidationFailed(message, {"correction": [message]})
    return correction


def report_resolve(
    *,
    report_id: int,
    actor: Actor,
    outcome: str,
    reason: str = "",
    correction_id: int | None = None,
    new_correction: dict[str, Any] | None = None,
) -> ErrorReport:
    """open → resolved.

    ``outcome`` is ``no_change`` (``reason`` required: why the fact-check stands) or ``correction``: an
    existing correction of the fact-check (``correction_id``) or a new one (``new_correction``: the keywords
    of ``factcheck_correct`` but ``claim_id`` and ``actor``: ``note``, ``what_changed``, ``new_rating_id``,
    ``headline``, ``summary``, ``explanation``, ``version``). A resolved report is refused, naming who
    resolved it and when."""
    if outcome not in OUTCOMES:
        message = _("Resolve the report with a correction, or with no change and the reason.")
        raise ValidationFailed(message, {"outcome": [message]})
    with transaction.atomic():
        report = _lock(report_id)
        claim = report.verdict.claim
        if report.state != ErrorReport.State.OPEN:
            who = report.resolved_by.get_username() if report.resolved_by else _("someone")
            when = timezone.localtime(report.resolved_at).strftime("%d %b %Y %H:%M") if report.resolved_at else ""
            raise TransitionNotAllowed(
                _("This report was already resolved by %(who)s (%(outcome)s) %(when)s.")
                % {"who": who, "outcome": str(report.get_resolution_display()).lower(), "when": when}
            )
        permissions.check(actor, Action.CORRECT, claim)
        correction = None
        if outcome == ErrorReport.Resolution.NO_CHANGE:
            reason = _reason(reason, required=True)
        else:
            reason = _reason(reason, required=False)
            if correction_id not in (None, "") and new_correction:
                message = _("Choose a published correction or write a new one, not both.")
                raise ValidationFailed(message, {"correction": [message]})
            if correction_id not in (None, ""):
                correction = _existing_correction(report, correction_id)
            elif new_correction:
                correction = factcheck_correct(claim_id=claim.pk, actor=actor, **new_correction)
            else:
                message = _("Choose the correction that fixed the error, or write a new one.")
                raise ValidationFailed(message, {"correction": [message]})
        report.state = ErrorReport.State.RESOLVED
        report.resolution = outcome
        report.correction = correction
        report.reason = reason
        report.resolved_by = actor
        report.resolved_at = timezone.now()
        report.save(update_fields=["state", "resolution", "correction", "reason", "resolved_by", "resolved_at"])
        record(
            action="report.resolve",
            actor=actor,
            target=report,
            claim=claim,
            from_state=ErrorReport.State.OPEN,
            to_state=ErrorReport.State.RESOLVED,
            note=reason,
            data={"report": report.pk, "outcome": outcome, "correction": correction.pk if correction else None},
        )
        if report.contact_email:
            from ..tip_tasks import tell_reader

            after_commit(tell_reader.delay, report.pk)
    return report
