"""Monitored sources: the one path to create, change, switch and poll them.

The desk's admin, the API, beat's task and the ``poll_sources`` command all call these functions.
Changes are for editors and admins (``can_manage_sources``), refused with a ``SourceRefused`` whose
message says what to do, and each writes one audit event. Polling is the system's: ``sources_dispatch_due``
(beat) sends one task per due source, each of which runs ``source_poll``, so one slow or failing source
never holds up another.

A poll fetches through the SSRF guard with the last answer's validators (a 304 is one request and no
ingest), reads the answer by kind (``parsing``), and takes only entries not already in ``SourceEntry``:
articles through the articles ingest service, fact-checks through the archive import. A failure keeps the
reason in a sentence for the desk and backs off exponentially (``backoff_minutes``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from factcheck import fetch
from factcheck.actor import Actor
from factcheck.articles.models import Article
from factcheck.articles.services import article_fetch_request, article_ingest
from factcheck.audit.log import record
from factcheck.claims.archive import ArchiveRow, archive_import
from factcheck.claims.models import ArchivedFactCheck
from factcheck.inputs import IngestError, max_bytes
from factcheck.roles import ADMIN, EDITOR, role_of

from . import parsing
from .models import MAX_POLL_MINUTES, MIN_POLL_MINUTES, Source, SourceEntry

logger = logging.getLogger(__name__)

#: The polling task, sent by name (``tasks.py`` calls this module; this module never imports it).
POLL_TASK = "factcheck.sources.tasks.poll_source"

#: Fields a person sets; everything else on the row is the poller's.
EDITABLE = ("name", "kind", "url", "language", "poll_minutes", "enabled")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class SourceRefused(Exception):
    """A change refused: ``code`` for machines (invalid, forbidden, not_found, conflict), ``message`` for
    people, ``errors`` the message per field it is about."""

    def __init__(self, code: str, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code, self.message, self.errors = code, message, errors or {}


def can_manage_sources(user: Actor) -> bool:
    """Editors and admins decide what the desk watches; reviewers work on what arrives."""
    return role_of(user) in (EDITOR, ADMIN)


def _check_actor(actor: Actor) -> None:
    if not can_manage_sources(actor):
        raise SourceRefused("forbidden", _("Only editors and admins can manage monitored sources."))


def _setting(name: str) -> Any:
    return settings.FACTDESK[name]


# --- checking what a person typed -----------------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Why the fetcher would refuse ``url`` (scheme, credentials, a host that does not resolve or is not on
    the public internet), as a sentence saying what to do; None when it would fetch it."""
    try:
        _scheme, host, port = fetch.check_url(url)
        fetch.resolve_public(host, port, allow_loopback=_setting("ALLOW_LOOPBACK_FETCH"))
    except fetch.BlockedAddress:
        return _(
            "That address is not on the public internet, so Factdesk will not fetch it. "
            "Give the source's public address."
        )
    except fetch.FetchError as error:
        if error.code == "dns":
            return _("No server answers to that name: check the address for a typo.")
        if error.code == "bad_scheme":
            return _("Give an address starting with http:// or https://.")
        return str(error)
    return None


