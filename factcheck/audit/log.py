"""The one way to write an audit record, so every service logs the same shape.

Names are namespaced ("claim.assign", "verdict.approve", "factcheck.publish", "article.ingest") as Wagtail
does; the acting user and the object acted on are kept apart as in Zulip's RealmAuditLog; ``actor=None`` is
the system. How each event reads on a claim's history is the desk's business (``workflows.registry.EVENTS``).
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _jsonable(value):
    """Audit data must survive JSON: dates become ISO strings, models their primary keys."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def record(
    *,
    action: str,
    actor,
    target: models.Model,
    claim=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event. ``target`` is the object acted on; ``claim`` ties it into the claim's history."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        claim=claim,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        note=note or "",
        data=_jsonable(data or {}),
    )
