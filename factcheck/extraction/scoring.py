"""Check-worthiness scores: how much a fact-check desk would want to verify each sentence.

A score is a probability-like number in 0..1 from the shipped model (ClaimBuster n-grams re-weighed
with news signals, see ``training``). It depends on the sentence text alone, so ``score_sentences``
and ``extract`` always agree.
"""
from __future__ import annotations

from .model import load_model

SCORE_DECIMALS = 4


def score_sentences(texts: list[str]) -> list[float]:
    """One score per text, same order; batched, so scoring a whole article costs one matrix product."""
    texts = [text if isinstance(text, str) else str(text) for text in texts]
    if not texts:
        return []
    return [round(float(score), SCORE_DECIMALS) for score in load_model().scores(texts)]