def source_problems(data: dict[str, Any], *, source_id: int | None = None) -> dict[str, list[str]]:
    """What is wrong with ``data`` (the editable fields given), field by field; empty when it may be saved.

    The desk's form shows these beside its fields; the services refuse with the same messages."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    others = Source.objects.exclude(pk=source_id) if source_id else Source.objects.all()
    if "name" in data:
        name = data["name"]
        if not name:
            refuse("name", _("Give the source a name the desk will recognise, e.g. “Daily Courier: politics”."))
        elif len(name) > 200:
            refuse("name", _("Keep the name under 200 characters."))
        elif (same := others.filter(name__iexact=name).first()) is not None:
            refuse("name", _("Another source is already called “%(name)s”: choose another name.") % {"name": same})
    if "kind" in data and data["kind"] not in Source.Kind.values:
        refuse("kind", _("Choose a kind: an RSS or Atom feed, a web page, or a ClaimReview feed."))
    if "url" in data:
        url = data["url"]
        if not url:
            refuse("url", _("Give the address to watch, starting with https://."))
        elif len(url) > 2000:
            refuse("url", _("That address is over 2,000 characters; give a shorter one."))
        elif (same := others.filter(url=url).first()) is not None:
            refuse("url", _("This address is already watched as “%(name)s”.") % {"name": same})
        elif (problem := url_problem(url)) is not None:
            refuse("url", problem)
    if "language" in data and not LANGUAGE.match(data["language"] or ""):
        refuse("language", _("Give a language code such as en, es, pt-BR."))
    if "poll_minutes" in data:
        minutes = data["poll_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            refuse("poll_minutes", _("Give a whole number of minutes."))
        elif not MIN_POLL_MINUTES <= minutes <= MAX_POLL_MINUTES:
            refuse(
                "poll_minutes",
                _("Poll every %(low)s to %(high)s minutes (a week).")
                % {"low": MIN_POLL_MINUTES, "high": MAX_POLL_MINUTES},
            )
    if "enabled" in data and not isinstance(data["enabled"], bool):
        refuse("enabled", _("Say whether the source is enabled: true or false."))
    return errors


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in data.items() if k in EDITABLE}
    for name in ("name", "url", "language"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


def _refuse_if_problems(data: dict[str, Any], *, source_id: int | None = None) -> None:
    errors = source_problems(data, source_id=source_id)
    if errors:
        raise SourceRefused("invalid", " ".join(m for messages in errors.values() for m in messages), errors)


def _locked(source_id: int) -> Source:
    source = Source.objects.select_for_update().filter(pk=source_id).first()
    if source is None:
        raise SourceRefused("not_found", _("There is no such source; it may have been deleted."))
    return source


# --- changes by people ------------------------------------------------------------------------------------


def source_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    url: str,
    language: str = "en",
    poll_minutes: int = 60,
    enabled: bool = True,
) -> Source:
    """A new source, polled at once if enabled."""
    _check_actor(actor)
    data = _clean(
        {"name": name, "kind": kind, "url": url, "language": language, "poll_minutes": poll_minutes, "enabled": enabled}
    )
    _refuse_if_problems(data)
    try:
        with transaction.atomic():
            source = Source.objects.create(**data, next_poll_at=timezone.now(), created_by=actor)
            record(action="source.create", actor=actor, target=source, data={k: data[k] for k in EDITABLE})
    except IntegrityError as error:  # the same name or address saved by someone else meanwhile
        _refuse_if_problems(data)
        raise SourceRefused("conflict", _("That source was just added by someone else.")) from error
    return source


def source_update(
    *, actor: Actor, source_id: int, changes: dict[str, Any], expected_updated_at: datetime | None = None
) -> Source:
    """Change some of the editable fields; ``expected_updated_at`` (the row as loaded) refuses a stale edit.

    A new address or kind starts afresh: validators, backoff and the entries taken are the old address's."""
    _check_actor(actor)
    data = _clean(changes)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise SourceRefused("invalid", _("These fields cannot be changed: %(names)s.") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        source = _locked(source_id)
        if expected_updated_at is not None and source.updated_at != expected_updated_at:
            raise SourceRefused(
                "conflict",
                _("Someone changed this source after you opened it: reload it, then make your change again."),
            )
        data = {k: v for k, v in data.items() if getattr(source, k) != v}
        _refuse_if_problems(data, source_id=source.pk)
        if not data:
            return source
        before = {k: getattr(source, k) for k in data}
        for name, value in data.items():
            setattr(source, name, value)
        if "url" in data or "kind" in data:
            source.etag = source.last_modified = ""
            source.consecutive_failures = 0
            source.next_poll_at = timezone.now()
        if data.get("enabled") is True:
            source.consecutive_failures = 0
            source.next_poll_at = timezone.now()
        source.save()
        record(
            action="source.update",
            actor=actor,
            target=source,
            data={k: {"from": before[k], "to": data[k]} for k in data},
        )
    return source


def source_delete(*, actor: Actor, source_id: int) -> None:
    """Stop watching a source. What it brought in stays (articles, fact-checks); its entry list goes."""
    _check_actor(actor)
    with transaction.atomic():
        source = _locked(source_id)
        record(
            action="source.delete",
            actor=actor,
            target=source,
            data={"name": source.name, "url": source.url, "kind": source.kind},
        )
        source.delete()


def source_set_enabled(*, actor: Actor, source_id: int, enabled: bool) -> Source:
    """Switch polling on (due at once, backoff forgotten: someone fixed something) or off."""
    _check_actor(actor)
    with transaction.atomic():
        source = _locked(source_id)
        if source.enabled == enabled:
            return source
        source.enabled = enabled
        if enabled:
            source.consecutive_failures = 0
            source.next_poll_at = timezone.now()
        source.save(update_fields=["enabled", "consecutive_failures", "next_poll_at", "updated_at"])
        record(action="source.enable" if enabled else "source.disable", actor=actor, target=source)
    return source


def source_poll_now(*, actor: Actor, source_id: int) -> Source:
    """Poll a source now, whatever its schedule or backoff (disabled ones too: someone asked). Sent to a
    worker after commit; without a broker it runs in this process before this returns."""
    _check_actor(actor)
    with transaction.atomic():
        source = _locked(source_id)
        _hold(source.pk)
        record(action="source.poll_now", actor=actor, target=source)
        transaction.on_commit(lambda: _send_poll(source.pk, force=True))
    return Source.objects.get(pk=source_id)


# --- the schedule -------------------------------------------------------------------------------------------


def backoff_minutes(poll_minutes: int, failures: int) -> int:
    """Minutes until the next poll: the interval, doubled for each failure in a row, capped at
    ``SOURCES_MAX_BACKOFF_MINUTES`` (never below the interval itself)."""
    if failures <= 0:
        return poll_minutes
    cap = max(poll_minutes, int(_setting("SOURCES_MAX_BACKOFF_MINUTES")))
    return min(cap, poll_minutes * 2 ** min(failures, 32))


def _grace() -> timedelta:
    """How long a dispatched poll holds its source before the schedule may send it again (a lost message)."""
    return timedelta(seconds=int(_setting("SOURCES_DISPATCH_GRACE_SECONDS")))


def _hold(source_id: int) -> None:
    Source.objects.filter(pk=source_id).update(next_poll_at=timezone.now() + _grace())


def _send_poll(source_id: int, *, force: bool = False) -> None:
    try:
        current_app.signature(POLL_TASK, args=(source_id,), kwargs={"force": force}).delay()
    except Exception:  # noqa: BLE001 - any broker failure: the row comes due again after the grace
        logger.warning("Could not send the poll of source %s; it comes due again later", source_id, exc_info=True)


def sources_dispatch_due(*, limit: int = 200) -> list[int]:
    """Send one poll task for each enabled source that is due (beat runs this every minute or so).

    Each source is held for a grace period as it is sent, so the next tick does not send it again while it
    waits in the queue; if the message is lost it comes due again when the grace ends."""
    now = timezone.now()
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    ids = list(
        Source.objects.filter(due, enabled=True)
        .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = []
    for source_id in ids:
        if Source.objects.filter(due, pk=source_id, enabled=True).update(next_poll_at=now + _grace()):
            _send_poll(source_id)
            sent.append(source_id)
    return sent


# --- polling -----------------------------------------------------------------------------------------------


@dataclass
class PollOutcome:
    """How one poll went, for the task's log, the command's summary and the desk's message."""

    source_id: int
    name: str = ""
    status: str = "skipped"  # new | unchanged | failed | skipped
    reason: str = ""
    entries: int = 0  # new entries taken
    articles: int = 0  # new articles stored (or pages sent to be fetched)
    known: int = 0  # entries whose text was already on the desk
    factchecks: int = 0  # fact-checks imported or updated
    refused: list[tuple[str, str]] = field(default_factory=list)  # (entry, why)


def _lease() -> timedelta:
    """A poll older than this is presumed dead (its worker was killed) and may be taken over."""
    return timedelta(seconds=int(_setting("SOURCES_POLL_LEASE_SECONDS")))


def _take(source_id: int, *, force: bool) -> Source | None:
    """Mark the source as being polled, unless another poll holds it (or it is off and not forced)."""
    now = timezone.now()
    free = Q(polling_since__isnull=True) | Q(polling_since__lt=now - _lease())
    rows = Source.objects.filter(free, pk=source_id)
    if not force:
        rows = rows.filter(enabled=True)
    if not rows.update(polling_since=now):
        return None
    return Source.objects.get(pk=source_id)


HTTP_REASONS = {
    401: gettext_noop("The server asks for a login (HTTP 401): Factdesk can only watch public addresses."),
    403: gettext_noop(
        "The server refuses Factdesk (HTTP 403): the publisher may block robots; ask them, or disable the source."
    ),
    404: gettext_noop(
        "Nothing is at this address any more (HTTP 404): find the feed's new address and edit the source."
    ),
    410: gettext_noop(
        "The publisher removed this address for good (HTTP 410): find its new address, or delete the source."
    ),
    429: gettext_noop("The server asks Factdesk to slow down (HTTP 429): poll this source less often."),
}


def _http_reason(status: int) -> str:
    if status in HTTP_REASONS:
        return _(HTTP_REASONS[status])
    if status >= 500:
        return _("The publisher's server had an error (HTTP %(status)s); Factdesk will try again later.") % {
            "status": status
        }
    return _("The server answered HTTP %(status)s instead of the page; check the address.") % {"status": status}


FETCH_REASONS = {
    "dns": gettext_noop(
        "No server answers to this name any more: check the address for a typo, or whether the site moved."
    ),
    "unreachable": gettext_noop(
        "The server could not be reached (refused or timed out); Factdesk will try again later."
    ),
    "timeout": gettext_noop("The server sends too slowly; Factdesk gave up and will try again later."),
    "too_many_redirects": gettext_noop("The address redirects too many times: give the feed's final address."),
}


def _fetch_reason(error: fetch.FetchError) -> str:
    if error.code == "too_large":
        return _("The answer is larger than %(limit)s bytes (FACTDESK_INGEST_MAX_BYTES): is this really a feed?") % {
            "limit": f"{max_bytes():,}"
        }
    if error.code in FETCH_REASONS:
        return _(FETCH_REASONS[error.code])
    if isinstance(error, fetch.BlockedAddress):
        return _("The address (or a redirect from it) is not on the public internet, so Factdesk will not fetch it.")
    return str(error)


def _finish(source: Source, outcome: PollOutcome, *, etag: str | None = None, last_modified: str | None = None) -> None:
    """Write how the poll went and when the next one is due; the row's ``updated_at`` (the editors' stale
    check) is left alone."""
    now = timezone.now()
    changes: dict[str, Any] = {"polling_since": None, "last_polled_at": now}
    if outcome.status == "failed":
        failures = source.consecutive_failures + 1
        changes.update(
            consecutive_failures=failures,
            last_failure_at=now,
            last_error=outcome.reason[:2000],
            next_poll_at=now + timedelta(minutes=backoff_minutes(source.poll_minutes, failures)),
        )
    else:
        changes.update(
            consecutive_failures=0,
            last_success_at=now,
            next_poll_at=now + timedelta(minutes=source.poll_minutes),
            entries_seen=F("entries_seen") + outcome.entries,
            articles_ingested=F("articles_ingested") + outcome.articles,
            factchecks_imported=F("factchecks_imported") + outcome.factchecks,
        )
        if etag is not None:
            changes["etag"] = etag
        if last_modified is not None:
            changes["last_modified"] = last_modified
    # A poll of a source deleted meanwhile updates nothing.
    Source.objects.filter(pk=source.pk).update(**changes)


def source_poll(source_id: int, *, force: bool = False) -> PollOutcome:
    """Poll one source once: fetch (conditionally), take its new entries, record how it went.

    Safe to run twice or concurrently: a second poll of a source being polled is skipped, and an entry
    already taken is never taken again. ``force`` polls a disabled source too (the desk's "Poll now")."""
    source = _take(source_id, force=force)
    if source is None:
        current = Source.objects.filter(pk=source_id).first()
        if current is None:
            return PollOutcome(source_id, reason=_("The source no longer exists."))
        reason = _("It is disabled.") if not current.enabled else _("It is being polled right now.")
        return PollOutcome(source_id, current.name, reason=reason)
    outcome = PollOutcome(source.pk, source.name)
    try:
        answer = fetch.conditional_fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            max_bytes=max_bytes(),
            timeout=float(_setting("SOURCES_FETCH_TIMEOUT")),
        )
        if answer.not_modified:
            outcome.status = "unchanged"
            _finish(source, outcome)
            return outcome
        if answer.status >= 400:
            raise _Failed(_http_reason(answer.status))
        _take_entries(source, answer, outcome)
    except fetch.FetchError as error:
        outcome.status, outcome.reason = "failed", _fetch_reason(error)
    except IngestError as error:
        outcome.status, outcome.reason = "failed", error.message
    except _Failed as failure:
        outcome.status, outcome.reason = "failed", failure.reason
    except SoftTimeLimitExceeded:
        outcome.status, outcome.reason = "failed", _("Polling took too long; Factdesk will try again later.")
    except Exception:  # noqa: BLE001 - whatever broke, the desk sees the source failed, and it is retried
        logger.exception("Polling source %s failed unexpectedly", source.pk)
        outcome.status = "failed"
        outcome.reason = _("Polling failed unexpectedly (the server log has the details); Factdesk will try again.")
    if outcome.status == "failed":
        _finish(source, outcome)
        return outcome
    outcome.status = "new" if (outcome.entries or outcome.factchecks) else "unchanged"
    _finish(source, outcome, etag=answer.etag, last_modified=answer.last_modified)
    return outcome


class _Failed(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _take_entries(source: Source, answer: fetch.FetchResult, outcome: PollOutcome) -> None:
    limit = int(_setting("SOURCES_MAX_ENTRIES_PER_POLL"))
    if source.kind == Source.Kind.RSS:
        items = parsing.parse_feed(answer.body, language=source.language)
        known = _known_keys(source, [item.key for item in items])
        for item in [i for i in items if i.key not in known][:limit]:
            _take_feed_item(source, item, outcome)
    elif source.kind == Source.Kind.PAGE:
        page = parsing.parse_page(
            answer.body, content_type=answer.content_type, url=answer.url, language=source.language
        )
        if page.key not in _known_keys(source, [page.key]):
            _take_article(source, page.key, page.item.title, page.item.url, outcome, ingest=lambda: page.item)
    else:
        _take_claimreview_pages(source, answer, outcome, limit=limit * 5)


def _take_claimreview_pages(source: Source, answer: fetch.FetchResult, outcome: PollOutcome, *, limit: int) -> None:
    """A paged feed (newest first, as ``DataFeed`` pages with ``next``) is followed while its pages bring
    something new, up to ``SOURCES_MAX_PAGES``: the first poll reads the publisher's archive, later ones
    stop at the first page with nothing new. Only the first page is asked conditionally; a later page that
    cannot be read ends the walk (what came before is kept; the next poll goes on from the start)."""
    page, seen = answer, {answer.url}
    for _page_number in range(int(_setting("SOURCES_MAX_PAGES"))):
        before = outcome.factchecks
        rows = parsing.parse_claimreviews(page.body, content_type=page.content_type, url=page.url)
        _take_factchecks(source, rows[:limit], outcome)
        following = parsing.next_page(page.body, url=page.url)
        if outcome.factchecks == before or not following or following in seen:
            return
        seen.add(following)
        try:
            page = fetch.guarded_fetch(
                following, max_bytes=max_bytes(), timeout=float(_setting("SOURCES_FETCH_TIMEOUT"))
            )
            if page.status >= 400:
                raise fetch.FetchError("http_error", f"HTTP {page.status}")
        except fetch.FetchError as error:
            logger.warning("Source %s: stopped at page %s of its feed (%s)", source.pk, following, error)
            return


def _known_keys(source: Source, keys: list[str]) -> set[str]:
    return set(SourceEntry.objects.filter(source=source, key__in=keys).values_list("key", flat=True))


def _entry(source: Source, key: str, **fields: Any) -> bool:
    """Record an entry as taken; False when another poll took it first."""
    try:
        with transaction.atomic():
            SourceEntry.objects.create(source=source, key=key, **fields)
    except IntegrityError:
        return False
    return True


def _take_feed_item(source: Source, item: parsing.FeedItem, outcome: PollOutcome) -> None:
    if item.item is not None:
        article_input = item.item
        _take_article(source, item.key, item.title, item.url, outcome, ingest=lambda: article_input)
        return
    # A teaser: the entry's page is fetched by a worker, as a URL sent from the desk would be.
    try:
        result = article_fetch_request(item.fetch_url, source=Article.Source.FEED, title=item.title)
    except IngestError as error:
        _refused(source, item.key, item.title, item.url, error, outcome)
        return
    if _entry(
        source,
        item.key,
        title=item.title[:500],
        url=item.url[:2000],
        outcome=SourceEntry.Outcome.FETCHING if result.created else SourceEntry.Outcome.KNOWN,
        article=result.article,
    ):
        outcome.entries += 1
        if result.created:
            outcome.articles += 1
        else:
            outcome.known += 1


def _take_article(source: Source, key: str, title: str, url: str, outcome: PollOutcome, *, ingest: Any) -> None:
    try:
        result = article_ingest(ingest(), source=Article.Source.FEED, source_name=source.name)
    except IngestError as error:
        _refused(source, key, title, url, error, outcome)
        return
    if _entry(
        source,
        key,
        title=(title or result.article.title)[:500],
        url=url[:2000],
        outcome=SourceEntry.Outcome.ARTICLE if result.created else SourceEntry.Outcome.KNOWN,
        article=result.article,
    ):
        outcome.entries += 1
        if result.created:
            outcome.articles += 1
        else:
            outcome.known += 1


def _refused(source: Source, key: str, title: str, url: str, error: IngestError, outcome: PollOutcome) -> None:
    """An entry that cannot become an article is noted once (with why) and not tried again."""
    if _entry(
        source, key, title=title[:500], url=url[:2000], outcome=SourceEntry.Outcome.REFUSED, note=error.message[:2000]
    ):
        outcome.entries += 1
        outcome.refused.append((title or url or key, error.message))


def _take_factchecks(source: Source, rows: list[ArchiveRow], outcome: PollOutcome) -> None:
    """New fact-checks, and ones whose claim or rating changed since, into the archive (keyed by URL)."""
    prints = {row.url[:2000]: parsing.fingerprint(row.claim_text, row.rating) for row in rows}
    taken = dict(SourceEntry.objects.filter(source=source, key__in=list(prints)).values_list("key", "fingerprint"))
    fresh = [row for row in rows if taken.get(row.url[:2000]) != prints[row.url[:2000]]]
    if not fresh:
        return
    with transaction.atomic():
        archive_import(fresh)
        ids = dict(ArchivedFactCheck.objects.filter(url__in=[row.url[:2000] for row in fresh]).values_list("url", "pk"))
        for row in fresh:
            url = row.url[:2000]
            entry, created = SourceEntry.objects.update_or_create(
                source=source,
                key=url,
                defaults={
                    "fingerprint": prints[url],
                    "title": row.claim_text[:500],
                    "url": url,
                    "outcome": SourceEntry.Outcome.FACTCHECK,
                    "factcheck_id": ids.get(url),
                },
            )
            outcome.entries += created
    outcome.factchecks += len(fresh)
