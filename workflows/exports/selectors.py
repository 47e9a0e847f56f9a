"""The rows of an export, read in a fixed number of queries per chunk, whatever the number of rows.

Each ``*_for_export`` takes the queryset the caller has already filtered, searched and ordered (the queue
page's own ChangeList, the API's filters) and adds only what the columns read: the related rows they show
(joined or prefetched) and nothing else, so an article's text (megabytes, shown in no column) is never
loaded. ``rows`` reads them ``CHUNK_SIZE`` at a time: one query per chunk, and one per chunk for each
prefetch, on PostgreSQL through a server-side cursor. Related rows are joined or read by a subquery in the
row itself (a claim's reviewers), so a chunk is one query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Aggregate, Count, IntegerField, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat

from factcheck.claims.models import Assignment, Claim
from factcheck.verdicts.models import Correction, Verdict

# Rows read at a time. The database driver holds the batch it is fetching beside the one being written, so
# an export's peak is about two chunks of rows whatever its size; 500 keeps that small (about a megabyte)
# and costs one round trip per 500 rows on PostgreSQL's server-side cursor.
CHUNK_SIZE = 500

CLAIM_FIELDS = (
    "id",
    "text",
    "claim_reviewed",
    "speaker",
    "claim_type",
    "state",
    "priority",
    "score",
    "due_at",
    "claim_date",
    "appearance_url",
    "origin",
    "language",
    "cluster",
    "archived_match",
    "dismiss_reason",
    "created_at",
    "article__title",
    "article__publisher",
    "article__url",
    "archived_match__url",
)

VERDICT_FIELDS = (
    "id",
    "claim",
    "rating",
    "headline",
    "summary",
    "author",
    "editor",
    "slug",
    "published_rating",
    "published_at",
    "modified_at",
    "retracted_at",
    "retraction_reason",
    "updated_at",
    "claim__text",
    "claim__claim_reviewed",
    "claim__speaker",
    "claim__state",
    "rating__label",
    "author__username",
    "editor__username",
)

CORRECTION_FIELDS = (
    "id",
    "created_at",
    "kind",
    "what_changed",
    "old_rating",
    "new_rating",
    "note",
    "verdict",
    "decided_by",
    "verdict__headline",
    "verdict__slug",
    "verdict__claim",
    "decided_by__username",
)


class JoinedText(Aggregate):
    """Texts of a group joined with ", " (PostgreSQL ``STRING_AGG``, SQLite ``GROUP_CONCAT``)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def active_reviewers() -> Subquery:
    """A claim's active reviewers as "role:username, role:username", in the claim's own row: a subquery
    on the assignments' claim index, where a prefetch would send a thousand ids back per chunk (most of an
    export's database time)."""
    names = (
        Assignment.objects.filter(claim=OuterRef("pk"), state=Assignment.State.ACTIVE)
        .order_by()
        .values("claim")
        .annotate(names=JoinedText(Concat("role", Value(":"), "reviewer__username", output_field=TextField())))
        .values("names")
    )
    return Subquery(names, output_field=TextField())


def claims_for_export(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """The claims of ``queryset`` (its filters, search and order kept) with what the claim columns show."""
    return (
        queryset.select_related("article", "archived_match")
        .only(*CLAIM_FIELDS)
        .prefetch_related(None)
        .annotate(export_reviewers=active_reviewers())
    )


def verdicts_for_export(queryset: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """The verdicts of ``queryset`` with their claim, rating, people and how many corrections each has."""
    corrections = (
        Correction.objects.filter(verdict=OuterRef("pk"))
        .order_by()
        .values("verdict")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        queryset.select_related("claim", "rating", "author", "editor")
        .only(*VERDICT_FIELDS)
        .prefetch_related(None)
        .annotate(corrections_count=Coalesce(Subquery(corrections, output_field=IntegerField()), Value(0)))
    )


def corrections_for_export(queryset: QuerySet[Correction]) -> QuerySet[Correction]:
    """The corrections log of ``queryset`` with the fact-check each belongs to and who decided it."""
    return queryset.select_related("verdict", "decided_by").only(*CORRECTION_FIELDS).prefetch_related(None)


def _release(obj: Any) -> None:
    """Break the reference cycles Django leaves between a row and its related rows (a verdict's claim
    points back at the verdict, a prefetched row at its parent), so a written row is freed at once rather
    than at the next full garbage collection, which a long export outruns (memory would grow with rows)."""
    obj._state.fields_cache = {}
    obj.__dict__.pop("_prefetched_objects_cache", None)


def rows(queryset: QuerySet[Any]) -> Iterator[Any]:
    """The rows, ``CHUNK_SIZE`` at a time, each let go once written."""
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield obj
        _release(obj)


def count(queryset: QuerySet[Any]) -> int:
    """How many rows an export will hold (one COUNT, without the ordering)."""
    return queryset.order_by().count()
