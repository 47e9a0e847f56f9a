"""The value objects the extraction engine hands out.

They are frozen so a result can be cached, shared between threads and compared in tests without
anyone mutating an offset that the database later relies on.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Full Fact's claim taxonomy with the label an editor reads; "other" is the catch-all for checkable claims
#: that fit no rule. The one list: the database's ``ClaimType`` choices are made from it.
CLAIM_TYPE_LABELS: dict[str, str] = {
    "quantity": "Quantity",
    "prediction": "Prediction",
    "correlation_causation": "Correlation or causation",
    "laws_rules": "Laws or rules",
    "personal_experience": "Personal experience",
    "other": "Other",
}
CLAIM_TYPES: tuple[str, ...] = tuple(CLAIM_TYPE_LABELS)

#: A sentence at or above this check-worthiness score goes into the desk's queue.
QUEUE_THRESHOLD: float = 0.5
#: At or above this match score two claims are the same claim (chosen and explained in ``matching``; kept here
#: so the API and the desk can read it without importing the matchers and NumPy).
MATCH_THRESHOLD: float = 0.5

#: How many reasons a scored sentence carries at most (the strongest ones).
MAX_SIGNALS: int = 6


@dataclass(frozen=True)
class Signal:
    """One reason a sentence scored as it did, for the editor who wants to know why.

    ``name`` is human-readable and stable ("a figure", "a record/first", "a medical outcome",
    "model: check-worthy language"); ``contribution`` is what the reason added to the score's log-odds
    (positive pushes towards the queue, negative away from it), so reasons can be compared and sorted.
    Only reasons that fired are listed: a signal that is absent contributes nothing.
    """

    name: str
    contribution: float


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
    #: Why it scored as it did: the signals that fired, strongest first (by absolute contribution), at most
    #: ``MAX_SIGNALS``. Empty for sentences built without the scorer (e.g. in tests).
    signals: tuple[Signal, ...] = ()


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
