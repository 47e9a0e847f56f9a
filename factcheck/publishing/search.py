"""The public index's search: one lookup in the fact-checks' stored documents.

A fact-check's document (``Verdict.search_vector``) is kept by the database: the verdict's headline, summary
and explanation and its claim's readable part (the claim as restated and as it appeared, the speaker, the
article's title), so a query in web-search syntax (phrases, "or", "-word") is answered by one GIN index on
public rows, whatever its words, with no document re-parsed (``factcheck.claims.search`` says how and why).
The function ``verdict_search_ids`` (``verdicts/0006``) reads that index whatever the planner guesses of the
words (it guesses phrases and words that go together far too rare, and would walk the newest-first index
testing every fact-check instead). On SQLite every word must appear in one of the same fields.
"""

from __future__ import annotations

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


def search_factchecks(qs: QuerySet, q: str) -> QuerySet:
    """Fact-checks (a Verdict queryset) whose document matches ``q``."""
    q = claim_search.clean_query(q)
    if not q:
        return qs
    if connection.vendor != "postgresql" or not claim_search.has_words(q):  # SQLite, or nothing for the index
        return qs.filter(claim_search.contains_every_word(q, PUBLIC_FIELDS))
    query_sql, params = claim_search.web_query_sql(q)
    # The SQL is this module's and ``web_query_sql``'s; the query's text travels as parameters.
    return qs.filter(pk__in=RawSQL(f"SELECT verdict_search_ids({query_sql})", params))  # noqa: S611
