"""The database side of topic suggestions: the desk's topic list for the library, and suggestions stored.

``factcheck.extraction.topics`` decides which topics a claim is about from words alone; this module hands it
the topics an admin keeps and stores what it suggests as ``ClaimTopic`` rows (status ``suggested``), which
editors then accept or reject at the desk (``workflows.services.tags``). It writes no audit event: a
suggestion is extraction's, like the claim's score, and is only a proposal until someone accepts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from factcheck.extraction.topics import ClaimText, TopicSpec, suggest_for_article

from .models import Claim, ClaimTopic, Topic


def topic_specs() -> list[TopicSpec]:
    """Every topic with keywords, as the suggestion function takes them (key: the topic's id)."""
    rows = Topic.objects.exclude(keywords="").order_by("name").values_list("pk", "keywords")
    specs = [TopicSpec(pk, Topic(keywords=keywords).keyword_list) for pk, keywords in rows]
    return [spec for spec in specs if spec.keywords]


def suggest_claim_topics(claims: Sequence[Claim], *, title: str, body: str, specs: list[TopicSpec]) -> int:
    """Store the topics suggested for ``claims`` (saved rows of one article); returns how many were stored.

    A claim that already has a row for a topic (suggested, accepted or rejected) keeps it: a re-run never
    brings back a suggestion the desk rejected, nor demotes an accepted topic.
    """
    if not specs or not claims:
        return 0
    suggestions = suggest_for_article(
        specs, [ClaimText(c.text, c.speaker) for c in claims], title=title or "", body=body or ""
    )
    rows = [
        ClaimTopic(claim=claim, topic_id=cast(int, s.key), score=round(s.score, 3), matched=list(s.matched))
        for claim, found in zip(claims, suggestions, strict=True)
        for s in found
    ]
    ClaimTopic.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
