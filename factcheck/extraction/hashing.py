"""Hashed n-gram counts, computed exactly as scikit-learn's ``HashingVectorizer`` does, without scikit-learn.

The shipped n-gram weights and the matchers' features are indexed by scikit-learn's hash of each feature
string, so the run-time vectoriser must produce the very same columns and counts. Importing scikit-learn for
that alone cost a worker (and every web process, which imports the extraction package) ~100 MB and 1,100
modules; this module needs only ``mmh3`` (the reference MurmurHash3) and NumPy. scikit-learn stays a
training and test dependency: ``tests/unit/extraction/test_hashing.py`` compares the two on varied text.

What is reproduced, for the settings this project uses (``alternate_sign=False``, ``norm=None``, counts):

- analyzers: a callable (given the decoded document), ``"word"`` (the token pattern ``(?u)\\b\\w\\w+\\b`` and
  word n-grams), ``"char"`` and ``"char_wb"`` (runs of two or more whitespace characters made one space,
  n-grams inside space-padded words), each after the ``preprocessor`` when given, else lower-casing;
- the column of a feature: signed 32-bit MurmurHash3 (seed 0) of its UTF-8 bytes, absolute value modulo
  ``n_features`` (scikit-learn's special case for -2**31 gives the same column);
- the matrix: float64 counts, CSR with each row's columns sorted and duplicates summed (``sum_duplicates``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import mmh3
import numpy as np
import scipy.sparse as sp

#: scikit-learn's default ``token_pattern``.
TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")

Analyzer = Callable[[str], list[str]]


def _word_ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    out = list(tokens) if min_n == 1 else []
    start = max(min_n, 2)
    for n in range(start, min(max_n + 1, len(tokens) + 1)):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def _char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    text = _WHITE_SPACES.sub(" ", text)
    min_n, max_n = ngram_range
    out = list(text) if min_n == 1 else []
    for n in range(max(min_n, 2), min(max_n + 1, len(text) + 1)):
        out.extend(text[i : i + n] for i in range(len(text) - n + 1))
    return out


def _char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    min_n, max_n = ngram_range
    out: list[str] = []
    append = out.append
    for word in _WHITE_SPACES.sub(" ", text).split():
        word = " " + word + " "
        length = len(word)
        for n in range(min_n, max_n + 1):
            offset = 0
            append(word[offset : offset + n])
            while offset + n < length:
                offset += 1
                append(word[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once, not once per n
                break
    return out


def _lower(text: str) -> str:
    return text.lower()


def build_analyzer(
    analyzer: str | Analyzer,
    ngram_range: tuple[int, int] = (1, 1),
    preprocessor: Callable[[str], str] | None = None,
) -> Analyzer:
    """Document -> feature strings, as ``HashingVectorizer(analyzer=..., ngram_range=..., preprocessor=...)``."""
    if callable(analyzer):
        return analyzer
    preprocess = preprocessor or _lower
    if analyzer == "word":
        findall = TOKEN_PATTERN.findall
        return lambda text: _word_ngrams(findall(preprocess(text)), ngram_range)
    if analyzer == "char_wb":
        return lambda text: _char_wb_ngrams(preprocess(text), ngram_range)
    if analyzer == "char":
        return lambda text: _char_ngrams(preprocess(text), ngram_range)
    raise ValueError(f"{analyzer!r} is not an analyzer: 'word', 'char', 'char_wb' or a callable")


def feature_columns(features: Sequence[str], n_features: int) -> np.ndarray:
    """The column of each feature string: |signed MurmurHash3_32(UTF-8, seed 0)| mod ``n_features`` (int64).

    scikit-learn maps -2**31 to ``(2**31 - 1 - (n_features - 1)) % n_features``, which is ``2**31 % n_features``:
    the absolute value taken in 64 bits.
    """
    hashes = np.fromiter(map(mmh3.hash, features), dtype=np.int64, count=len(features))  # seed 0, signed
    return np.abs(hashes) % n_features


class HashedCounts:
    """Hashed feature counts of texts: ``transform(texts)`` is ``HashingVectorizer(...).transform(texts)``
    with ``alternate_sign=False`` and ``norm=None`` (float64 counts, CSR, sorted columns)."""

    def __init__(
        self,
        analyzer: str | Analyzer = "word",
        *,
        ngram_range: tuple[int, int] = (1, 1),
        n_features: int = 2**20,
        preprocessor: Callable[[str], str] | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_features = int(n_features)
        self.preprocessor = preprocessor
        self._analyze = build_analyzer(analyzer, ngram_range, preprocessor)

    def analyze(self, text: str | bytes) -> list[str]:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return self._analyze(text)

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        if isinstance(texts, str):
            raise ValueError("an iterable of texts is expected, not one string")
        # Hashed text by text: a batch's feature strings (~60 bytes each, hundreds per text for character
        # n-grams) never exist all at once, only their columns (8 bytes each).
        per_text = [feature_columns(self.analyze(text), self.n_features) for text in texts]
        n_rows = len(per_text)
        lengths = [len(columns) for columns in per_text]
        columns = np.concatenate(per_text) if per_text else np.zeros(0, dtype=np.int64)
        del per_text
        rows = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
        # One sort over (row, column) keys does what ``sum_duplicates`` does: each row's columns sorted, repeats
        # counted once with their number.
        keys = np.sort(rows * self.n_features + columns)
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else keys
        counts = np.diff(np.append(starts, len(keys)))
        keys = keys[starts]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // self.n_features, minlength=n_rows), out=indptr[1:])
        index_type = np.int32 if len(keys) <= np.iinfo(np.int32).max else np.int64
        return sp.csr_matrix(
            (
                counts.astype(np.float64),
                (keys % self.n_features).astype(index_type),
                indptr.astype(index_type),
            ),
            shape=(n_rows, self.n_features),
        )
