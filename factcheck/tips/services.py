"""Readers' way in: a tip (a claim to check) and a report of an error in a published fact-check.

Both are public and anonymous, so everything typed is treated as hostile: markup dropped and control
characters removed (``factcheck.safety``), sizes bounded, links http(s) only, email checked. A refusal is an
``InputRefused`` with a sentence per field (the public forms show it beside the field, the API as 400).
A row is stored whole or not at all.

A tip becomes a claim in the queue the way an editor's typed claim does (``workflows.services.claim_edits``,
scored and matched against earlier claims and the archive): that work belongs to the workflow, above this
app, so it is sent by name once the tip is committed (``TIP_TASK``, as ingestion sends its pipeline), and
the sweeper re-sends a tip the database still shows without its claim. With tasks in-process (the embedded
default) it runs right after the commit, within the reader's request.
"""

from __future__ import annotations

import logging
import re

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.audit.log import record
from factcheck.claims.models import ClaimState
from factcheck.safety import plain
from factcheck.verdicts.models import Verdict

from .models import Channel, ErrorReport, Tip

logger = logging.getLogger(__name__)

#: A claim is a sentence or two; the desk's own limit for a typed claim is 2,000 characters.
MAX_CLAIM_CHARS = 1000
#: Shorter than this is no claim anyone can check ("x", "lies"): the reader is asked for the sentence.
MIN_CLAIM_CHARS = 12
#: Where it was seen: a web address (up to 2,000 characters, as links are stored), or a description.
MAX_URL_CHARS = 2000
MAX_DESCRIPTION_CHARS = 500
MAX_MESSAGE_CHARS = 5000
MAX_EMAIL_CHARS = 254

#: The workflow's tasks (``workflows.tip_tasks``), sent by name: this app never imports them.
TIP_TASK = "workflows.tip_tasks.tip_to_claim"
SWEEP_TASK = "workflows.tip_tasks.sweep_tips"
#: With tasks in the web process there is no beat: a tip sweeps at most once per this many seconds.
SWEPT_KEY = "factdesk:tips:swept"

_web_address = URLValidator(schemes=["http", "https"])
_email = EmailValidator()
_BLANK_LINES = re.compile(r"\n{3,}")


