"""A claim's history as sentences, newest first: "Erin assigned the claim to Rafael, due 3 March".

``selectors.claim_history`` decides what a reader may see (details of a draft they may not see are
emptied and the event marked ``draft_hidden``); this module tells each event with the registry's
sentence for it, after looking up every name the page mentions in one query per kind. A hidden event
gets its brief sentence: who did what kind of thing, nothing of the draft.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim, ClaimState
from factcheck.verdicts.models import Rating

from . import registry, selectors
from .sentences import PEOPLE_KEYS, RATING_KEYS, Names, Told, ids_in, lower_first, person, quoted


def _names(events: list[AuditEvent]) -> Names:
    user_ids: set[int] = set()
    rating_ids: set[int] = set()
    for event in events:
        if getattr(event, "draft_hidden", False) or not isinstance(event.data, dict):
            continue
        user_ids |= ids_in(event.data, PEOPLE_KEYS)
        rating_ids |= ids_in(event.data, RATING_KEYS)
    names = Names()
    if user_ids:
        names.users = {u.pk: person(u) for u in get_user_model().objects.filter(pk__in=user_ids)}
    if rating_ids:
        names.ratings = dict(Rating.objects.filter(pk__in=rating_ids).values_list("pk", "label"))
    return names


def sentence(event: AuditEvent, names: Names) -> str:
    told = Told(event, names)
    spec = registry.EVENTS.get(event.action)
    if spec is None:  # an event no service writes any more (or a hand-written one): still a sentence
        return f"{told.actor} recorded {quoted(event.action.replace('.', ' ').replace('_', ' '))}"
    return spec.tell(told, hidden=bool(getattr(event, "draft_hidden", False)))


def moved_to(event: AuditEvent) -> str:
    """The claim state the event moved the claim into ("in review"), or "" when it stayed put."""
    if event.to_state == event.from_state or event.to_state not in ClaimState.values:
        return ""
    return lower_first(str(ClaimState(event.to_state).label))


def describe(events: list[AuditEvent]) -> list[AuditEvent]:
    """Set ``event.sentence`` and ``event.moved_to`` on each event (unsaved: audit events are never saved
    again)."""
    names = _names(events)
    for event in events:
        event.sentence = sentence(event, names)
        event.moved_to = moved_to(event)
    return events


def claim_history(
    user, claim: Claim, *, limit: int | None = None, draft_visible: bool | None = None
) -> list[AuditEvent]:
    """The claim's events ``user`` may read, newest first, each with its ``sentence``; with ``limit``, the
    newest ``limit`` of them. ``draft_visible``: whether ``user`` may see this claim's draft, when the caller
    has decided it already (the claim page has: it read the verdict or its refusal); None asks the database."""
    if draft_visible is None:
        return describe(selectors.claim_history(user, claim, limit=limit))
    return describe(selectors.claim_history_seen(claim, draft_visible=draft_visible, limit=limit))
