"""Finding the same claim in other articles or in the archive of published fact-checks.

Similarity is the cosine of tf-idf vectors over hashed word n-grams (the wording) and character
n-grams (inflections, transliterated names, "CAR-T" against "CAR T"), averaged. Hashing keeps adding
an item cheap: its counts are computed once, and only the idf is refreshed (lazily, at the next
query) from the running document frequencies.

Figures then adjust the score, as they would for an editor. A pair whose figures disagree ("600 a
year" against "60 a year") keeps only a tenth of its similarity, below any sensible threshold. A pair
that shares a distinctive figure ("up to 600 ... annually" in two differently worded reports) gains:
the same uncommon number in text on the same topic is strong evidence of the same claim. The gain
grows with the text similarity, so a shared "48" between unrelated sentences ("48 volunteers",
"48 AI solutions") stays low.

With an encoder (``embedding.default_encoder()``, the shipped all-MiniLM-L6-v2), the text similarity is
the mean of that tf-idf score and the cosine of the two sentence embeddings: the words catch shared names
and figures, the embeddings catch the same claim in other words. On CheckThat! 2020 task 2 (tweets
against 10,389 verified claims) the mix ranks better than either alone (see ``evaluation.matching``).

Across languages (a Russian claim against its English restatement) neither words nor the English-only
encoder say anything, so a pair whose languages differ is also scored on language-neutral tokens
(``crosslang.neutral_tokens``: concepts, transliterated names, figures), as a tf-idf cosine of its own, and
keeps the better of the two scores; the figures rule applies to both. Pairs in one language score as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from .crosslang import is_cross_language, language_of, neutral_tokens
from .encoder import Encoder
from .hashing import HashedCounts
from .numbers import Figures, extract_figures, figures_agree, share_distinctive_figure
from .types import MATCH_THRESHOLD as _MATCH_THRESHOLD
from .types import Match
from .vectorizing import row_norms, scale_rows
from .wordlists import words

#: At or above this score two claims are treated as the same claim. Chosen on the seed articles with the
#: shipped encoder: the one pair reporting the same plan scores 0.67, the closest unrelated pair 0.44, and
#: paraphrases written for the tests ("waiting lists at hospitals were cut by a third in the past year")
#: about 0.5. On tf-idf alone (a stored claim not encoded yet) the plan pair still scores 0.60. Defined in
#: ``types`` (re-exported here), which the API reads without importing this module.
MATCH_THRESHOLD = _MATCH_THRESHOLD
#: Share of the embedding cosine in the text similarity (the rest is the tf-idf score).
SEMANTIC_WEIGHT = 0.5
#: What is left of a pair's similarity when their figures disagree: a tenth, below any threshold, so such a
#: pair never links.
NUMBER_DISAGREEMENT_FACTOR = 0.1
#: The same for ranking only (``query(..., disagreement_factor=RANKING_DISAGREEMENT_FACTOR)``): a list of
#: candidates for an editor to read keeps a pair whose figures differ at its text similarity. A post often
#: states the figure differently from the fact-check ("118. Down from 65th" against "118th ... a decline of
#: 53 places"); on CheckThat! 2020 train tweets MAP@5 is 0.864 with the strict rule and 0.907 with this
#: one (1.0 = figures ignored when they disagree; 0.8 gave 0.899, 0.5 0.869). Never link on such a score.
RANKING_DISAGREEMENT_FACTOR = 1.0
#: Share of the remaining distance to 1 that a shared distinctive figure closes, reached in full once
#: the text similarity is ``SHARED_FIGURE_RAMP`` or more.
SHARED_FIGURE_BONUS = 0.5
SHARED_FIGURE_RAMP = 0.2
WORD_WEIGHT = 0.5
N_FEATURES = 2**18

#: Words that carry no topic: matching "the" and "is" says nothing about being the same claim.
STOPWORDS = words(
    """
    a an the and or but of to in on at for by with from as is are was were be been being it its this
    that these those which who whom whose their there they he she his her we our you your i me my
    has have had do does did not no so such than then also up about into over after before while
    during per very can could would should will may might must more most some any all each other one
    """
)


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces: what both n-gram analyzers read."""
    return re.sub(r"\s+", " ", text.lower().replace("’", "'"))


