"""Evidence link checking: is each source a reviewer cited still there?

``evidence_link_check`` checks one link through the SSRF guard (``factcheck.fetch.guarded_fetch``): a HEAD
request, then a small GET when the server will not answer HEAD properly. The result is one of

- ``ok``: the server answered (2xx/3xx, or 401/403/429: it exists but will not show a robot the page);
- ``broken``: 404/410/5xx, no such host, refused, timed out, too many redirects;
- ``blocked``: the URL, or any redirect on the way, points at a private, loopback, link-local or otherwise
  non-public address (or is not http/https). Nothing is ever sent there.

``evidence_links_check_due`` checks a bounded batch, never-checked links first, then the oldest checks,
skipping links checked within ``LINKCHECK_RECHECK_HOURS``; running it twice in a row checks nothing twice.
Results are written with ``update()``, so a check never bumps ``updated_at`` (which guards reviewers'
concurrent evidence edits) and never writes an audit event: checking is not an editorial action.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from factcheck.fetch import BlockedAddress, FetchError, guarded_fetch
from factcheck.verdicts.models import EvidenceLink

log = logging.getLogger(__name__)

Status = EvidenceLink.LinkStatus
# Reachable, even if the server will not show the page to a robot.
_REACHABLE = {401, 403, 429}
# HEAD answers that say "try GET" rather than "gone".
_HEAD_UNRELIABLE = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}
_BLOCKED_CODES = {"blocked_address", "bad_scheme"}


def _conf(key: str):
    return settings.FACTDESK[key]


def _status_for(code: int) -> str:
    return Status.OK if code < 400 or code in _REACHABLE else Status.BROKEN


def classify_url(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> tuple[str, str]:
    """(status, reason) for ``url``: HEAD, then GET (at most ``max_bytes`` read) if HEAD is not conclusive."""
    timeout = timeout if timeout is not None else _conf("LINKCHECK_TIMEOUT")
    max_bytes = max_bytes if max_bytes is not None else _conf("LINKCHECK_MAX_BYTES")
    try:
        head = guarded_fetch(url, method="HEAD", max_bytes=0, timeout=timeout)
    except BlockedAddress as exc:
        return Status.BLOCKED, str(exc)
    except FetchError as exc:
        if exc.code in _BLOCKED_CODES:
            return Status.BLOCKED, str(exc)
        if exc.code in ("dns", "bad_url", "too_many_redirects"):
            return Status.BROKEN, str(exc)
        head = None  # unreachable on HEAD: some servers drop it; GET decides
    if head is not None and head.status not in _HEAD_UNRELIABLE:
        return _status_for(head.status), f"HEAD {head.status}"
    try:
        page = guarded_fetch(url, method="GET", max_bytes=max_bytes, timeout=timeout)
    except BlockedAddress as exc:
        return Status.BLOCKED, str(exc)
    except FetchError as exc:
        if exc.code in _BLOCKED_CODES:
            return Status.BLOCKED, str(exc)
        if exc.code in ("too_large", "timeout") and exc.status is not None:
            # It answered and kept sending: the status line is what counts; we read no further.
            return _status_for(exc.status), f"GET {exc.status} (body not read to the end)"
        return Status.BROKEN, str(exc)
    return _status_for(page.status), f"GET {page.status}"


def evidence_link_check(*, evidence_id: int) -> str | None:
    """Check one evidence link and store its status and time; None if the link no longer exists."""
    url = EvidenceLink.objects.filter(pk=evidence_id).values_list("url", flat=True).first()
    if url is None:
        return None
    status, reason = classify_url(url)
    EvidenceLink.objects.filter(pk=evidence_id).update(link_status=status, checked_at=timezone.now())
    log.info(
        "evidence link %s: %s (%s)",
        evidence_id,
        status,
        reason[:200],
        extra={"evidence_id": evidence_id, "link_status": status},
    )
    return status


@dataclass
class LinkCheckRun:
    checked: dict[int, str] = field(default_factory=dict)
    remaining: int = 0  # still due after this run (bounded batch or time budget)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("ok", "broken", "blocked"), 0)
        for status in self.checked.values():
            out[status] += 1
        return out


def due_links(*, now=None):
    """Links never checked or checked longer ago than the re-check age: never-checked first, then oldest."""
    now = now or timezone.now()
    stale = now - timedelta(hours=_conf("LINKCHECK_RECHECK_HOURS"))
    return EvidenceLink.objects.filter(Q(checked_at__isnull=True) | Q(checked_at__lt=stale)).order_by(
        F("checked_at").asc(nulls_first=True), "id"
    )


def evidence_links_check_due(*, limit: int | None = None, time_budget: float | None = None) -> LinkCheckRun:
    """Check at most ``limit`` due links, starting no new check after ``time_budget`` seconds."""
    limit = limit if limit is not None else _conf("LINKCHECK_BATCH")
    time_budget = time_budget if time_budget is not None else _conf("LINKCHECK_RUN_SECONDS")
    started = time.monotonic()
    run = LinkCheckRun()
    ids = list(due_links().values_list("pk", flat=True)[:limit])
    for evidence_id in ids:
        if time.monotonic() - started > time_budget:
            break
        status = evidence_link_check(evidence_id=evidence_id)
        if status is not None:
            run.checked[evidence_id] = status
    run.remaining = due_links().count()
    return run
