"""Reads for tags and topics on the public site (and the public API): a fact-check's public tags (the
verdict's) and its topics (the claim's accepted ones), the index's filters by them, and the topic pages.

Readers see only what the desk made public: a verdict's tags (never the claim's desk tags) and topics an
editor accepted (never a suggestion).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from taggit.models import TaggedItem

from factcheck.claims.models import ClaimState, ClaimTopic, Topic
from factcheck.safety import strip_controls
from factcheck.verdicts.models import Verdict

#: Where a fact-check's accepted topics are prefetched to (``with_tagging``).
TOPICS_ATTR = "public_topic_links"


def accepted_topics() -> Prefetch:
    return Prefetch(
        "claim__topic_links",
        queryset=ClaimTopic.objects.filter(status=ClaimTopic.Status.ACCEPTED)
        .select_related("topic")
        .only("claim_id", "topic__name", "topic__slug")
        .order_by("topic__name"),
        to_attr=TOPICS_ATTR,
    )


def with_tagging(qs: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """Fact-checks with their tags and topics prefetched: two queries for a page, however many rows."""
    # django-stubs cannot see taggit's manager as a relation; it prefetches like one (one query).
    return qs.prefetch_related("tags", accepted_topics())  # type: ignore[misc]


def topics_of(verdict: Verdict) -> list[Topic]:
    """The fact-check's topics by name (prefetched by ``with_tagging``, else read now)."""
    links = getattr(verdict.claim, TOPICS_ATTR, None)
    if links is None:
        links = (
            ClaimTopic.objects.filter(claim_id=verdict.claim_id, status=ClaimTopic.Status.ACCEPTED)
            .select_related("topic")
            .order_by("topic__name")
        )
    return [link.topic for link in links]


def clean_param(value: str | None, *, limit: int = 100) -> str:
    """A tag or topic parameter as the site reads it: control characters dropped, trimmed, bounded."""
    return strip_controls(value or "").strip()[:limit]


def with_tag(qs: QuerySet[Verdict], tag: str) -> QuerySet[Verdict]:
    """Fact-checks carrying the public tag (any case)."""
    tagged = TaggedItem.objects.filter(
        content_type__app_label="verdicts",
        content_type__model="verdict",
        object_id=OuterRef("pk"),
        tag__name__iexact=tag,
    )
    return qs.filter(Exists(tagged))


def with_topic(qs: QuerySet[Verdict], slug: str) -> QuerySet[Verdict]:
    """Fact-checks whose claim an editor filed under the topic."""
    links = ClaimTopic.objects.filter(
        claim_id=OuterRef("claim_id"), topic__slug=slug, status=ClaimTopic.Status.ACCEPTED
    )
    return qs.filter(Exists(links))


def live_topics() -> list[Topic]:
    """Topics with at least one live fact-check, by name, each with ``live`` (how many): the index's menu
    and the topics page."""
    live = Q(
        claim_links__status=ClaimTopic.Status.ACCEPTED,
        claim_links__claim__state=ClaimState.PUBLISHED,
        claim_links__claim__verdict__slug__isnull=False,
        claim_links__claim__verdict__published_at__isnull=False,
        claim_links__claim__verdict__published_rating__isnull=False,
    )
    return list(Topic.objects.annotate(live=Count("claim_links", filter=live)).filter(live__gt=0).order_by("name"))


def topic_by_slug(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()