def word_analyzer(text: str) -> list[str]:
    """Topic words (no stopwords) and their adjacent pairs: the matcher's word features."""
    words = [w for w in re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", normalise(text)) if w not in STOPWORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class ClaimMatcher:
    """An in-memory index of claims; ``add`` is cheap, ``query`` refreshes weights only when needed.

    With an ``encoder`` the similarity mixes in the sentence-embedding cosine (``SEMANTIC_WEIGHT``); the
    stored texts are encoded in one batch at the first query after they were added. Every item is scored
    on every query: for archives up to tens of thousands (the ``match_claims`` command, evaluation). The
    worker's index at 100,000s of claims is ``matchindex.MatchIndex``.
    """

    def __init__(self, encoder: Encoder | None = None) -> None:
        self._encoder = encoder
        self._keys: list[object] = []
        self._figures: list[Figures] = []
        self._vectorizers = lexical_vectorizers()
        self._counts: list[list[sp.csr_matrix]] = [[], []]
        self._pending: list[str] = []
        self._document_frequency = [np.zeros(N_FEATURES), np.zeros(N_FEATURES)]
        self._matrices: list[sp.csr_matrix] | None = None
        self._idf: list[np.ndarray] | None = None
        self._embedded: list[np.ndarray] = []
        self._embeddings: np.ndarray | None = None
        self._languages: list[str] = []
        self._language_array: np.ndarray | None = None
        self._neutral_vectorizer = neutral_vectorizer()
        self._neutral_counts: list[sp.csr_matrix] = []
        self._neutral_frequency = np.zeros(N_FEATURES)
        self._neutral: sp.csr_matrix | None = None
        self._neutral_idf: np.ndarray | None = None

    @classmethod
    def from_items(cls, items: Iterable[tuple[object, str]], encoder: Encoder | None = None) -> ClaimMatcher:
        matcher = cls(encoder)
        for key, text in items:
            matcher.add(key, text)
        return matcher

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: object, text: str) -> None:
        self._keys.append(key)
        self._figures.append(extract_figures(text or ""))
        self._languages.append(language_of(text or ""))
        self._pending.append(text or "")
        self._matrices = None

    def _absorb_pending(self) -> None:
        if not self._pending:
            return
        for block, vectorizer in enumerate(self._vectorizers):
            counts = log_counts(vectorizer, self._pending)
            self._counts[block].append(counts)
            self._document_frequency[block] += np.bincount(counts.indices, minlength=N_FEATURES)
        if self._encoder is not None:
            self._embedded.append(self._encoder.encode(self._pending))
            self._embeddings = None
        neutral = log_counts(self._neutral_vectorizer, self._pending)
        self._neutral_counts.append(neutral)
        self._neutral_frequency += np.bincount(neutral.indices, minlength=N_FEATURES)
        self._pending = []

    def _ensure_fitted(self) -> None:
        if self._matrices is not None:
            return
        self._absorb_pending()
        n = len(self._keys)
        self._idf = [np.log((1 + n) / (1 + df)) + 1.0 for df in self._document_frequency]
        self._matrices = []
        for block in range(2):
            stacked = sp.vstack(self._counts[block]).tocsr() if self._counts[block] else sp.csr_matrix((0, N_FEATURES))
            self._counts[block] = [stacked]
            self._matrices.append(_weigh(stacked, self._idf[block]))
        stacked = sp.vstack(self._neutral_counts).tocsr() if self._neutral_counts else sp.csr_matrix((0, N_FEATURES))
        self._neutral_counts = [stacked]
        self._neutral_idf = np.log((1 + n) / (1 + self._neutral_frequency)) + 1.0
        self._neutral = _weigh(stacked, self._neutral_idf)
        if self._encoder is not None and self._embeddings is None and self._embedded:
            self._embeddings = np.vstack(self._embedded)
            self._embedded = [self._embeddings]

    def _vectorise(self, text: str) -> list[sp.csr_matrix]:
        return [
            _weigh(log_counts(vectorizer, [text]), self._idf[block])
            for block, vectorizer in enumerate(self._vectorizers)
        ]

    def _scores(self, text: str) -> tuple[np.ndarray, np.ndarray | None]:
        """The tf-idf similarity of ``text`` to every stored item, and the embedding cosine (with an encoder)."""
        self._ensure_fitted()
        if not self._keys:
            return np.zeros(0), None
        word, char = self._vectorise(text)
        word_scores = (self._matrices[0] @ word.T).toarray().ravel()
        char_scores = (self._matrices[1] @ char.T).toarray().ravel()
        lexical = lexical_score(word_scores, char_scores)
        if self._embeddings is None:
            return lexical, None
        return lexical, self._embeddings @ self._encoder.encode([text or ""])[0]

    def cosines(self, text: str) -> np.ndarray | None:
        """The plain embedding cosine of ``text`` (whole) to every stored item; None without an encoder.

        Not a ranking the desk uses: the evaluation's baseline ("embedding cosine alone")."""
        self._ensure_fitted()
        if self._embeddings is None:
            return None
        return self._embeddings @ self._encoder.encode([text or ""])[0]

    def similarities(self, text: str) -> np.ndarray:
        """Text similarity of ``text`` to every stored item, before the figures are compared."""
        return combine(*self._scores(text))

    def query(
        self, text: str, top: int = 5, min_score: float = 0.0, disagreement_factor: float = NUMBER_DISAGREEMENT_FACTOR
    ) -> list[Match]:
        """The ``top`` most similar stored claims scoring at least ``min_score``, best first.

        ``disagreement_factor`` is what is left of a pair's score when their figures disagree: the default
        is the linking rule; ``RANKING_DISAGREEMENT_FACTOR`` ranks candidates for reading, not for linking.
        """
        if top <= 0 or not self._keys:
            return []
        lexical, semantic = self._scores(text or "")
        scores = combine(lexical, semantic)
        language = language_of(text or "")
        crossing = [other for other in dict.fromkeys(self._languages) if is_cross_language(language, other)]
        if crossing:
            if self._language_array is None or len(self._language_array) != len(self._languages):
                self._language_array = np.array(self._languages)
            cross = np.isin(self._language_array, crossing)
        else:
            cross = np.zeros(len(scores), dtype=bool)
        neutral = None
        if cross.any():
            query = _weigh(log_counts(self._neutral_vectorizer, [text or ""]), self._neutral_idf)
            neutral = (self._neutral @ query.T).toarray().ravel()
            scores = np.where(cross, np.maximum(scores, neutral), scores)
        # Look deeper than ``top``: the figure check may promote or demote some candidates.
        depth = min(len(scores), max(top * 4, top + 20))
        candidates = np.argpartition(-scores, depth - 1)[:depth] if depth < len(scores) else np.arange(len(scores))
        figures = extract_figures(text or "")
        matches = []
        for index in candidates:
            score = pair_score(
                float(lexical[index]),
                None if semantic is None else float(semantic[index]),
                figures,
                self._figures[index],
                disagreement_factor,
            )
            if neutral is not None and cross[index]:
                across = pair_score(float(neutral[index]), None, figures, self._figures[index], disagreement_factor)
                score = max(score, across)
            if score >= min_score:
                matches.append(Match(self._keys[index], round(score, 4)))
        matches.sort(key=lambda match: -match.score)
        return matches[:top]


