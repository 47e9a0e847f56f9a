"""Reads for the public site (HackSoft style: writes live in ``workflows.services``, reads here).

"Public" is decided in one place: a verdict whose claim is published (or retracted: retracted fact-checks
keep their URL) and that carries a slug, a publication date and a rating snapshot. Everything else, drafts
included, does not exist for the public site.

No public read loads an article's text (``raw_text``, ``cleaned_text``): it can be megabytes, one article
can sit behind many fact-checks, and readers see only its title, publisher, URL and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, Max, Prefetch, Q, QuerySet, prefetch_related_objects

from factcheck.claims import search as claim_search
from factcheck.claims.models import Assignment, ClaimState, ClaimType
from factcheck.publishing import topics
from factcheck.publishing.search import FEW_MATCHES, search_factchecks
from factcheck.sanitize import strip_xml_illegal
from factcheck.verdicts.models import Rating, Verdict

SEARCH_MAX_LENGTH = claim_search.SEARCH_MAX_LENGTH
_PUBLIC_ROW = Q(slug__isnull=False, published_at__isnull=False, published_rating__isnull=False)
# Never shown: the article's text (megabytes) and the claim's search document.
ARTICLE_TEXT = ("claim__article__raw_text", "claim__article__cleaned_text", "claim__search_vector")


def public_verdicts() -> QuerySet[Verdict]:
    """Published and retracted fact-checks: the pages that answer at their URL."""
    return (
        Verdict.objects.filter(_PUBLIC_ROW, claim__state__in=[ClaimState.PUBLISHED, ClaimState.RETRACTED])
        .select_related("claim", "claim__article")
        .defer(*ARTICLE_TEXT)
    )


def published_verdicts() -> QuerySet[Verdict]:
    """Live fact-checks, newest first: what the index, feeds, sitemap and ClaimReview feed list."""
    return (
        Verdict.objects.filter(_PUBLIC_ROW, claim__state=ClaimState.PUBLISHED)
        .select_related("claim", "claim__article")
        .defer(*ARTICLE_TEXT)
        .order_by("-published_at", "-id")
    )


def newest_first_ids(qs: QuerySet[Verdict]) -> list[int]:
    """The ids of ``qs`` newest first (the index's order: ``-published_at``, ``-id``), in one narrow query.

    The index's search reads these when few fact-checks match (``search_ids``): counting them, then joining and
    sorting every match's wide row (claim, article, texts) to keep twenty, would cost more than the search
    itself. The ids are the count and the pager; ``published_in_order`` reads the page's rows. Sorted here, not
    by the database: with an ORDER BY the planner, which cannot know how many ids the search gave, may trade the
    primary-key lookups for a sequential scan of the fact-checks.
    """
    rows = qs.order_by().values_list("published_at", "pk")
    return [pk for _, pk in sorted(rows, reverse=True)]


#: The planner settings of a walk (``NewestMatches``), for its transaction only.
WALK_SETTINGS = {"enable_seqscan": "off", "enable_sort": "off", "max_parallel_workers_per_gather": "0"}


def _set_locally(cursor: CursorWrapper, settings: dict[str, str]) -> list[str]:
    """Set ``settings`` until the transaction ends, in one statement; returns the values they had."""
    names = list(settings)
    sql = ", ".join(["current_setting(%s)"] * len(names) + ["set_config(%s, %s, true)"] * len(names))
    cursor.execute(f"SELECT {sql}", [*names, *(part for name in names for part in (name, settings[name]))])
    return list(cursor.fetchone()[: len(names)])


class NewestMatches:
    """The ids of a search too common to sort (``search.FactCheckSearch.many``), newest first, as a paginator
    reads them: each page walks the newest-first index testing each fact-check's document and stops when the
    page is full. Nothing counts the matches (that would read every one): the pager offers the newest
    ``FEW_MATCHES`` and the page says more match."""

    capped = True

    def __init__(self, found: QuerySet[Verdict]):
        self.ids = found.order_by("-published_at", "-id").values_list("pk", flat=True)

    def count(self) -> int:
        return FEW_MATCHES

    def __getitem__(self, index: slice) -> list[int]:
        if connection.vendor != "postgresql":
            return list(self.ids[index])
        # The walk, whatever the planner guesses (it cannot know how common the words are, and on a small desk
        # would rather read every fact-check and sort): in the index's order, no sort, no table read from end to
        # end; in one process, since the page is found after a few hundred rows, sooner than a parallel worker
        # starts (~15 ms).
        # Inside a caller's transaction the settings would outlive this block: they are put back.
        nested = connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            before = _set_locally(cursor, WALK_SETTINGS)
            ids = list(self.ids[index])
            if nested:
                _set_locally(cursor, dict(zip(WALK_SETTINGS, before, strict=True)))
            return ids


def search_ids(qs: QuerySet[Verdict], q: str, *, narrowed: bool = False) -> list[int] | NewestMatches:
    """The ids of the fact-checks of ``qs`` matching ``q`` newest first, for the index's pager: all of them
    when few match (or ``narrowed``: ``qs`` carries another filter), else the newest through ``NewestMatches``."""
    result = search_factchecks(qs, q, narrowed=narrowed)
    return NewestMatches(result.found) if result.many else newest_first_ids(result.found)


#: What a fact-check's card on the index reads (``display.summarize``): the page's twenty rows are read without the
#: explanation's HTML, the people and the claim's and article's other columns.
CARD_FIELDS = (
    "id",
    "slug",
    "headline",
    "summary",
    "published_rating",
    "published_at",
    "modified_at",
    "retracted_at",
    "retraction_reason",
    "claim__id",
    "claim__text",
    "claim__claim_reviewed",
    "claim__claim_date",
    "claim__appearance_url",
    "claim__language",
    "claim__claim_type",
    "claim__speaker",
    "claim__state",
    "claim__article__id",
    "claim__article__title",
    "claim__article__publisher",
    "claim__article__url",
    "claim__article__published_at",
    "claim__article__language",
)


def as_cards(qs: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """``qs`` reading only what the index's cards show (``CARD_FIELDS``)."""
    return qs.only(*CARD_FIELDS)


def published_in_order(ids: list[int]) -> list[Verdict]:
    """Live fact-checks with these ids, newest first (the order of ``newest_first_ids``), as cards."""
    return list(as_cards(published_verdicts().filter(pk__in=ids))) if ids else []


def sitemap_verdicts() -> QuerySet[Verdict]:
    """Live fact-checks with only what a sitemap entry needs (slug and dates), newest first."""
    return (
        Verdict.objects.filter(_PUBLIC_ROW, claim__state=ClaimState.PUBLISHED)
        .only("id", "slug", "published_at", "modified_at")
        .order_by("-published_at", "-id")
    )


def sitemap_lastmod() -> datetime | None:
    """The latest publication or change among live fact-checks (None when there are none)."""
    row = sitemap_verdicts().order_by().aggregate(published=Max("published_at"), modified=Max("modified_at"))
    return max((d for d in row.values() if d), default=None)


def public_verdict(slug: str) -> Verdict | None:
    """One public fact-check with the rows its page shows in the same query (authors, article)."""
    return public_verdicts().select_related("author", "editor").filter(slug=slug).first()


def language_alternates(verdict: Verdict) -> list[tuple[str, str]]:
    """(language, path) of the live fact-checks of the same claim (its cluster) in other languages, one per
    language, oldest first: the page's ``hreflang`` alternates. One query; none for a claim in no cluster."""
    claim = verdict.claim
    if not claim.cluster_id:
        return []
    own = claim.language or claim.article.language
    found: dict[str, str] = {}
    others = (
        published_verdicts()
        .filter(claim__cluster_id=claim.cluster_id)
        .exclude(pk=verdict.pk)
        .order_by("published_at", "id")
        .only("slug", "claim__language", "claim__article__language")
    )
    for other in others:
        language = other.claim.language or other.claim.article.language
        if language and language != own and language not in found:
            found[language] = other.get_absolute_url()
    return list(found.items())


def with_page_relations(verdict: Verdict) -> Verdict:
    """Load evidence, corrections and reviewers in three queries, however many there are of each."""
    prefetch_related_objects(
        [verdict],
        "evidence",
        "corrections",
        Prefetch(
            "claim__assignments",
            queryset=Assignment.objects.exclude(state=Assignment.State.WITHDRAWN)
            .select_related("reviewer")
            .order_by("role", "assigned_at", "id"),
        ),
    )
    return verdict


@dataclass(frozen=True)
class SiteState:
    """What the site-wide pages (index, feeds, sitemap) depend on; it changes whenever one of them would."""

    count: int
    last_published: datetime | None
    last_modified: datetime | None
    last_retracted: datetime | None

    @property
    def version(self) -> str:
        return f"{self.count}:{self.last_published}:{self.last_modified}:{self.last_retracted}"

    @property
    def last_change(self) -> datetime | None:
        return max((d for d in (self.last_published, self.last_modified, self.last_retracted) if d), default=None)


def site_state() -> SiteState:
    """One aggregate query over every public verdict."""
    row = public_verdicts().aggregate(
        count=Count("id"),
        last_published=Max("published_at"),
        last_modified=Max("modified_at"),
        last_retracted=Max("retracted_at"),
    )
    return SiteState(**row)


def filter_factchecks(
    qs: QuerySet[Verdict],
    *,
    rating: str = "",
    claim_type: str = "",
    speaker: str = "",
    q: str = "",
    tag: str = "",
    topic: str = "",
) -> QuerySet[Verdict]:
    """Apply the index filters. Unknown values simply match nothing; they are never an error."""
    if tag:
        qs = topics.with_tag(qs, tag)
    if topic:
        qs = topics.with_topic(qs, topic)
    if rating:
        qs = qs.filter(published_rating__slug=rating)
    if claim_type:
        qs = qs.filter(claim__claim_type=claim_type)
    if speaker:
        qs = qs.filter(claim__speaker=speaker)
    if q:
        qs = search(qs, q)
    return qs


def search(qs: QuerySet[Verdict], q: str) -> QuerySet[Verdict]:
    """Full-text search in the fact-checks' stored documents (``publishing.search``): web-search syntax
    on PostgreSQL; on SQLite every word must appear in the headline, summary, explanation, claim, speaker or
    article title. Every match, whatever their number (the index pages through ``search_ids``)."""
    return search_factchecks(qs, q, narrowed=True).found


def rating_choices() -> list[tuple[str, str]]:
    """(slug, label) of the ratings live fact-checks carry, as published, best first, off-scale last.

    Reads whole snapshots (few distinct ones) rather than JSON keys: on SQLite a key lookup returns the
    slug "false" as the boolean False.
    """
    snapshots = published_verdicts().order_by().values_list("published_rating", flat=True).distinct()
    seen: dict[str, tuple[str, int]] = {}
    for snap in snapshots:
        snap = snap or {}
        slug = str(snap.get("slug") or "")
        if slug and slug not in seen:
            value = snap.get("value")
            seen[slug] = (str(snap.get("label") or slug), value if isinstance(value, int) else -1)
    return [(slug, label) for slug, (label, _) in sorted(seen.items(), key=lambda kv: (-kv[1][1], kv[1][0]))]


def speaker_choices() -> list[str]:
    """Named speakers of live fact-checks, alphabetically (claims by a publication have no speaker), without
    characters no page may carry."""
    rows = published_verdicts().exclude(claim__speaker="").order_by().values_list("claim__speaker", flat=True)
    return sorted({strip_xml_illegal(r) for r in rows} - {""}, key=str.casefold)


def claim_type_choices() -> list[tuple[str, str]]:
    return list(ClaimType.choices)


def rating_scale_rows() -> list[Rating]:
    """Every rating of every scale, default scale first, in display order: the ratings page in one query."""
    return list(Rating.objects.select_related("scale").order_by("-scale__is_default", "scale__name", "position"))
