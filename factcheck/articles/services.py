"""Ingestion: one path from any source to a stored, queued Article whose pipeline runs after commit.

Files, URLs, feeds, the API and the admin all end in ``article_ingest``. The Article row is written
first (status queued) and the pipeline enqueued only once that row is committed, so the database always
knows about pending work even when the broker is down; the sweeper re-enqueues what is left.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from factcheck.fetch import FetchError, guarded_fetch
from workflows import audit

from .inputs import (
    ArticleInput,
    IngestError,
    check_size,
    check_text,
    decode_text,
    html_to_article,
    looks_like_html,
    max_bytes,
)
from .models import Article, content_hash

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def _enqueue(article_id: int) -> None:
    """Hand the article to a worker; if the broker is down the row stays queued for the sweeper."""
    from .tasks import process_article

    try:
        process_article.delay(article_id)
    except Exception:  # noqa: BLE001 - any broker failure: the database still holds the work
        logger.warning("Could not enqueue article %s; the sweeper will pick it up", article_id, exc_info=True)


def can_ingest(user) -> bool:
    """Editors and admins bring articles in; reviewers work on what is already queued."""
    from workflows.permissions import role_of
    from workflows.roles import ADMIN, EDITOR

    return role_of(user) in (EDITOR, ADMIN)


def article_ingest(item: ArticleInput, *, source: str, source_name: str = "", actor=None) -> IngestResult:
    """Store the article once (same text = same article) and queue its pipeline after commit.

    ``actor`` is the user submitting it (API, admin); None means the system (commands, feeds, the seeds).
    """
    if actor is not None and not can_ingest(actor):
        raise IngestError("forbidden", "Only editors and admins can submit articles.")
    check_text(item.text)
    digest = content_hash(item.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(existing, created=False)
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
            audit.record(action="article.ingest", actor=actor, target=article, to_state=article.status,
                         data={"source": source, "source_name": source_name[:200]})
            transaction.on_commit(lambda: _enqueue(article.pk))
    except IntegrityError:
        # Another process stored the same article between our check and insert.
        return IngestResult(Article.objects.get(content_hash=digest), created=False)
    return IngestResult(article, created=True)


def read_file_input(path: Path) -> ArticleInput:
    """A text or HTML file; the size is checked before the file is read."""
    if not path.is_file():
        raise IngestError("not_found", f"{path} is not a file.")
    check_size(path.stat().st_size, f"The file {path.name}")
    text = decode_text(path.read_bytes(), f"The file {path.name}")
    if looks_like_html(text):
        return html_to_article(text)
    return ArticleInput(text=text)


def ingest_file(path: Path, *, source: str = Article.Source.FILE) -> IngestResult:
    return article_ingest(read_file_input(path), source=source, source_name=path.name)


def fetch_url_input(url: str) -> ArticleInput:
    """Fetch a page through the SSRF guard and extract its main text."""
    try:
        page = guarded_fetch(url, max_bytes=max_bytes())
    except FetchError as exc:
        raise IngestError(exc.code, str(exc)) from exc
    if page.status >= 400:
        raise IngestError("http_error", f"{url[:120]} answered HTTP {page.status}.")
    html = decode_text(page.body, f"The page at {url[:120]}") if "charset" not in page.content_type else (
        _decode_declared(page.body, page.content_type, url)
    )
    if looks_like_html(html) or "html" in page.content_type:
        return html_to_article(html, url=page.url)
    return ArticleInput(text=html, url=page.url)


def _decode_declared(body: bytes, content_type: str, url: str) -> str:
    charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"') or "utf-8"
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise IngestError("encoding", f"The page at {url[:120]} is not valid {charset}.") from exc
    check_text(text, f"The page at {url[:120]}")
    return text


def ingest_url(url: str) -> IngestResult:
    return article_ingest(fetch_url_input(url), source=Article.Source.URL, source_name=url)


def feed_inputs(data: bytes, *, feed_url: str = "") -> list[ArticleInput]:
    """Each entry of an RSS/Atom feed becomes an article (its content, else its summary)."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise IngestError("bad_feed", f"That is not a readable RSS or Atom feed ({parsed.bozo_exception}).")
    if not parsed.entries:
        raise IngestError("bad_feed", "The feed has no entries.")
    publisher = parsed.feed.get("title", "")
    items = []
    for entry in parsed.entries:
        html = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
        if not (html or "").strip():
            continue
        text = html_to_article(f"<html><body><article>{html}</article></body></html>").text if "<" in html else html
        published = None
        if entry.get("published_parsed"):
            published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
        items.append(ArticleInput(text=text, title=entry.get("title", ""), publisher=publisher,
                                  url=entry.get("link", ""), published_at=published))
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
        raise IngestError("not_found", f"{location} is neither an http(s) URL nor a file.")
    check_size(path.stat().st_size, f"The feed {path.name}")
    return path.read_bytes()


def article_retry(*, article_id: int) -> Article:
    """Put a failed (or stuck) article back in the queue; its claims, if any, are kept and not duplicated."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        article.status = Article.Status.QUEUED
        article.error = ""
        article.status_changed_at = timezone.now()
        article.save(update_fields=["status", "error", "status_changed_at", "updated_at"])
        transaction.on_commit(lambda: _enqueue(article_id))
    return article