class InputRefused(ValueError):
    """What the reader sent cannot be stored: ``errors`` maps each field to the sentences that say why."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items()))


def _line(value: object) -> str:
    """One line of plain text: no markup, no control characters, blank space collapsed."""
    return " ".join(plain(value if isinstance(value, str) else "").split())


def _paragraphs(value: object) -> str:
    """Plain text that keeps the reader's line breaks (a report may list several points)."""
    text = value if isinstance(value, str) else ""
    lines = [" ".join(plain(line).split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def is_web_address(value: str) -> bool:
    """An absolute http(s) address (what ``seen_at`` links to on the desk)."""
    try:
        _web_address(value)
    except ValidationError:
        return False
    return True


def _contact(errors: dict, value: object) -> str:
    email = _line(value)
    if not email:
        return ""
    if len(email) > MAX_EMAIL_CHARS:
        errors["email"] = [_("An email address is at most %(limit)s characters.") % {"limit": MAX_EMAIL_CHARS}]
        return email
    try:
        _email(email)
    except ValidationError:
        errors["email"] = [_("Give an email address such as name@example.org, or leave it empty.")]
    return email


def _seen_at(errors: dict, value: object) -> str:
    seen = _line(value)
    if not seen:
        errors["seen_at"] = [
            _("Say where you saw the claim: a web address, or a few words (a TV programme, a leaflet, a post).")
        ]
    elif seen.lower().startswith(("http://", "https://")):
        if len(seen) > MAX_URL_CHARS:
            errors["seen_at"] = [_("A web address is at most %(limit)s characters.") % {"limit": MAX_URL_CHARS}]
        elif not is_web_address(seen):
            errors["seen_at"] = [_("This web address is not valid: copy it from the browser's address bar.")]
    elif len(seen) > MAX_DESCRIPTION_CHARS:
        errors["seen_at"] = [
            _("Describe where you saw it in at most %(limit)s characters.") % {"limit": MAX_DESCRIPTION_CHARS}
        ]
    return seen


def clean_tip(*, claim: object, seen_at: object, email: object = "", consent: bool = False) -> dict:
    """The tip as it would be stored, or ``InputRefused`` naming every field that is wrong at once."""
    errors: dict[str, list[str]] = {}
    text = _line(claim)
    if not text:
        errors["claim"] = [_("Write the claim you would like us to check.")]
    elif len(text) < MIN_CLAIM_CHARS:
        errors["claim"] = [_("Write the claim as it was said or written: a whole sentence we can check.")]
    elif len(text) > MAX_CLAIM_CHARS:
        errors["claim"] = [
            _("The claim is %(length)s characters; keep it to %(limit)s, the sentence that makes it.")
            % {"length": f"{len(text):,}", "limit": f"{MAX_CLAIM_CHARS:,}"}
        ]
    seen = _seen_at(errors, seen_at)
    contact = _contact(errors, email)
    if contact and "email" not in errors and not consent:
        errors["consent"] = [_("Tick the box to let us write to you about this tip, or leave the email address empty.")]
    if errors:
        raise InputRefused(errors)
    return {"claim_text": text, "seen_at": seen, "contact_email": contact, "consent": bool(contact and consent)}


def tip_submit(
    *, claim: object, seen_at: object, email: object = "", consent: bool = False, channel: str = Channel.WEB
) -> Tip:
    """Store a reader's tip and send it to the workflow to become a claim in the queue (on commit).

    One ``tip.submit`` audit event (no actor: a reader). Nothing is stored when any field is refused."""
    fields = clean_tip(claim=claim, seen_at=seen_at, email=email, consent=consent)
    with transaction.atomic():
        tip = Tip.objects.create(channel=channel, **fields)
        record(action="tip.submit", actor=None, target=tip, data={"channel": channel})
        transaction.on_commit(lambda: enqueue_tip(tip.pk))
        transaction.on_commit(_sweep_if_due)
    return tip


def _sweep_if_due() -> None:
    """Without a broker (the embedded default) nothing runs beat's sweep: a tip that could not become a claim
    is tried again after a later tip, at most once per ``STUCK_AFTER_SECONDS`` (as ingestion does)."""
    if not current_app.conf.task_always_eager:
        return
    if cache.add(SWEPT_KEY, 1, timeout=settings.FACTDESK["STUCK_AFTER_SECONDS"]):
        try:
            current_app.signature(SWEEP_TASK).delay()
        except Exception:  # noqa: BLE001 - the next tip, or beat, tries again
            logger.warning("Could not sweep pending tips", exc_info=True)


def enqueue_tip(tip_id: int) -> None:
    """Hand the tip to the workflow; if the broker is down the tip waits for the sweeper."""
    try:
        current_app.signature(TIP_TASK, args=(tip_id,)).delay()
    except Exception:  # noqa: BLE001 - any broker failure: the database still holds the tip
        logger.warning("Could not enqueue tip %s; the sweeper will pick it up", tip_id, exc_info=True)


# --- error reports ----------------------------------------------------------------------------------------


def reportable_verdict(slug: str) -> Verdict | None:
    """The published fact-check readers may report an error in (a retracted one was withdrawn already)."""
    if not isinstance(slug, str) or not slug:
        return None
    return (
        Verdict.objects.filter(slug=slug, published_at__isnull=False, claim__state=ClaimState.PUBLISHED)
        .select_related("claim")
        .first()
    )


def clean_report(*, message: object, evidence_url: object = "", email: object = "") -> dict:
    """The report as it would be stored, or ``InputRefused`` naming every field that is wrong at once."""
    errors: dict[str, list[str]] = {}
    text = _paragraphs(message)
    if not text:
        errors["message"] = [_("Tell us what is wrong in the fact-check.")]
    elif len(text) > MAX_MESSAGE_CHARS:
        errors["message"] = [
            _("Your message is %(length)s characters; keep it to %(limit)s (link to longer material instead).")
            % {"length": f"{len(text):,}", "limit": f"{MAX_MESSAGE_CHARS:,}"}
        ]
    url = _line(evidence_url)
    if url and (len(url) > MAX_URL_CHARS or not is_web_address(url)):
        errors["evidence_url"] = [
            _("Give the evidence as a full web address starting with http:// or https://, or leave it empty.")
        ]
    contact = _contact(errors, email)
    if errors:
        raise InputRefused(errors)
    return {"message": text, "evidence_url": url, "contact_email": contact}


def report_submit(
    *, slug: str, message: object, evidence_url: object = "", email: object = "", channel: str = Channel.WEB
) -> ErrorReport:
    """Attach a reader's error report to the published fact-check ``slug``: open until an editor resolves it.

    ``LookupError`` when there is no such published fact-check; ``InputRefused`` for the fields. One
    ``report.submit`` audit event on the claim, so the claim's history shows it."""
    fields = clean_report(message=message, evidence_url=evidence_url, email=email)
    with transaction.atomic():
        verdict = reportable_verdict(slug)
        if verdict is None:
            raise LookupError(slug)
        report = ErrorReport.objects.create(verdict=verdict, channel=channel, **fields)
        record(action="report.submit", actor=None, target=report, claim=verdict.claim, data={"channel": channel})
    return report
