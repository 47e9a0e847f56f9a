"""Importing an existing archive of published fact-checks, so new claims can be matched against it.

Accepts CSV (columns claim, rating, url; optional publisher, date) and ClaimReview JSON or JSON-LD (one
object, a list, or an ``@graph``). Rows are keyed by URL: importing the same archive twice changes nothing.
Refusals are whole sentences translated when raised, so they read in the language of whoever imports.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from factcheck import inputs
from factcheck.inputs import IngestError, decode_text

from .models import ArchivedFactCheck


@dataclass(frozen=True)
class ArchiveRow:
    claim_text: str
    rating: str
    url: str
    publisher: str = ""
    published_at: date | None = None


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_csv(text: str) -> list[ArchiveRow]:
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    missing = {"claim", "rating", "url"} - fields
    if missing:
        refusal = gettext("The CSV needs columns claim, rating, url (missing: %(columns)s).")
        raise IngestError("bad_archive", refusal % {"columns": ", ".join(sorted(missing))})
    rows = []
    for record in reader:
        record = {k.strip().lower(): (v or "").strip() for k, v in record.items() if k}
        if record["claim"] and record["url"]:
            rows.append(
                ArchiveRow(
                    record["claim"],
                    record["rating"],
                    record["url"],
                    record.get("publisher", ""),
                    _date(record.get("date")),
                )
            )
    return rows


def _claim_reviews(node) -> list[dict]:
    if isinstance(node, list):
        return [review for item in node for review in _claim_reviews(item)]
    if not isinstance(node, dict):
        return []
    if "@graph" in node:
        return _claim_reviews(node["@graph"])
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [node] if "ClaimReview" in kinds else []


def parse_claimreview(text: str) -> list[ArchiveRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        refusal = gettext("Not valid JSON (line %(line)s, column %(column)s).")
        raise IngestError("bad_archive", refusal % {"line": exc.lineno, "column": exc.colno}) from exc
    rows = []
    for review in _claim_reviews(data):
        rating = review.get("reviewRating") or {}
        author = review.get("author") or {}
        claim_text, url = (review.get("claimReviewed") or "").strip(), (review.get("url") or "").strip()
        if claim_text and url:
            rows.append(
                ArchiveRow(
                    claim_text,
                    str(rating.get("alternateName") or rating.get("ratingValue") or ""),
                    url,
                    (author.get("name") if isinstance(author, dict) else "") or "",
                    _date(review.get("datePublished")),
                )
            )
    if not rows:
        raise IngestError("bad_archive", gettext("No ClaimReview objects with claimReviewed and url were found."))
    return rows


def parse_archive(data: bytes, *, name: str) -> list[ArchiveRow]:
    text = decode_text(data, inputs.archive(name))
    if name.lower().endswith(".csv") or not text.lstrip().startswith(("{", "[")):
        return parse_csv(text)
    return parse_claimreview(text)


def archive_import(rows: list[ArchiveRow]) -> tuple[int, int]:
    """Insert or update rows by URL in one transaction; returns (created, updated).

    A row whose claim text changes loses its embedding; the linking worker encodes it again."""
    created = updated = 0
    with transaction.atomic():
        texts = dict(
            ArchivedFactCheck.objects.filter(url__in=[r.url[:2000] for r in rows]).values_list("url", "claim_text")
        )
        for row in rows:
            url = row.url[:2000]
            defaults = {
                "claim_text": row.claim_text,
                "rating": row.rating[:100],
                "publisher": row.publisher[:200],
                "published_at": row.published_at,
            }
            if texts.get(url) != row.claim_text:
                defaults["embedding"] = None
            _, was_created = ArchivedFactCheck.objects.update_or_create(url=url, defaults=defaults)
            texts[url] = row.claim_text
            created += was_created
            updated += not was_created
    return created, updated


def archive_published(
    *, url: str, claim_text: str, rating: str, publisher: str, published_at: date | None
) -> ArchivedFactCheck:
    """Put (or keep current) the desk's own published fact-check in the archive, keyed by its public path, so
    a later claim repeating it is "already checked" and links to it, as an imported fact-check would."""
    archived = ArchivedFactCheck.objects.filter(url=url[:2000]).first()
    if archived is None:
        archived = ArchivedFactCheck(url=url[:2000])
    if archived.claim_text != claim_text:
        archived.embedding = None
    archived.claim_text, archived.rating = claim_text, rating[:100]
    archived.publisher, archived.published_at = publisher[:200], published_at
    archived.save()
    return archived


def archive_withdrawn(url: str) -> None:
    """A retracted fact-check of the desk's leaves the archive; claims matched to it lose the match."""
    ArchivedFactCheck.objects.filter(url=url[:2000]).delete()
