"""Reads of monitored sources for the desk, the API and the command: who may see them, and in what order."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from factcheck.actor import Actor

from .models import Source, SourceEntry
from .services import SourceRefused, can_manage_sources


def visible_sources(user: Actor) -> QuerySet[Source]:
    """Every source, for editors and admins; anyone else is refused (the list names what the desk watches)."""
    if not can_manage_sources(user):
        raise SourceRefused("forbidden", _("Only editors and admins can see the monitored sources."))
    return Source.objects.order_by("name", "pk")


def visible_source(user: Actor, source_id: int) -> Source:
    source = visible_sources(user).filter(pk=source_id).first()
    if source is None:
        raise SourceRefused("not_found", _("There is no such source; it may have been deleted."))
    return source


def sources_to_poll(*, source_id: int | None = None) -> QuerySet[Source]:
    """What one pass of ``poll_sources`` polls: every enabled source, or the one named (even if disabled)."""
    if source_id is not None:
        return Source.objects.filter(pk=source_id)
    return Source.objects.filter(enabled=True).order_by("name", "pk")


def recent_entries(source: Source, *, limit: int = 20) -> QuerySet[SourceEntry]:
    """The last entries taken from a source, newest first, with what each became."""
    return source.entries.select_related("article", "factcheck").order_by("-created_at", "-pk")[:limit]
