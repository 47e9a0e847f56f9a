"""Ingestion: one path from any source to a stored, queued Article whose pipeline runs after commit.

Files, URLs, feeds, the API and the admin all end in ``article_ingest``. The Article row is written
first (status queued) and the pipeline enqueued only once that row is committed, so the database always
knows about pending work even when the broker is down; the sweeper re-enqueues what is left.

A URL is fetched by a task, not in the request: ``article_fetch_request`` stores a row (status
``fetching``, the URL) and enqueues ``article_fetch``, which fills in the text (then: queued) or fails the
row with the reason. A slow site then holds a worker, never a web process. The commands run the same
``article_fetch`` in-process.

Stuck work is re-sent by ``articles_sweep``: by beat where workers run, and in the embedded default (tasks
in the web process, no beat) after an ingest, at most once per ``STUCK_AFTER_SECONDS``. Sending the text
of a stuck or failed article again re-queues it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from factcheck import fetch, inputs
from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.extraction.language import ARTICLE_LANGUAGES
from factcheck.fetch import FetchError, guarded_fetch
from factcheck.inputs import (
    ArticleInput,
    IngestError,
    charset_error,
    check_file_size,
    check_size,
    check_text,
    decode_text,
    file_input,
    html_to_article,
    looks_like_html,
    max_bytes,
    read_file_input,
)
from factcheck.roles import ADMIN, EDITOR, role_of

from .models import Article, content_hash

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    requeued: bool = False  # a stuck or failed article, sent again


PENDING = (Article.Status.FETCHING, Article.Status.QUEUED, Article.Status.PROCESSING)
SWEPT_KEY = "factdesk:articles:swept"


# The pipeline's tasks (``tasks.py``, which calls these services), sent by name: this module never imports them.
PROCESS_TASK = "factcheck.articles.tasks.process_article"
FETCH_TASK = "factcheck.articles.tasks.fetch_article"


def _send(task_name: str, *args: object) -> None:
    """Send a task by name; registered at start (``apps.ArticlesConfig.ready``), so eager mode runs it here."""
    current_app.signature(task_name, args=args).delay()


def _enqueue(article_id: int) -> None:
    """Hand the article to a worker; if the broker is down the row stays queued for the sweeper."""
    try:
        _send(PROCESS_TASK, article_id)
    except Exception:  # noqa: BLE001 - any broker failure: the database still holds the work
        logger.warning("Could not enqueue article %s; the sweeper will pick it up", article_id, exc_info=True)


def _enqueue_fetch(article_id: int) -> None:
    """Hand the page fetch to a worker; if the broker is down the row stays ``fetching`` for the sweeper."""
    try:
        _send(FETCH_TASK, article_id)
    except Exception:  # noqa: BLE001
        logger.warning(
            "Could not enqueue the fetch of article %s; the sweeper will pick it up", article_id, exc_info=True
        )


def _stuck_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.FACTDESK["STUCK_AFTER_SECONDS"])


def _stalled(article: Article) -> bool:
    """Failed, or pending for longer than any worker takes (its worker died, or its message was lost)."""
    if article.status == Article.Status.FAILED:
        return True
    return article.status in PENDING and article.status_changed_at < _stuck_before()


def _requeue(article: Article) -> None:
    """Back to the start of its pipeline (a row never fetched is fetched again); call under its row lock."""
    never_fetched = not article.content_hash
    article.status = Article.Status.FETCHING if never_fetched else Article.Status.QUEUED
    article.error = ""
    article.duplicate_of = None
    article.status_changed_at = timezone.now()
    article.save(update_fields=["status", "error", "duplicate_of", "status_changed_at", "updated_at"])
    article_id = article.pk
    transaction.on_commit(lambda: (_enqueue_fetch if never_fetched else _enqueue)(article_id))


def _requeue_if_stalled(article_id: int, *, actor: Actor = None) -> bool:
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if not _stalled(article):
            return False
        previous = article.status
        _requeue(article)
        record(
            action="article.requeue",
            actor=actor,
            target=article,
            from_state=previous,
            to_state=article.status,
            data={"reason": "submitted again"},
        )
    return True


def _tasks_run_in_process() -> bool:
    return bool(current_app.conf.task_always_eager)


def _sweep_if_due() -> None:
    """With tasks in the web process there is no beat: sweep here, at most once per stuck interval.

    Runs after the ingest commits (so the request's own article goes first), and the once-per-interval mark
    is taken only when the sweep really runs.
    """
    if not _tasks_run_in_process():
        return

    def sweep() -> None:
        if cache.add(SWEPT_KEY, 1, timeout=settings.FACTDESK["STUCK_AFTER_SECONDS"]):
            articles_sweep()

    transaction.on_commit(sweep)


def articles_sweep(*, limit: int = 1000) -> int:
    """Re-send the articles the database shows as fetching, queued or processing past the stuck threshold.

    The row's clock is reset first, so the next sweep leaves it alone while this attempt runs; both tasks
    are idempotent, so a worker that was merely slow and finishes meanwhile does no harm.
    """
    stuck = list(
        Article.objects.filter(status__in=PENDING, status_changed_at__lt=_stuck_before()).values_list("pk", "status")[
            :limit
        ]
    )
    for article_id, status in stuck:
        Article.objects.filter(pk=article_id).update(status_changed_at=timezone.now())
        (_enqueue_fetch if status == Article.Status.FETCHING else _enqueue)(article_id)
    if stuck:
        logger.info("Sweeper re-enqueued %d article(s)", len(stuck))
    return len(stuck)


def can_ingest(user: Actor) -> bool:
    """Editors and admins bring articles in; reviewers work on what is already queued."""
    return role_of(user) in (EDITOR, ADMIN)


def _forbidden() -> IngestError:
    """The refusal for a reviewer (or anyone without the role) sending an article, in the active language."""
    return IngestError("forbidden", gettext("Only editors and admins can submit articles."))


def article_ingest(item: ArticleInput, *, source: str, source_name: str = "", actor: Actor = None) -> IngestResult:
    """Store the article once (same text = same article) and queue its pipeline after commit.

    ``actor`` is the user submitting it (API, admin); None means the system (commands, feeds, the seeds).
    """
    if actor is not None and not can_ingest(actor):
        raise _forbidden()
    check_text(item.text)
    digest = content_hash(item.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        requeued = _requeue_if_stalled(existing.pk, actor=actor)
        _sweep_if_due()
        return IngestResult(
            Article.objects.get(pk=existing.pk) if requeued else existing, created=False, requeued=requeued
        )
    published_at = item.published_at
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, timezone.get_default_timezone())
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=item.title[:500],
                publisher=item.publisher[:200],
                url=item.url[:2000],
                published_at=published_at,
                language=item.language or "en",
                source=source,
                source_name=source_name[:500],
                raw_text=item.text,
                content_hash=digest,
            )
            record(
                action="article.ingest",
                actor=actor,
                target=article,
                to_state=article.status,
                data={"source": source, "source_name": source_name[:200]},
            )
            transaction.on_commit(lambda: _enqueue(article.pk))
    except IntegrityError:
        # Another process stored the same article between our check and insert.
        return IngestResult(Article.objects.get(content_hash=digest), created=False)
    _sweep_if_due()
    return IngestResult(article, created=True)


def article_submit(
    *,
    actor: Actor,
    text: str | None = None,
    html: str | None = None,
    upload: UploadedFile | None = None,
    url: str | None = None,
    title: str = "",
    publisher: str = "",
    original_url: str = "",
    published_at: datetime | None = None,
    source: str = Article.Source.ADMIN,
) -> IngestResult:
    """One article from a person, by exactly one way in: pasted text (or HTML), an uploaded file, or a URL.

    The desk's intake form and the API both end here, and from here in ``article_ingest`` (text, HTML, a
    file) or ``article_fetch_request`` (a URL, fetched by a task). What the person typed beside it (title,
    publisher, date, original URL) wins over what the file or page says. ``source`` is the channel for
    text and URLs; an uploaded file is always ``file``, named by its file name.
    """
    given = [name for name, value in (("text", text), ("html", html), ("file", upload), ("url", url)) if value]
    if len(given) != 1:
        raise IngestError("invalid", gettext("Give exactly one of the article's text, a file or a URL."))
    if actor is not None and not can_ingest(actor):
        raise _forbidden()
    details: dict[str, Any] = {
        "title": title,
        "publisher": publisher,
        "url": original_url,
        "published_at": published_at,
    }
    if url:
        return article_fetch_request(
            url, source=source, actor=actor, title=title, publisher=publisher, published_at=published_at
        )
    if upload is not None:
        item = with_details(read_upload(upload), **details)
        return article_ingest(item, source=Article.Source.FILE, source_name=upload.name or "", actor=actor)
    if html:
        check_text(html)
        item = with_details(html_to_article(html, url=original_url), **details)
    else:
        item = with_details(ArticleInput(text=text or ""), **details)
    return article_ingest(item, source=source, actor=actor)


def ingest_file(path: Path, *, source: str = Article.Source.FILE) -> IngestResult:
    return article_ingest(read_file_input(path), source=source, source_name=path.name)


def read_upload(upload: UploadedFile) -> ArticleInput:
    """A file sent from the desk or the API (a Django ``UploadedFile``): refused by size before it is read."""
    check_file_size(upload.name or "upload", upload.size or 0)
    return file_input(upload.name or "upload", upload.read())


def with_details(
    item: ArticleInput, *, title: str = "", publisher: str = "", url: str = "", published_at: datetime | None = None
) -> ArticleInput:
    """What the editor typed beside the article wins over what was found in it (a file's or page's title)."""
    return ArticleInput(
        text=item.text,
        title=title or item.title,
        publisher=publisher or item.publisher,
        url=url or item.url,
        published_at=published_at or item.published_at,
        language=item.language,
    )


def fetch_url_input(url: str) -> ArticleInput:
    """Fetch a page through the SSRF guard and extract its main text."""
    try:
        page = guarded_fetch(url, max_bytes=max_bytes())
    except FetchError as exc:
        raise IngestError(exc.code, str(exc)) from exc
    if page.status >= 400:
        refusal = gettext("The page at %(url)s answered HTTP %(status)s.")
        raise IngestError("http_error", refusal % {"url": url[:120], "status": page.status})
    html = (
        decode_text(page.body, inputs.page(url))
        if "charset" not in page.content_type
        else (_decode_declared(page.body, page.content_type, url))
    )
    if looks_like_html(html) or "html" in page.content_type:
        return html_to_article(html, url=page.url)
    return ArticleInput(text=html, url=page.url)


def _decode_declared(body: bytes, content_type: str, url: str) -> str:
    charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"') or "utf-8"
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise charset_error(inputs.page(url), charset) from exc
    check_text(text, inputs.page(url))
    return text


def _preflight(url: str) -> None:
    """Refuse at once what can be refused without fetching: the scheme, the credentials, a non-public host.

    (A redirect into the private network is only seen by the fetch, which then fails the row.)
    """
    try:
        _scheme, host, port = fetch.check_url(url)
        fetch.resolve_public(host, port, allow_loopback=settings.FACTDESK["ALLOW_LOOPBACK_FETCH"])
    except FetchError as exc:
        raise IngestError(exc.code, str(exc)) from exc


def article_fetch_request(
    url: str,
    *,
    source: str = Article.Source.URL,
    actor: Actor = None,
    title: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    enqueue: bool = True,
) -> IngestResult:
    """Store a row for ``url`` (status ``fetching``) and, after commit, enqueue its fetch.

    The same URL while its fetch is pending is the same row (a stalled or failed one is sent again); once
    fetched, a URL may be submitted again (pages change), and the fetch then finds any known text.
    ``enqueue=False`` lets a command run ``article_fetch`` itself.
    """
    if actor is not None and not can_ingest(actor):
        raise _forbidden()
    _preflight(url)
    pending = (
        Article.objects.filter(url=url[:2000], content_hash__isnull=True)
        .exclude(status=Article.Status.DUPLICATE)
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        requeued = _requeue_if_stalled(pending.pk, actor=actor) if enqueue else False
        return IngestResult(Article.objects.get(pk=pending.pk), created=False, requeued=requeued)
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, timezone.get_default_timezone())
    with transaction.atomic():
        article = Article.objects.create(
            status=Article.Status.FETCHING,
            url=url[:2000],
            source=source,
            source_name=url[:500],
            title=title[:500],
            publisher=publisher[:200],
            published_at=published_at,
            raw_text="",
            content_hash=None,
        )
        record(
            action="article.ingest",
            actor=actor,
            target=article,
            to_state=article.status,
            data={"source": source, "source_name": url[:200]},
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue_fetch(article.pk))
    _sweep_if_due()
    return IngestResult(article, created=True)


@dataclass(frozen=True)
class FetchOutcome:
    """Where a fetch left things: ``article`` holds the text (the row itself, or the one it duplicates)."""

    row: Article | None
    article: Article | None
    duplicate: bool = False
    error: IngestError | None = None


def _fail_fetch(article_id: int, message: str) -> None:
    now = timezone.now()
    Article.objects.filter(pk=article_id, status=Article.Status.FETCHING).update(
        status=Article.Status.FAILED, error=message[:2000], status_changed_at=now, updated_at=now
    )


def article_fetch(article_id: int) -> FetchOutcome:
    """Fetch the page of a ``fetching`` row and store its text (then queue extraction), or fail the row.

    Idempotent: a row no longer fetching (a redelivered message) is left as it is. Same text as a known
    article: the row becomes ``duplicate``, pointing at it.
    """
    now = timezone.now()
    claimed = Article.objects.filter(pk=article_id, status=Article.Status.FETCHING).update(
        attempts=F("attempts") + 1, status_changed_at=now, updated_at=now
    )
    row = Article.objects.filter(pk=article_id).first()
    if not claimed or row is None:
        return _outcome(row)
    try:
        page = fetch_url_input(row.url)
        check_text(page.text, inputs.page(row.url))
    except IngestError as exc:
        logger.info("Fetching article %s failed: %s", article_id, exc.code)
        _fail_fetch(article_id, exc.message)
        return FetchOutcome(Article.objects.get(pk=article_id), None, error=exc)
    digest = content_hash(page.text)
    published_at = row.published_at or page.published_at
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, timezone.get_default_timezone())
    try:
        with transaction.atomic():
            row = Article.objects.select_for_update().get(pk=article_id)
            if row.status != Article.Status.FETCHING:
                return _outcome(row)
            if Article.objects.filter(content_hash=digest).exists():
                raise IntegrityError("same text as a known article")
            row.raw_text, row.content_hash = page.text, digest
            row.title = row.title or page.title[:500]
            row.publisher = row.publisher or page.publisher[:200]
            row.published_at, row.url = published_at, (page.url or row.url)[:2000]
            row.language = page.language or row.language
            row.status, row.error, row.status_changed_at = Article.Status.QUEUED, "", timezone.now()
            row.save()
            transaction.on_commit(lambda: _enqueue(article_id))
    except IntegrityError:
        original = Article.objects.filter(content_hash=digest).first()
        now = timezone.now()
        Article.objects.filter(pk=article_id, status=Article.Status.FETCHING).update(
            status=Article.Status.DUPLICATE, duplicate_of=original, status_changed_at=now, updated_at=now
        )
        return FetchOutcome(Article.objects.get(pk=article_id), original, duplicate=True)
    return FetchOutcome(row, row)


def _outcome(row: Article | None) -> FetchOutcome:
    """What an earlier fetch of this row left (for a message delivered twice, or a command racing a worker)."""
    if row is None:
        return FetchOutcome(None, None)
    if row.status == Article.Status.DUPLICATE:
        return FetchOutcome(row, row.duplicate_of, duplicate=True)
    if row.status == Article.Status.FAILED and not row.content_hash:
        return FetchOutcome(row, None, error=IngestError("fetch_failed", row.error))
    return FetchOutcome(row, row if row.content_hash else None)


def ingest_url(url: str) -> IngestResult:
    """The commands' path: the same row and fetch as the API's, run here; a failure raises its IngestError."""
    requested = article_fetch_request(url, enqueue=False)
    outcome = article_fetch(requested.article.pk)
    if outcome.error is not None:
        raise outcome.error
    if outcome.article is None:  # a worker is fetching it right now
        return IngestResult(outcome.row or requested.article, created=False)
    return IngestResult(outcome.article, created=requested.created and not outcome.duplicate)


def feed_inputs(data: bytes, *, feed_url: str = "") -> list[ArticleInput]:
    """Each entry of an RSS/Atom feed becomes an article (its content, else its summary)."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        refusal = gettext("That is not a readable RSS or Atom feed (%(reason)s).")
        raise IngestError("bad_feed", refusal % {"reason": parsed.bozo_exception})
    if not parsed.entries:
        raise IngestError("bad_feed", gettext("The feed has no entries."))
    publisher = parsed.feed.get("title", "")
    items = []
    for entry in parsed.entries:
        html = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
        if not (html or "").strip():
            continue
        text = html_to_article(f"<html><body><article>{html}</article></body></html>").text if "<" in html else html
        published = None
        if entry.get("published_parsed"):
            published = datetime(*entry.published_parsed[:6]).replace(tzinfo=UTC)
        items.append(
            ArticleInput(
                text=text,
                title=entry.get("title", ""),
                publisher=publisher,
                url=entry.get("link", ""),
                published_at=published,
            )
        )
    return items


