"""Check-worthiness scores: how much a fact-check desk would want to verify each sentence.

A score is a probability in 0..1 from the shipped model (ClaimBuster n-grams re-weighed with news signals,
see ``training``). It depends on the sentence text alone, so ``score_sentences`` and ``extract`` always agree.
``explain_sentences`` gives the same scores with the reasons behind them (``types.Signal``).

The model's n-grams were learned from English debates: on Russian or Greek they read noise, and the same claim
scored 0.96 in English and 0.44 in Russian. Outside English the score is therefore *figures-based*
(``FIGURES_BASIS``): the model's own news layer, with its learned weights for the language-independent signals
(figures, money, percentages, dates, records, "first"/"only", approvals, medical outcomes, and the marks of
what is not checkable) computed from that language's lexicon, and a fixed stand-in where the English n-gram
evidence would be. The desk and the API say so beside such a score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .language import sentence_language
from .model import INPUT_LABELS, Scored, load_model
from .signals import SIGNAL_NAMES, signal_matrix
from .types import QUEUE_THRESHOLD, Signal

#: Scores are stored and compared with this many decimals: at four, two pairs of distinct sentences among the 20
#: best of the seed articles tied (the top read 1.0000); at six none do.
SCORE_DECIMALS = 6
#: Languages the check-worthiness model reads; any other language gets a figures-based score.
MODEL_LANGUAGES = frozenset({"en"})
#: ``Claim.score_basis`` of a figures-based score (empty: the model's).
FIGURES_BASIS = "figures"
#: What stands in for the English n-gram evidence (the news layer's first input, a clipped logit divided by its
#: scale) in a figures-based score: chosen on the tuning halves of ``tests/fixtures_extraction/multilingual``.
FIGURES_BASELINE = -0.5
#: A figures-based score never leaves a statement of a figure (a quantity, a percentage or an amount, in a
#: sentence of six words or more that is not a question) below the queue: the language must not drop it.
FIGURE_FLOOR = QUEUE_THRESHOLD
_FIGURE_SIGNALS = [SIGNAL_NAMES.index(name) for name in ("quantity", "percent")]
_NOT_A_STATEMENT = [SIGNAL_NAMES.index(name) for name in ("question", "short")]
_MODEL_LABEL = INPUT_LABELS["claimbuster_logit"]


def score_basis(language: str | None) -> str:
    """How a sentence in ``language`` is scored: "" (the model) or ``FIGURES_BASIS``."""
    return "" if (language or "en").split("-")[0] in MODEL_LANGUAGES else FIGURES_BASIS


def _texts(texts: list[str]) -> list[str]:
    return [text if isinstance(text, str) else str(text) for text in texts]


def _languages(texts: list[str], language: str | Sequence[str] | None) -> list[str]:
    if language is None:
        return [sentence_language(text) for text in texts]
    if isinstance(language, str):
        return [language.split("-")[0]] * len(texts)
    return [code.split("-")[0] for code in language]


def _figures_based(texts: list[str], languages: list[str]) -> list[Scored]:
    news = load_model().news
    signals = signal_matrix(texts, languages)
    features = np.hstack([np.full((len(texts), 1), FIGURES_BASELINE), signals])
    probabilities = 1.0 / (1.0 + np.exp(-(features @ news.weights + news.intercept)))
    figure = signals[:, _FIGURE_SIGNALS].any(axis=1) & ~signals[:, _NOT_A_STATEMENT].any(axis=1)
    probabilities = np.where(figure, np.maximum(probabilities, FIGURE_FLOOR), probabilities)
    reasons = news.reasons(features)
    return [
        Scored(float(p), tuple(Signal(s.name, s.contribution) for s in why if s.name != _MODEL_LABEL))
        for p, why in zip(probabilities, reasons, strict=True)
    ]


def explain_sentences(texts: list[str], language: str | Sequence[str] | None = None) -> list[Scored]:
    """One ``Scored`` (probability rounded to ``SCORE_DECIMALS``, signals strongest first) per text, same order.

    ``language`` is the texts' language (an article's), one per text, or None to tell each line's own
    (``language.sentence_language``: English unless the line clearly is not).
    """
    texts = _texts(texts)
    languages = _languages(texts, language)
    by_model = [i for i, code in enumerate(languages) if not score_basis(code)]
    scored: list[Scored | None] = [None] * len(texts)
    if by_model:
        for i, item in zip(by_model, load_model().score([texts[i] for i in by_model]), strict=True):
            scored[i] = item
    others = [i for i, code in enumerate(languages) if score_basis(code)]
    if others:
        figures = _figures_based([texts[i] for i in others], [languages[i] for i in others])
        for i, item in zip(others, figures, strict=True):
            scored[i] = item
    return [Scored(round(item.probability, SCORE_DECIMALS), item.signals) for item in scored if item is not None]


def score_sentences(texts: list[str], language: str | Sequence[str] | None = None) -> list[float]:
    """One score per text, same order; batched, so scoring a whole article costs one matrix product."""
    return [scored.probability for scored in explain_sentences(texts, language)]
