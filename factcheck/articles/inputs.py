"""Turning what arrives (bytes, HTML, a fetched page, a feed entry) into article text, or a clear refusal.

Nothing here touches the database: every check runs before an Article row exists, so a refused input
leaves nothing behind.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings


class IngestError(Exception):
    """An input that cannot become an article; ``code`` is machine-readable, the message is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ArticleInput:
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published_at: datetime | None = None
    language: str = ""


def max_bytes() -> int:
    return settings.FACTDESK["INGEST_MAX_BYTES"]


def check_size(size: int, what: str) -> None:
    limit = max_bytes()
    if size > limit:
        raise IngestError("too_large", f"{what} is {size:,} bytes; the limit is {limit:,} (FACTDESK_INGEST_MAX_BYTES).")


def decode_text(data: bytes, what: str = "The file") -> str:
    """Decode UTF-8 (with or without BOM); refuse empty, binary and otherwise-encoded input with a reason."""
    check_size(len(data), what)
    if not data.strip():
        raise IngestError("empty", f"{what} is empty.")
    if b"\x00" in data[:8192]:
        raise IngestError("binary", f"{what} looks binary (it contains NUL bytes); send text or HTML.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            "encoding",
            f"{what} is not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "convert it to UTF-8 and try again.",
        ) from exc
    check_text(text, what)
    return text


def check_text(text: str, what: str = "The text") -> None:
    if "\x00" in text:
        raise IngestError("binary", f"{what} contains NUL characters.")
    if not text.strip():
        raise IngestError("empty", f"{what} is empty.")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise IngestError("binary", f"{what} is mostly control characters; send text or HTML.")
    check_size(len(text.encode("utf-8")), what)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head or "<p>" in head or "<div" in head)


def html_to_article(html: str, *, url: str = "") -> ArticleInput:
    """Extract the main text of a page with trafilatura, dropping navigation, ads and comments."""
    import trafilatura

    # Precision first: page chrome in the text becomes false claims; recall is the fallback for odd pages.
    for favor_precision in (True, False):
        document = trafilatura.bare_extraction(
            html, url=url or None, include_comments=False, include_tables=False, with_metadata=True,
            favor_precision=favor_precision,
        )
        text = (getattr(document, "text", None) or "").strip() if document else ""
        if text:
            break
    if not text:
        raise IngestError("no_text", "No article text could be found in that page.")
    published = None
    if document.date:
        try:
            published = datetime.fromisoformat(document.date)
        except ValueError:
            published = None
    return ArticleInput(
        text=text,
        title=(document.title or "").strip(),
        publisher=(document.sitename or "").strip(),
        url=url,
        published_at=published,
        language=(document.language or "") if hasattr(document, "language") else "",
    )
