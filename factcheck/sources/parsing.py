"""What a source's answer holds, read without the database: feed entries, a page's article, fact-checks.

Each reader turns bytes into items keyed as the source names them (an entry's guid, a page's text, a
fact-check's URL) and refuses what it cannot read with an ``IngestError`` whose message an editor can act
on. The services decide what is new.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils.translation import gettext as _

from factcheck import inputs
from factcheck.articles.models import content_hash
from factcheck.claims.archive import ArchiveRow
from factcheck.inputs import (
    ArticleInput,
    IngestError,
    Subject,
    charset_error,
    check_text,
    decode_text,
    html_to_article,
    looks_like_html,
)

KEY_MAX = 500

#: An entry whose feed carries fewer characters than this is a teaser: its linked page is fetched instead.
FULL_TEXT_MIN_CHARS = 300


def entry_key(*parts: str) -> str:
    """The first non-empty part as the key; a key longer than the column is stored as its SHA-256."""
    key = next((p.strip() for p in parts if p and p.strip()), "")
    if len(key) > KEY_MAX:
        return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# --- RSS and Atom -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: its text when the feed carries the article, else the page to fetch (``fetch_url``)."""

    key: str
    title: str
    url: str
    item: ArticleInput | None
    fetch_url: str = ""


def _entry_text(entry) -> str:
    html = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
    html = (html or "").strip()
    if not html:
        return ""
    if "<" not in html:
        return html
    try:
        return html_to_article(f"<html><body><article>{html}</article></body></html>").text
    except IngestError:
        return ""


def parse_feed(data: bytes, *, language: str = "") -> list[FeedItem]:
    """Each entry of an RSS or Atom feed, newest as the feed orders them; a teaser entry names its page."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise IngestError(
            "bad_feed",
            _(
                "The address did not answer with an RSS or Atom feed. Check that it is the feed's address "
                "(often ending in /feed or .xml), not the site's home page."
            ),
        )
    publisher = parsed.feed.get("title", "")
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        title = (entry.get("title") or "").strip()
        key = entry_key(entry.get("id", ""), link, fingerprint(title, entry.get("summary", "")))
        text = _entry_text(entry)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime(*stamp[:6]).replace(tzinfo=UTC) if stamp else None
        if len(text) < FULL_TEXT_MIN_CHARS and link.startswith(("http://", "https://")):
            items.append(FeedItem(key, title, link, None, fetch_url=link))
            continue
        if not text:
            continue
        article = ArticleInput(
            text=text, title=title, publisher=publisher, url=link, published_at=published, language=language
        )
        items.append(FeedItem(key, title, link, article))
    return items


# --- a page to watch ------------------------------------------------------------------------------------


def _charset(content_type: str) -> str:
    match = re.search(r"charset=\"?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else ""


def decode_body(body: bytes, content_type: str, subject: Subject) -> str:
    """The answer as text: its declared charset, else UTF-8. ``subject`` names it in a refusal
    (``inputs.page(url)``, ``inputs.answer(url)``), each a whole sentence of its own."""
    charset = _charset(content_type)
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return decode_text(body, subject)
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise charset_error(subject, charset) from exc
    check_text(text, subject)
    return text


@dataclass(frozen=True)
class PageItem:
    key: str  # the hash of the article's text: a page that changes becomes a new entry
    item: ArticleInput


def parse_page(body: bytes, *, content_type: str, url: str, language: str = "") -> PageItem:
    """The article text of a watched page (page chrome dropped), keyed by that text."""
    text = decode_body(body, content_type, inputs.page(url))
    if looks_like_html(text) or "html" in content_type.lower():
        article = html_to_article(text, url=url)
    else:
        article = ArticleInput(text=text, url=url)
    article = ArticleInput(
        text=article.text,
        title=article.title,
        publisher=article.publisher,
        url=article.url or url,
        published_at=article.published_at,
        language=language or article.language,
    )
    return PageItem("text:" + content_hash(article.text), article)


# --- another publisher's fact-checks ------------------------------------------------------------------

_LD_SCRIPT = re.compile(
    r"<script[^>]+type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL
)


def _types(node: dict) -> list:
    kind = node.get("@type")
    return kind if isinstance(kind, list) else [kind]


def _claim_reviews(node, depth: int = 0) -> Iterator[dict]:
    """Every ClaimReview object in a JSON-LD document: alone, in a list, an ``@graph``, or a schema.org
    ``DataFeed`` (``dataFeedElement`` → ``item``, as Data Commons and our own ``claimreview.json`` write)."""
    if depth > 20:
        return
    if isinstance(node, list):
        for item in node:
            yield from _claim_reviews(item, depth + 1)
        return
    if not isinstance(node, dict):
        return
    if "ClaimReview" in _types(node):
        yield node
        return
    for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity"):
        if key in node:
            yield from _claim_reviews(node[key], depth + 1)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _name(value) -> str:
    if isinstance(value, dict):
        return _text(value.get("name"))
    if isinstance(value, list) and value:
        return _name(value[0])
    return _text(value)


def _schema_row(review: dict) -> ArchiveRow | None:
    rating = review.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating and isinstance(rating[0], dict) else {}
    if not isinstance(rating, dict):
        rating = {}
    claim_text, url = _text(review.get("claimReviewed")), _text(review.get("url"))
    if not (claim_text and url.startswith(("http://", "https://"))):
        return None
    label = _text(rating.get("alternateName")) or str(rating.get("ratingValue") or "")
    return ArchiveRow(claim_text, label, url, _name(review.get("author")), _date(review.get("datePublished")))


def _google_rows(data: dict) -> list[ArchiveRow]:
    """Google Fact Check Tools' answer (``claims:search``, or its export): claims, each with its reviews."""
    rows = []
    for claim in data.get("claims") or []:
        if not isinstance(claim, dict):
            continue
        text = _text(claim.get("text"))
        for review in claim.get("claimReview") or []:
            if not isinstance(review, dict):
                continue
            url = _text(review.get("url"))
            if text and url.startswith(("http://", "https://")):
                rows.append(
                    ArchiveRow(
                        text,
                        _text(review.get("textualRating")),
                        url,
                        _name(review.get("publisher")),
                        _date(review.get("reviewDate") or claim.get("claimDate")),
                    )
                )
    return rows


