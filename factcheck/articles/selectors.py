"""Reads for the desk's article page: where the pipeline is, in words, and the claims it found.

The article page and its status URL (polled by ``articles/article_progress.js``) read the same
``article_progress``, so what the page says on load and what it says while it waits cannot disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from .models import Article

if TYPE_CHECKING:
    from factcheck.claims.models import Claim  # for the annotation only: articles do not import claims

PENDING = (Article.Status.FETCHING, Article.Status.QUEUED, Article.Status.PROCESSING)


@dataclass(frozen=True)
class ArticleProgress:
    status: str
    label: str
    sentence: str  # for people: what is happening, or what happened and what to do
    pending: bool  # the page keeps polling while this is true
    claim_count: int
    # (a percent, for the progress bar) each step done counts: fetched, queued, extracting, done.
    step: int
    steps: int
    duplicate_of: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


_STEP = {Article.Status.FETCHING: 1, Article.Status.QUEUED: 2, Article.Status.PROCESSING: 3}


def _slow(article: Article) -> bool:
    limit = timedelta(seconds=settings.FACTDESK["STUCK_AFTER_SECONDS"])
    return article.status_changed_at is not None and timezone.now() - article.status_changed_at > limit


def _reason(article: Article) -> str:
    """The stored error as a sentence (its own full stop, once)."""
    reason = (article.error or "no reason was recorded").strip()[:500]
    return reason if reason.endswith((".", "!", "?")) else reason + "."


def article_progress(article: Article) -> ArticleProgress:
    """Where ``article`` is, as the desk reads it (one count query for the claims)."""
    status = Article.Status(article.status)
    count = article.claims.count()
    pending = status in PENDING
    if status == Article.Status.FETCHING:
        sentence = gettext("Fetching the page at %(url)s…") % {"url": article.url[:200]}
    elif status == Article.Status.QUEUED:
        sentence = gettext("Waiting for a worker to extract the claims…")
    elif status == Article.Status.PROCESSING:
        sentence = gettext("Extracting claims: reading the sentences and scoring them…")
    elif status == Article.Status.DONE and count:
        sentence = ngettext(
            "Done: %(count)d claim found; they are in the claim queue.",
            "Done: %(count)d claims found; they are in the claim queue.",
            count,
        ) % {"count": count}
    elif status == Article.Status.DONE:
        sentence = gettext("Done: 0 claims found; nothing in this article looked check-worthy.")
    elif status == Article.Status.DUPLICATE:
        sentence = gettext("This page has the same text as an article already on the desk; its claims are there.")
    elif not article.content_hash:
        sentence = gettext(
            "The page could not be fetched: %(reason)s Paste the "
            "article's text instead (Articles → Add), or choose “Re-run extraction” in the article "
            "list to try the fetch again."
        ) % {"reason": _reason(article)}
    else:
        sentence = gettext(
            "Extraction failed: %(reason)s Choose “Re-run extraction” in the article list to try again."
        ) % {"reason": _reason(article)}
    if pending and _slow(article):
        sentence += " " + gettext("This is taking longer than usual; the desk retries stalled articles by itself.")
    return ArticleProgress(
        status=status.value,
        label=str(status.label),
        sentence=sentence,
        pending=pending,
        claim_count=count,
        step=_STEP.get(status, 4),
        steps=4,
        duplicate_of=article.duplicate_of_id,
    )


def article_claims(article: Article) -> QuerySet[Claim]:
    """The article's claims in reading order, for the list on its page (no text of the article loaded)."""
    return article.claims.order_by("start", "pk").only(
        "pk", "text", "start", "score", "score_basis", "claim_type", "speaker", "state", "article_id"
    )
