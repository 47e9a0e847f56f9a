"""The public full-text search's documents, shared by the query (``selectors.search``) and its indexes
(migrations ``publishing/0001`` and ``0002``): an expression index is used only for the very expression it
was built on.

A fact-check's document spans two tables (the verdict's headline, summary and explanation; the claim as
checked, as it appeared, and its speaker), so no single index covers it. A plain query ("every word") is
instead answered word by word: a fact-check matches a word when its verdict side or its claim side does, and
each side has a GIN index restricted to public rows. Each word is matched as ``plainto_tsquery`` does (all
its lexemes: "CAR-T" needs "car-t", "car" and "t"), which an index answers without re-reading the documents;
a quoted phrase must occur within one side (the index finds the rows with its words, PostgreSQL re-checks
their order there).
"""
from __future__ import annotations

import re

from django.contrib.postgres.search import SearchVector
from django.db.models import Q

from factcheck.claims.models import ClaimState

PUBLIC_CLAIM_STATES = [ClaimState.PUBLISHED, ClaimState.RETRACTED]
PUBLIC_VERDICT = Q(slug__isnull=False)
PUBLIC_CLAIM = Q(state__in=PUBLIC_CLAIM_STATES)
CONFIG = "english"

# A leading "-" (negation) and "or" change what the words mean together: such a query is answered over
# the whole document only. Quotes (phrases) need every word too, so the words narrow the search first.
_NOT_ALL_WORDS = re.compile(r'(?:^|\s)"?-|(?:^|\s)or(?:\s|$)', re.IGNORECASE)


def verdict_document() -> SearchVector:
    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("explanation", weight="C", config=CONFIG)
    )


def claim_document() -> SearchVector:
    """The claim as readers see it (the desk's restatement, empty until there is one) and as it appeared."""
    return (
        SearchVector("claim_reviewed", weight="A", config=CONFIG)
        + SearchVector("text", weight="A", config=CONFIG)
        + SearchVector("speaker", weight="B", config=CONFIG)
    )


def required_terms(q: str) -> list[str] | None:
    """What every match must contain: each quoted phrase (with its quotes) and each other word, or None for a
    query using negation or "or" (answered over the whole document)."""
    if _NOT_ALL_WORDS.search(q):
        return None
    phrases = [f'"{p.strip()}"' for p in re.findall(r'"([^"]*)"', q) if p.strip()]
    words = re.findall(r'[^\s"]+', re.sub(r'"[^"]*"', " ", q))
    return phrases + words or None
