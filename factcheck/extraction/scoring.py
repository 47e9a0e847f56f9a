"""Check-worthiness scores: how much a fact-check desk would want to verify each sentence.

A score is a probability in 0..1 from the shipped model (ClaimBuster n-grams re-weighed with news signals,
see ``training``). It depends on the sentence text alone, so ``score_sentences`` and ``extract`` always agree.
``explain_sentences`` gives the same scores with the reasons behind them (``types.Signal``).
"""

from __future__ import annotations

from .model import Scored, load_model

#: Scores are stored and compared with this many decimals: at four, two pairs of distinct sentences among the 20
#: best of the seed articles tied (the top read 1.0000); at six none do.
SCORE_DECIMALS = 6


def _texts(texts: list[str]) -> list[str]:
    return [text if isinstance(text, str) else str(text) for text in texts]


def explain_sentences(texts: list[str]) -> list[Scored]:
    """One ``Scored`` (probability rounded to ``SCORE_DECIMALS``, signals strongest first) per text, same order."""
    scored = load_model().score(_texts(texts))
    return [Scored(round(item.probability, SCORE_DECIMALS), item.signals) for item in scored]


def score_sentences(texts: list[str]) -> list[float]:
    """One score per text, same order; batched, so scoring a whole article costs one matrix product."""
    return [scored.probability for scored in explain_sentences(texts)]
