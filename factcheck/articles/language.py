"""An article's language as an editor set it, when one did: that choice outlives every later extraction.

Extraction detects the language of each article it reads, and detection can be wrong (a short text, a
quote-heavy one, two languages mixed). An editor corrects it on the article's page
(``services.article_set_language``, audited as ``article.set_language``); the pipeline then reads the
article in that language instead of detecting it again, so re-running extraction never undoes the
correction. The audit event is the record of the choice (who, when, which language): no column of the
article repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType

from factcheck.audit.models import AuditEvent

from .models import Article

#: The audit action ``services.article_set_language`` writes.
SET_LANGUAGE = "article.set_language"


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    actor_name: str  # as the desk names people: full name, else username; empty for the system
    at: datetime


def _choices(article_id: int):
    return AuditEvent.objects.filter(
        action=SET_LANGUAGE, content_type=ContentType.objects.get_for_model(Article), object_id=str(article_id)
    ).order_by("-created_at", "-id")


def editor_language(article_id: int) -> LanguageChoice | None:
    """The language an editor last set for the article (one indexed query), or None: detected."""
    event = _choices(article_id).select_related("actor").first()
    if event is None or not event.to_state:
        return None
    actor = event.actor
    name = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    return LanguageChoice(language=event.to_state, actor_name=name, at=event.created_at)


def editor_language_code(article_id: int) -> str | None:
    """Only the code of ``editor_language``, for the pipeline, which asks twice an article and needs no name:
    one column read, no user row joined."""
    return _choices(article_id).values_list("to_state", flat=True).first() or None
