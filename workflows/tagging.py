"""Reads for tags and topics (writes are ``workflows.services.tags``): a claim's topics as its page shows
them, the tags and topics the desk offers while typing, and the queue's filters by tag and topic."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from taggit.models import Tag, TaggedItem

from factcheck.claims.models import Claim, ClaimTopic, Topic, tag_items_prefetch
from factcheck.verdicts.models import Verdict

#: How many existing tags the tag field offers as suggestions (the most used first).
TAG_SUGGESTIONS = 200
#: Where ``queue_prefetches`` puts a claim's accepted topics.
ACCEPTED_ATTR = "accepted_topic_links"


@dataclass
class ClaimTopics:
    """A claim's topics: accepted (filed under them), suggested (waiting for an editor), rejected (not again)."""

    accepted: list[ClaimTopic] = field(default_factory=list)
    suggested: list[ClaimTopic] = field(default_factory=list)
    rejected: list[ClaimTopic] = field(default_factory=list)

    @property
    def accepted_ids(self) -> list[int]:
        return [row.topic_id for row in self.accepted]


def claim_topics(claim: Claim) -> ClaimTopics:
    """The claim's topic rows with their topics, each list in the topics' name order, in one query (who
    decided is not read: neither the page nor the API shows it)."""
    found = ClaimTopics()
    for row in ClaimTopic.objects.filter(claim=claim).select_related("topic").order_by("topic__name"):
        getattr(found, row.status, found.rejected).append(row)
    return found


def claim_tag_names(claim: Claim) -> list[str]:
    return sorted(claim.tags.values_list("name", flat=True), key=str.casefold)


def verdict_tag_names(verdict: Verdict | None) -> list[str]:
    if verdict is None:
        return []
    return sorted(verdict.tags.values_list("name", flat=True), key=str.casefold)


def claim_and_verdict_tag_names(claim: Claim, verdict: Verdict | None) -> tuple[list[str], list[str]]:
    """``claim_tag_names`` and ``verdict_tag_names`` in one query of the tag links (no taggit manager built
    for either): the claim page shows both."""
    kinds = ContentType.objects.get_for_models(Claim, Verdict)
    claim_type, verdict_type = kinds[Claim].pk, kinds[Verdict].pk
    links = Q(content_type_id=claim_type, object_id=claim.pk)
    if verdict is not None:
        links |= Q(content_type_id=verdict_type, object_id=verdict.pk)
    claim_names: list[str] = []
    verdict_names: list[str] = []
    for type_id, name in TaggedItem.objects.filter(links).values_list("content_type_id", "tag__name"):
        (claim_names if type_id == claim_type else verdict_names).append(name)
    return sorted(claim_names, key=str.casefold), sorted(verdict_names, key=str.casefold)


def tag_suggestions_query(limit: int = TAG_SUGGESTIONS) -> QuerySet:
    """The names of the tags in use on claims or fact-checks, the most used first."""
    return (
        Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
        .filter(uses__gt=0)
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )


def tag_suggestions(limit: int = TAG_SUGGESTIONS) -> list[str]:
    """Tags in use on claims or fact-checks, the most used first: what the tag field offers while typing."""
    return list(tag_suggestions_query(limit))


def claim_tag_choices(limit: int = TAG_SUGGESTIONS) -> list[str]:
    """Tags on at least one claim, alphabetically: the queue's tag filter."""
    claim_tags = TaggedItem.objects.filter(content_type__app_label="claims", content_type__model="claim")
    names = Tag.objects.filter(Exists(claim_tags.filter(tag_id=OuterRef("pk")))).values_list("name", flat=True)
    return sorted(names[:limit], key=str.casefold)


def topic_choices() -> list[Topic]:
    """Every topic of the list, by name."""
    return list(Topic.objects.order_by("name"))


def with_tag(qs: QuerySet[Claim], tag: str) -> QuerySet[Claim]:
    """Claims carrying the tag (any case); one row per claim, whatever else they carry."""
    tagged = TaggedItem.objects.filter(
        content_type__app_label="claims",
        content_type__model="claim",
        object_id=OuterRef("pk"),
        tag__name__iexact=tag.strip(),
    )
    return qs.filter(Exists(tagged))


def with_topic(qs: QuerySet[Claim], topic: str, *, suggested_only: bool = False) -> QuerySet[Claim]:
    """Claims filed under the topic (its slug or id); with ``suggested_only``, those it is suggested for and
    no one has decided yet (the suggestions waiting for an editor)."""
    statuses = [ClaimTopic.Status.SUGGESTED] if suggested_only else [ClaimTopic.Status.ACCEPTED]
    by_topic = Q(topic__slug=topic) | (Q(topic_id=int(topic)) if topic.isdigit() and len(topic) < 18 else Q())
    links = ClaimTopic.objects.filter(by_topic, claim=OuterRef("pk"), status__in=statuses)
    return qs.filter(Exists(links))


def queue_prefetches() -> tuple[Prefetch, Prefetch]:
    """What the queue's rows show of tags and topics, in two queries a page: the tags (as plain links, no taggit
    manager per row: ``tag_items_prefetch``), the accepted topics."""
    accepted = (
        ClaimTopic.objects.filter(status=ClaimTopic.Status.ACCEPTED).select_related("topic").order_by("topic__name")
    )
    return (tag_items_prefetch(), Prefetch("topic_links", queryset=accepted, to_attr=ACCEPTED_ATTR))


def row_labels(claim: Claim) -> tuple[list[str], list[str]]:
    """(topic names, tag names) of a queue row, from ``queue_prefetches``; empty when not prefetched."""
    links = getattr(claim, ACCEPTED_ATTR, None)
    if links is None:
        return [], []
    return [link.topic.name for link in links], claim.tag_names
