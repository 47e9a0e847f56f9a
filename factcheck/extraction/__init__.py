"""Claim extraction for Factdesk: a plain Python library, no Django.

``extract`` turns a scraped article into located, scored, typed and attributed sentences;
``score_sentences`` scores bare sentences the same way; ``ClaimMatcher`` and ``numbers_agree`` find
the same claim across articles and in the fact-check archive.
"""

from .matching import MATCH_THRESHOLD, ClaimMatcher
from .numbers import numbers_agree
from .pipeline import extract
from .scoring import score_sentences
from .types import CLAIM_TYPES, QUEUE_THRESHOLD, ExtractionResult, Match, Sentence

__all__ = (
    "CLAIM_TYPES",
    "MATCH_THRESHOLD",
    "QUEUE_THRESHOLD",
    "ClaimMatcher",
    "ExtractionResult",
    "Match",
    "Sentence",
    "extract",
    "numbers_agree",
    "score_sentences",
)