def _json_documents(text: str) -> list:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise IngestError(
                "bad_claimreview",
                _("The answer is not valid JSON (line %(line)s, column %(column)s); ask its publisher to fix it.")
                % {"line": exc.lineno, "column": exc.colno},
            ) from exc
    documents = []
    for block in _LD_SCRIPT.findall(text):  # an HTML page carrying ClaimReview markup
        try:
            documents.append(json.loads(block))
        except json.JSONDecodeError:
            continue
    return documents


def next_page(body: bytes, *, url: str) -> str:
    """The address of a paged ``DataFeed``'s next page (its ``next``, as our own ``claimreview.json`` and
    other schema.org feeds write it), resolved against ``url``; empty when there is none."""
    from urllib.parse import urljoin

    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return ""
    link = document.get("next") if isinstance(document, dict) else None
    if not isinstance(link, str) or not link.strip():
        return ""
    target = urljoin(url, link.strip())
    return target if target.startswith(("http://", "https://")) and target != url else ""


def parse_claimreviews(body: bytes, *, content_type: str = "", url: str = "") -> list[ArchiveRow]:
    """Fact-checks from ClaimReview JSON or JSON-LD (a list, an ``@graph``, a ``DataFeed``), an HTML page's
    JSON-LD blocks, or a Google Fact Check Tools file; one row per review URL (the last one wins)."""
    text = decode_body(body, content_type, inputs.answer(url))
    rows: list[ArchiveRow] = []
    for document in _json_documents(text):
        if isinstance(document, dict) and isinstance(document.get("claims"), list):
            rows += _google_rows(document)
        rows += [row for review in _claim_reviews(document) if (row := _schema_row(review))]
    if not rows:
        raise IngestError(
            "bad_claimreview",
            _(
                "No fact-checks were found there: the address must answer with ClaimReview JSON or JSON-LD "
                "(each with claimReviewed and url), or a Google Fact Check Tools file."
            ),
        )
    return list({row.url[:2000]: row for row in rows}.values())
