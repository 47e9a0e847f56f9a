"""The text features of the check-worthiness model, shared by training and run time.

Hashing (not a fitted vocabulary) maps n-grams to columns, so the shipped weights are plain arrays
indexed by hash: no pickled vectoriser, nothing that breaks when scikit-learn changes its internals.
The columns are scikit-learn's ``HashingVectorizer``'s (murmurhash of a feature string, stable for a decade),
computed by ``hashing`` without importing scikit-learn; a probe test and a comparison with scikit-learn
guard them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .hashing import HashedCounts

_MONEY = re.compile(r"[$€£¥₽]\s?\d[\d,.]*|\d[\d,.]*\s?(?:dollars|euros|pounds|rubles|roubles)\b")
_PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|per ?cent)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NUMBER = re.compile(r"\d[\d,.]*")


def normalise_for_model(text: str) -> str:
    """Lower-case and replace figures by their kind, so "$55,000" and "$200 million" look alike.

    What makes a sentence check-worthy is *that* it has a sum of money, not which sum.
    """
    text = text.lower()
    text = _MONEY.sub(" zmoney ", text)
    text = _PERCENT.sub(" zpercent ", text)
    text = _YEAR.sub(" zyear ", text)
    return _NUMBER.sub(" znum ", text)


@dataclass(frozen=True)
class BlockSpec:
    """One n-gram family: its name, analyzer and n-gram range, hashed into ``n_features`` columns."""

    name: str
    analyzer: str
    ngram_min: int
    ngram_max: int
    n_features: int = 2**20

    def vectorizer(self) -> HashedCounts:
        """scikit-learn's ``HashingVectorizer(analyzer, ngram_range, n_features, preprocessor=normalise_for_model,
        alternate_sign=False, norm=None)``, reproduced by ``hashing``."""
        return HashedCounts(
            self.analyzer,
            ngram_range=(self.ngram_min, self.ngram_max),
            n_features=self.n_features,
            preprocessor=normalise_for_model,
        )

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "analyzer": self.analyzer,
            "ngram_min": self.ngram_min,
            "ngram_max": self.ngram_max,
            "n_features": self.n_features,
        }


BLOCKS: tuple[BlockSpec, ...] = (
    BlockSpec("word", "word", 1, 2),
    BlockSpec("char", "char_wb", 2, 5),
)


def hashed_counts(spec: BlockSpec, texts: list[str]) -> sp.csr_matrix:
    return spec.vectorizer().transform(texts).tocsr()


def document_frequency(counts: sp.csr_matrix) -> np.ndarray:
    return np.bincount(counts.indices, minlength=counts.shape[1])


def smooth_idf(df: np.ndarray, n_documents: int) -> np.ndarray:
    """scikit-learn's smoothed idf: as if one extra document contained every term."""
    return np.log((1 + n_documents) / (1 + df)) + 1.0


def row_norms(matrix: sp.csr_matrix) -> np.ndarray:
    """The Euclidean length of each row of a canonical CSR matrix, bit for bit what
    ``np.sqrt(matrix.multiply(matrix).sum(axis=1))`` gives: the nonzero squares of each row summed by
    ``np.add.reduceat``, as SciPy sums a row (the product's own sparse matrix is never made).
    """
    squares = matrix.data * matrix.data
    lengths = np.diff(matrix.indptr)
    kept = squares != 0
    if not kept.all():  # the product drops entries that square to zero: the sums must not see them either
        lengths = np.bincount(np.repeat(np.arange(len(lengths)), lengths)[kept], minlength=len(lengths))
        squares = squares[kept]
    sums = np.zeros(len(lengths))
    nonempty = lengths > 0
    if squares.size:
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        sums[nonempty] = np.add.reduceat(squares, starts[nonempty])
    return np.sqrt(sums)


def scale_rows(matrix: sp.csr_matrix, factors: np.ndarray) -> sp.csr_matrix:
    """Each row of a CSR matrix times its factor: bit for bit ``sp.csr_matrix(sp.diags(factors) @ matrix)``,
    entries in the order that product leaves them (each row's reversed) and zeros dropped as it drops them,
    so every later sum adds the same numbers in the same order.

    SciPy's sparse product keeps scratch tables as wide as the matrix (8 + 4 + 4 MB for 2**20 hashed columns)
    for every call; the n-gram model and the matcher scaled two blocks a batch this way.
    """
    lengths = np.diff(matrix.indptr)
    ends = np.repeat(matrix.indptr[1:], lengths)
    starts = np.repeat(matrix.indptr[:-1], lengths)
    order = starts + ends - 1 - np.arange(len(matrix.data))
    data = np.repeat(factors, lengths)[order] * matrix.data[order]
    indices = matrix.indices[order]
    kept = data != 0
    if not kept.all():  # the product drops the zeros it makes
        lengths = np.bincount(np.repeat(np.arange(len(lengths)), lengths)[kept], minlength=len(lengths))
        data, indices = data[kept], indices[kept]
    indptr = np.zeros(len(lengths) + 1, dtype=matrix.indptr.dtype)
    np.cumsum(lengths, out=indptr[1:])
    return sp.csr_matrix((data, indices, indptr), shape=matrix.shape)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sub-linear tf times idf, each row scaled to unit length (rows of zeros stay zero)."""
    return tfidf_of_entries(counts, idf[counts.indices])


def tfidf_of_entries(counts: sp.csr_matrix, entry_idf: np.ndarray) -> sp.csr_matrix:
    """``tfidf`` given the idf of each stored entry of ``counts`` (aligned with ``counts.data``), so the model
    can keep its idf for its own features only instead of a dense table of every hashed column."""
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * entry_idf
    norms = row_norms(weighted)
    norms[norms == 0] = 1.0
    return scale_rows(weighted, 1.0 / norms)
