"""The article pipeline: extract claims from one article and store them, all or nothing.

Safe to run twice (a redelivered message, a retry, two workers at once): the final write checks the
article is not already done, and claims are unique on (article, span).
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from factcheck.claims.linking import link_claims, prematch
from factcheck.claims.models import Claim, stored_signals
from factcheck.claims.topics import suggest_claim_topics, topic_specs

from .language import editor_language_code
from .models import Article

logger = logging.getLogger(__name__)


def extract(*args, **kwargs):
    """``factcheck.extraction.extract``, imported with the first article: every process imports this module at
    ``django.setup()`` (through the tasks), and only a worker needs NumPy and the model."""
    from factcheck.extraction.pipeline import extract as run

    return run(*args, **kwargs)


def score_basis(language: str | None) -> str:
    """``factcheck.extraction.scoring.score_basis``, imported when first used (see ``extract``)."""
    from factcheck.extraction.scoring import score_basis as basis

    return basis(language)


NOT_EXTRACTABLE = (Article.Status.DONE, Article.Status.FETCHING, Article.Status.DUPLICATE)


def _set_status(article_id: int, status: str, *, error: str = "", attempt: bool = False) -> Article | None:
    if status != Article.Status.DONE:
        # One conditional UPDATE (a done article is never moved back), then the row: two statements instead
        # of a transaction around SELECT ... FOR UPDATE and UPDATE, on every article.
        now = timezone.now()
        changes = {"status": status, "error": error[:2000], "status_changed_at": now, "updated_at": now}
        if attempt:
            changes["attempts"] = F("attempts") + 1
        # Nor is a row without text touched (its page not fetched yet, or a duplicate): nothing to extract.
        Article.objects.filter(pk=article_id).exclude(status__in=NOT_EXTRACTABLE).update(**changes)
        return Article.objects.filter(pk=article_id).first()
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            return None
        if article.status == Article.Status.DONE and status != Article.Status.DONE:
            return article
        article.status = status
        article.error = error[:2000]
        article.status_changed_at = timezone.now()
        if attempt:
            article.attempts += 1
        article.save(update_fields=["status", "error", "status_changed_at", "attempts", "updated_at"])
        return article


def _fallback_title(result) -> str:
    """An untitled article is named by its title line, else its first sentence, so the desk can tell it apart."""
    if result.title:
        return result.title[:500]
    first = result.sentences[0].text if result.sentences else ""
    return first if len(first) <= 120 else first[:119].rsplit(" ", 1)[0] + "…"


def article_process(article_id: int) -> int:
    """Run extraction and store the article's claims; returns how many claims were stored (0 if done)."""
    article = _set_status(article_id, Article.Status.PROCESSING, attempt=True)
    if article is None:
        logger.info("Article %s no longer exists; nothing to do", article_id)
        return 0
    if article.status in NOT_EXTRACTABLE:
        return 0
    try:
        # An editor's correction of the language wins over detection, on every later run too.
        chosen = editor_language_code(article_id)
        if chosen is not None:
            result = extract(article.raw_text, title=article.title or None, language=chosen, detect=False)
        else:
            result = extract(article.raw_text, title=article.title or None)
        # Match against what is already stored before taking the linking lock: the slow part stays outside.
        matched = prematch([s.text for s in result.claims])
        topics = topic_specs()
        with transaction.atomic():
            # Lock the row and read only its status: the text was read above, and is not written back either.
            status = Article.objects.select_for_update().filter(pk=article_id).values_list("status", flat=True)
            if not status:
                raise Article.DoesNotExist(f"Article {article_id} was deleted while it was being processed.")
            if status[0] == Article.Status.DONE:
                return 0
            # Asked again under the lock: an editor who corrected the language while extraction ran still wins.
            language = editor_language_code(article_id) or result.language
            claims = [
                Claim(
                    article_id=article_id,
                    text=s.text,
                    start=s.start,
                    end=s.end,
                    context=s.context,
                    score=s.score,
                    claim_type=s.claim_type,
                    speaker=s.speaker or "",
                    score_signals=stored_signals(s.signals),
                    # The article's language (the editor's, else detected once); the basis says how the score was
                    # reached: "figures" where the model could not read the language extraction read it in.
                    language=language,
                    score_basis=score_basis(result.language),
                )
                for s in result.claims
            ]
            # Takes the linking lock (so claim ids are committed in order, see linking) and sets each claim's
            # cluster, archive match and embedding from the prematch above: the claims are written once, linked.
            link_claims(claims, matched)
            Claim.objects.bulk_create(claims, ignore_conflicts=True)
            # Topics from the desk's list, suggested from the claim's and the article's words (editors accept them).
            # Only what the suggestions read (each claim's text and speaker): not every column of every claim.
            stored = list(
                Claim.objects.filter(article_id=article_id).only("pk", "text", "speaker").order_by("start", "id")
            )
            title = article.title or result.title or ""
            suggest_claim_topics(stored, title=title, body=result.cleaned_text, specs=topics)
            # One UPDATE of the columns extraction sets (save() would send the raw text back), and the claims
            # just read are the count (no COUNT query). A title or language set meanwhile is kept.
            now = timezone.now()
            Article.objects.filter(pk=article_id).update(
                cleaned_text=result.cleaned_text,
                title=Case(When(title="", then=Value(_fallback_title(result))), default=F("title")),
                language=language or F("language"),
                status=Article.Status.DONE,
                error="",
                status_changed_at=now,
                updated_at=now,
            )
            return len(stored)
    except Exception as exc:
        if not connection.in_atomic_block:
            # A dropped connection cannot record the failure; open a fresh one to do so.
            connection.close_if_unusable_or_obsolete()
        _set_status(article_id, Article.Status.FAILED, error=f"{exc.__class__.__name__}: {exc}")
        raise
