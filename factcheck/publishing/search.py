"""The public index's search: a "few or many" plan over the fact-checks' stored documents.

A fact-check's document (``Verdict.search_vector``) is kept by the database: the verdict's headline, summary
and explanation and its claim's readable part (the claim as restated and as it appeared, the speaker, the
article's title), so a query in web-search syntax (phrases, "or", "-word") is answered by one GIN index on
public rows, whatever its words, with no document re-parsed (``factcheck.claims.search`` says how and why).

The plan is the desk's (``claims.search.claim_search``). The function ``verdict_search_ids`` (``verdicts/0010``)
reads up to ``FEW_MATCHES`` + 1 ids of live fact-checks through that index, whatever the planner guesses of the
words. Few: the matches are those ids, and the index sorts them newest first (an exact count and pager). Many:
sorting every match costs what the matches number (30,000 fact-checks for "patients" at a million claims: over
a second), while walking the newest-first index and testing each fact-check's stored document finds a page of
twenty after 20 / share-of-matches rows; the index then lists the newest ``FEW_MATCHES`` and says more match.
With a filter besides the words (rating, type, speaker, tag, topic) the ids cannot tell how many pass it, so
every match is read through the index and sorted, as few are. On SQLite every word must appear in one of the
same fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from factcheck.claims import search as claim_search

PUBLIC_FIELDS = (
    "headline",
    "summary",
    "explanation",
    "claim__claim_reviewed",
    "claim__text",
    "claim__speaker",
    "claim__article__title",
)
# Up to this many matches the index sorts them all; past it, it walks newest first. A fact-check's row is wide
# (its explanation), so each match read costs ~25 µs at a million claims (the index, the row, the claim's state)
# and each row walked ~15 µs: at 1,000 both stay under ~30 ms for the first pages.
FEW_MATCHES = 1000


@dataclass(frozen=True)
class FactCheckSearch:
    """A search's fact-checks, and whether they are too many to sort."""

    #: The matches (a Verdict queryset); when ``many``, to be walked newest first, never counted or sorted.
    found: QuerySet
    #: More than ``FEW_MATCHES`` live fact-checks match the words.
    many: bool = False


def search_factchecks(qs: QuerySet, q: str, *, narrowed: bool = False) -> FactCheckSearch:
    """Fact-checks (a Verdict queryset) whose document matches ``q``. ``narrowed``: ``qs`` carries a filter
    besides the words, so the matches are sorted whatever their number (module docstring)."""
    q = claim_search.clean_query(q)
    if not q:
        return FactCheckSearch(qs)
    if connection.vendor != "postgresql" or not claim_search.has_words(q):  # SQLite, or nothing for the index
        return FactCheckSearch(qs.filter(claim_search.contains_every_word(q, PUBLIC_FIELDS)))
    ids = matching_factcheck_ids(q, FEW_MATCHES + 1)
    if len(ids) <= FEW_MATCHES:
        # One array, not a thousand parameters: the statement stays short to send and to plan.
        return FactCheckSearch(qs.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids])))
    if narrowed:
        query_sql, params = claim_search.web_query_sql(q)
        # The SQL is this module's and ``web_query_sql``'s; the query's text travels as parameters.
        every = RawSQL(f"SELECT verdict_search_ids({query_sql}, NULL)", params)  # noqa: S611
        return FactCheckSearch(qs.filter(pk__in=every))
    return FactCheckSearch(qs.filter(claim_search.tested_one_by_one("search_vector", q)), many=True)


def matching_factcheck_ids(q: str, most: int) -> list[int]:
    """Up to ``most`` ids of live fact-checks whose document matches ``q``, always read through the GIN index
    (``verdict_search_ids`` runs with sequential and plain index scans off: two common words that seldom meet
    would otherwise send the planner down the newest-first index, testing every fact-check)."""
    query_sql, params = claim_search.web_query_sql(q)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT verdict_search_ids({query_sql}, %s)", [*params, most])
        return [row[0] for row in cursor.fetchall()]