def load_feed(location: str) -> bytes:
    """A feed from an http(s) URL (through the SSRF guard) or a local file."""
    if location.startswith(("http://", "https://")):
        try:
            return guarded_fetch(location, max_bytes=max_bytes()).body
        except FetchError as exc:
            raise IngestError(exc.code, str(exc)) from exc
    path = Path(location)
    if not path.is_file():
        refusal = gettext("%(location)s is neither an http(s) URL nor a file.")
        raise IngestError("not_found", refusal % {"location": location})
    check_size(path.stat().st_size, inputs.feed(path.name))
    return path.read_bytes()


def article_set_language(*, article_id: int, language: str, actor: Actor) -> Article:
    """Correct the language detected for an article (editors and admins), audited as ``article.set_language``.

    Its claims that carried the old language take the new one; their scores stay as they were extracted
    (``Claim.score_basis`` still says how), so a correction never silently moves a claim in or out of the queue.
    The audit event is also the record of the choice: a later extraction of the article (``article_retry``)
    reads it in this language instead of detecting it again (``language.editor_language``).
    """
    if not can_ingest(actor):
        raise IngestError("forbidden", gettext("Only editors and admins can change an article's language."))
    if language not in ARTICLE_LANGUAGES:
        refusal = gettext("“%(code)s” is not a language the desk reads: choose one from the list.")
        raise IngestError("invalid", refusal % {"code": language})
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        previous = article.language
        if previous == language:
            return article
        article.language = language
        article.save(update_fields=["language", "updated_at"])
        article.claims.filter(language=previous).update(language=language)
        record(action="article.set_language", actor=actor, target=article, from_state=previous, to_state=language)
    return article


def article_retry(*, article_id: int) -> Article:
    """Put a failed (or stuck) article back in the queue; its claims, if any, are kept and not duplicated.

    A row whose page was never fetched (or was a duplicate) is fetched again instead.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        _requeue(article)
    return article
