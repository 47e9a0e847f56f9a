"""What a webhook says about an event: one stable JSON shape, documented in ``docs/webhooks.md``.

Every body is ``{"id", "event", "occurred_at", "data": {...}}``: ``id`` names the event (the same for every
endpoint told of it), ``data`` holds a ``fact_check`` or a ``claim``. Fields are only ever added, never
renamed or removed, so receivers written today keep working. What a reader sees is what a partner gets:
the claim as the desk stated it, the rating as published (the snapshot), the public URL.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from factcheck.claims.models import Claim
from factcheck.publishing import site
from factcheck.safety import plain
from factcheck.verdicts.models import Correction, Verdict

from . import events

SCHEMA_VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def envelope(event: str, data: dict[str, Any], *, occurred_at=None) -> dict[str, Any]:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "event": event,
        "schema_version": SCHEMA_VERSION,
        "occurred_at": _iso(occurred_at or timezone.now()),
        "organisation": settings.FACTDESK["ORG_NAME"],
        "data": data,
    }


def _rating(snapshot: dict | None) -> dict[str, Any] | None:
    if not snapshot:
        return None
    keys = ("label", "slug", "value", "best", "worst", "scale", "scale_name")
    return {key: snapshot.get(key) for key in keys}


def _correction(correction: Correction | None) -> dict[str, Any] | None:
    if correction is None:
        return None
    return {
        "kind": correction.kind,
        "what_changed": correction.what_changed,
        "note": correction.note,
        "old_rating": correction.old_rating or None,
        "new_rating": correction.new_rating or None,
        "created_at": _iso(correction.created_at),
    }


def fact_check_data(verdict: Verdict, change: str) -> dict[str, Any]:
    """The fact-check as readers see it after ``change`` (publish, correct, retract)."""
    claim = verdict.claim
    latest = verdict.corrections.order_by("-created_at", "-id").first() if change != "publish" else None
    retracted = verdict.retracted_at is not None
    return {
        "fact_check": {
            "id": verdict.pk,
            "slug": verdict.slug,
            "url": site.absolute(verdict.get_absolute_url()) if verdict.slug else None,
            "headline": verdict.headline,
            "summary": plain(verdict.summary),
            "claim_reviewed": claim.reviewed_text,
            "claim_as_it_appeared": claim.text,
            "speaker": claim.speaker or None,
            "claim_date": _iso(claim.claim_date),
            "appearance_url": claim.appearance_url or None,
            "claim_type": claim.claim_type,
            "rating": _rating(verdict.published_rating),
            "published_at": _iso(verdict.published_at),
            "modified_at": _iso(verdict.modified_at),
            "retracted": retracted,
            "retracted_at": _iso(verdict.retracted_at),
            "retraction_reason": verdict.retraction_reason or None,
            "correction": _correction(latest),
        }
    }


def claim_data(claim: Claim, origin: str) -> dict[str, Any]:
    """A claim that reached the queue from outside (a reader's tip): what it says, never who sent it."""
    try:
        desk_url = site.absolute(reverse("admin:claims_claim_change", args=[claim.pk]))
    except NoReverseMatch:
        desk_url = None
    return {
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "claim_reviewed": claim.reviewed_text,
            "origin": origin or claim.origin,
            "speaker": claim.speaker or None,
            "source_url": claim.source_url or None,
            "language": claim.language or None,
            "submitted_at": _iso(claim.created_at),
            "desk_url": desk_url,
        }
    }


def for_factcheck(verdict_id: int, change: str) -> dict[str, Any] | None:
    """The body of ``factcheck.<change>d`` for one verdict, or None when it is gone or the change unknown."""
    event = events.BY_CHANGE.get(change)
    verdict = Verdict.objects.select_related("claim").filter(pk=verdict_id).first() if event is not None else None
    if event is None or verdict is None:
        return None
    return envelope(event, fact_check_data(verdict, change))


def for_claim(claim_id: int, origin: str) -> dict[str, Any] | None:
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:
        return None
    return envelope(events.CLAIM_SUBMITTED, claim_data(claim, origin))


def ping() -> dict[str, Any]:
    """The body of "Send a test event": the same envelope, a ``data`` that says what it is."""
    return envelope(events.PING, {"message": "A test event from Factdesk: your endpoint and signature check work."})


def encode(payload: dict[str, Any]) -> str:
    """The exact body sent (and signed): compact JSON, UTF-8, keys in the documented order."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
