"""The value objects the extraction engine hands out.

They are frozen so a result can be cached, shared between threads and compared in tests without
anyone mutating an offset that the database later relies on.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Full Fact's claim taxonomy; "other" is the catch-all for checkable claims that fit no rule.
CLAIM_TYPES: tuple[str, ...] = (
    "quantity",
    "prediction",
    "correlation_causation",
    "laws_rules",
    "personal_experience",
    "other",
)

#: A sentence at or above this check-worthiness score goes into the desk's queue.
QUEUE_THRESHOLD: float = 0.5


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, located by offsets into the raw text it came from.

    Offsets point into the *raw* text (not the cleaned text) so the editor's UI can highlight the claim
    where the reporter actually wrote it: ``raw_text[start:end] == text`` always holds.
    """

    text: str
    start: int
    end: int
    score: float
    claim_type: str
    speaker: str | None
    context: str
    paragraph: int


@dataclass(frozen=True)
class ExtractionResult:
    """Everything ``extract`` learned about one article."""

    title: str | None
    language: str
    cleaned_text: str
    sentences: tuple[Sentence, ...]
    claims: tuple[Sentence, ...]


@dataclass(frozen=True)
class Match:
    """A stored claim similar to a query, with a similarity in 0..1 (1 = same wording)."""

    key: object
    score: float