def lexical_vectorizers() -> tuple[HashedCounts, HashedCounts]:
    """The two hashed n-gram vectorizers the matchers share: words (and pairs) and characters 3-5.

    scikit-learn's ``HashingVectorizer(analyzer=word_analyzer)`` and ``HashingVectorizer(analyzer="char_wb",
    ngram_range=(3, 5), preprocessor=normalise)``, both ``alternate_sign=False, norm=None``, as ``hashing``
    reproduces them (the same columns and counts, without importing scikit-learn in a worker)."""
    return (
        HashedCounts(word_analyzer, n_features=N_FEATURES),
        HashedCounts("char_wb", ngram_range=(3, 5), n_features=N_FEATURES, preprocessor=normalise),
    )


def neutral_vectorizer() -> HashedCounts:
    """Hashed language-neutral tokens (concepts, name keys, figures): how claims in two languages compare."""
    return HashedCounts(neutral_tokens, n_features=N_FEATURES)


def log_counts(vectorizer: HashedCounts, texts: list[str]) -> sp.csr_matrix:
    """Term counts as 1 + log(count) (sublinear tf), one row per text."""
    counts = vectorizer.transform(texts).tocsr()
    counts.sum_duplicates()
    counts.data = 1.0 + np.log(counts.data)
    return counts


def lexical_score(word: np.ndarray, char: np.ndarray) -> np.ndarray:
    """The tf-idf similarity: word and character cosines averaged."""
    return np.clip(WORD_WEIGHT * word + (1 - WORD_WEIGHT) * char, 0.0, 1.0)


def combine(lexical: np.ndarray | float, semantic: np.ndarray | float | None) -> np.ndarray | float:
    """The text similarity of pairs from their tf-idf score and, where known, their embedding cosine."""
    if semantic is None:
        return lexical
    return np.clip((1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * np.clip(semantic, 0.0, 1.0), 0.0, 1.0)


def pair_score(
    lexical: float,
    semantic: float | None,
    first: Figures,
    second: Figures,
    disagreement_factor: float = NUMBER_DISAGREEMENT_FACTOR,
) -> float:
    """The match score of two claims: their text similarity corrected by their figures.

    Figures that disagree leave ``disagreement_factor`` of the similarity (a tenth: the linking rule). A
    shared distinctive figure adds to the tf-idf part only, ramped by it: the same "48" in two sentences that
    share no words ("48 volunteers", "48 AI solutions") adds almost nothing, however close the embeddings of
    two medical sentences are.
    """
    if not figures_agree(first, second):
        return float(combine(lexical, semantic)) * disagreement_factor
    if lexical > 0 and share_distinctive_figure(first, second):
        ramp = min(1.0, lexical / SHARED_FIGURE_RAMP)
        lexical = lexical + (1.0 - lexical) * SHARED_FIGURE_BONUS * ramp
    return float(combine(lexical, semantic))


def adjust_for_figures(similarity: float, first: Figures, second: Figures) -> float:
    """A tf-idf similarity corrected by what the two claims' figures say (``pair_score`` without embeddings)."""
    if similarity <= 0:
        return 0.0
    return pair_score(similarity, None, first, second)


def _weigh(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    weighted = counts.multiply(idf[np.newaxis, :]).tocsr() if counts.nnz else counts.copy()
    norms = row_norms(weighted)
    norms[norms == 0] = 1.0
    return scale_rows(weighted, 1.0 / norms)
