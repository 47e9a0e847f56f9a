"""Desk actions on the ingestion pipeline: re-running extraction on articles that failed or got stuck.

The article service (``factcheck.articles.services.article_retry``) does the work; this is the desk's
entry point, so who may ask for it is decided by the permission matrix like every other desk action,
and each re-run leaves an audit record naming who asked.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from factcheck.actor import Actor
from factcheck.articles.models import Article
from factcheck.articles.services import article_retry
from factcheck.audit.log import record

from .. import permissions
from ..actions import DeskAction


@dataclass
class RerunResult:
    queued: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # already done: extraction has nothing to redo


@transaction.atomic
def articles_rerun_extraction(*, article_ids: Sequence[int], actor: Actor) -> RerunResult:
    """Queue extraction again for each article that is not done (editors and admins only).

    Articles already done are skipped: their claims are in the queue and may be in review.
    """
    permissions.check(actor, DeskAction.RERUN_EXTRACTION)
    result = RerunResult()
    articles = Article.objects.filter(pk__in=list(article_ids)).order_by("pk")
    for article_id, status in articles.values_list("pk", "status"):
        if status == Article.Status.DONE:
            result.skipped.append(article_id)
            continue
        article = article_retry(article_id=article_id)
        record(action="article.retry", actor=actor, target=article, from_state=status, to_state=article.status)
        result.queued.append(article_id)
    return result
