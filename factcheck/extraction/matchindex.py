"""A claim index that keeps ``ClaimMatcher``'s scores at newsroom scale: 100,000s of claims, bounded memory.

``ClaimMatcher`` keeps two weighted sparse matrices of every stored claim (hashed word n-grams and character
n-grams), re-weighs all of them whenever an item arrives, and multiplies every query by all of them: about
5 KB of memory per claim and time linear in the archive for every query and every added article. At
100,000 claims that is ~0.5 GB per worker process, ~70 ms per query and ~0.6 s to re-weigh per article.

This index answers the same question in two stages:

1. **Candidates** from an inverted index of the *word* features only (feature -> claims, 5 bytes per
   posting, ~25 postings per claim). A query reads the postings of its rarer features (those in at most a
   few percent of the claims: a repeated claim shares its figures, names and unusual word pairs; "patients"
   alone finds nothing), scores them as word tf-idf cosines and keeps the best few.
2. **Exact scores** for those candidates only: the very computation ``ClaimMatcher`` does (word and
   character tf-idf cosines with the current document frequencies, averaged, mixed with the embedding
   cosine, then the figures check), on vectors rebuilt from the candidates' texts and stored embedding
   codes (fetched by key, 384 bytes each; recent ones are cached). The query is encoded once per text.
   A candidate without a stored code is scored on tf-idf alone.

Items added since the inverted index was built are kept as a small "delta" with postings of its own, each
item weighed once when a query first needs it; the index is rebuilt when the delta outgrows a few percent of
it. Document frequencies are kept for every item, so the weights are ``ClaimMatcher``'s, except that a bulk
load (a worker's first read of the archive) counts the character n-gram frequencies on a uniform sample (every
``CHAR_STRIDE``-th text). Memory, measured on
generated claims (each with a distinct figure): ~200 bytes per claim (19 word postings of 5 bytes: the item as
int32, its count in one byte; the key, the norm, the language and neutral postings) plus ~15 MB of frequency
tables and caches. A rebuild
fills the new inverted index in place from the delta's batches, freeing each once copied: at a million
generated claims the index stood +215 MB (+278 MB with float32 postings) and peaked +302 MB while built
(+575 MB when the delta was stacked, converted to CSC and stacked again with the old postings). The heap pages
a bulk load or a rebuild frees are given back (``encoder.release_freed_memory``). The embeddings stay
where the texts are (the database), so a million claims cost no more memory for them. The encoder itself
adds ~40 MB per process.

Across languages the index keeps a third, small inverted index of language-neutral tokens (concepts, name
keys, figures: ``crosslang``) and each item's language: a query also takes candidates in other languages
from it and scores them as ``ClaimMatcher`` does (the better of the usual score and the neutral-token score).

Differences from ``ClaimMatcher``, measured on 20,000 generated claims: the best match agrees for ~92% of
queries; where they differ the index finds a better-scoring match about as often as a worse one. What it
misses is a match whose wording is shared by hundreds of other claims and whose figures agree only within
the 2% tolerance ("374 million" for "379 million"): no rare word singles it out.
"""

from __future__ import annotations

import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import mmh3
import numpy as np
import scipy.sparse as sp

from .crosslang import is_cross_language, language_of
from .embedding import code_bytes, from_code
from .encoder import Encoder, release_freed_memory
from .hashing import HashedCounts
from .matching import (
    N_FEATURES,
    NUMBER_DISAGREEMENT_FACTOR,
    lexical_score,
    lexical_vectorizers,
    log_counts,
    neutral_vectorizer,
    pair_score,
)
from .numbers import Figures, extract_figures, figures_agree
from .types import Match

Key = tuple[str, int]
#: A stored item as fetched: its text, or its text and its embedding code (None when it has none yet).
Stored = str | tuple[str, bytes | memoryview | None]
FetchTexts = Callable[[list[Key]], dict[Key, Stored]]


@dataclass
class _Vectors:
    """Log term counts (indices, data) of one text for each block, and its figures."""

    word: tuple[np.ndarray, np.ndarray]
    figures: Figures
    char: tuple[np.ndarray, np.ndarray] | None = None
    text: str | None = None  # kept only until the character vector is made
    semantic: np.ndarray | None = None  # the unit sentence embedding, when known
    language: str = ""  # ``crosslang.language_of`` the text
    neutral: tuple[np.ndarray, np.ndarray] | None = None  # log counts of its language-neutral tokens
    text_hash: int | None = None  # ``hash`` of a stored item's text, kept when the text is dropped


_pool: ThreadPoolExecutor | None = None


def _encoding_pool() -> ThreadPoolExecutor:
    """One background thread per process for query encoding, made on first use (after a worker forks)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factdesk-encode")
    return _pool


def text_digest(text: str) -> int:
    """A 64-bit digest of a text as a person would compare it word for word: case and spacing aside. The
    same in every process (MurmurHash3, not Python's salted ``hash``)."""
    return mmh3.hash64(" ".join((text or "").split()).casefold(), signed=True)[0]


def _rows(matrix: sp.csr_matrix) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each row as compact copies (int32 features, float32 log counts): a cached row must not pin its batch."""
    indptr = matrix.indptr
    indices = matrix.indices.astype(np.int32, copy=False)
    data = matrix.data.astype(np.float32)
    return [
        (indices[indptr[i] : indptr[i + 1]].copy(), data[indptr[i] : indptr[i + 1]].copy())
        for i in range(matrix.shape[0])
    ]


def _stack(rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    lengths = np.fromiter((len(r[0]) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int32)
    data = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
    return sp.csr_matrix((data.astype(np.float64), indices, indptr), shape=(len(rows), N_FEATURES))


def _count_into(table: np.ndarray, columns: np.ndarray, scale: float | None = None) -> None:
    """Add each column's number of occurrences (times ``scale``) to ``table``: the same sums as adding a
    ``bincount`` of every column, without making one (a table of 2**18 columns, 2 MB, three times an article)."""
    present, counts = np.unique(columns, return_counts=True)
    table[present] += counts if scale is None else counts * scale


def _smooth_idf(df: np.ndarray, n: int) -> np.ndarray:
    """``log((1 + n) / (1 + df)) + 1`` (scikit-learn's smooth idf) over a whole frequency table, in place in one
    new float64 array: the same values as the expression, without its three 8 MB temporaries per table."""
    idf = df + 1.0
    np.divide(1.0 + n, idf, out=idf)
    np.log(idf, out=idf)
    idf += 1.0
    return idf


class Idf:
    """Smooth idf (``_smooth_idf``) of a frequency table at ``n`` items, computed for the columns asked only.

    A query weights a few thousand columns (its own and its candidates'); the whole table is 2**20 columns,
    two 8 MB tables remade after every article a worker stores. The values are the same element by element:
    ``idf[columns]`` is ``_smooth_idf(df, n)[columns]``. ``table()`` makes the whole table, for a rebuild.
    """

    __slots__ = ("df", "n")

    def __init__(self, df: np.ndarray, n: int) -> None:
        self.df, self.n = df, n

    def __getitem__(self, columns: np.ndarray) -> np.ndarray:
        """The idf of ``columns``, an array of column numbers (a single column is asked as an array too)."""
        return _smooth_idf(self.df[columns], self.n)

    def table(self) -> np.ndarray:
        return _smooth_idf(self.df, self.n)


def _weighted_unit(matrix: sp.csr_matrix, idf: np.ndarray | Idf) -> sp.csr_matrix:
    """Rows weighted by idf and scaled to unit length (``matching._weigh``, without its diagonal product)."""
    data = matrix.data * idf[matrix.indices]
    lengths = np.diff(matrix.indptr)
    sums = np.zeros(matrix.shape[0])
    nonempty = lengths > 0
    if data.size:
        sums[nonempty] = np.add.reduceat(data * data, matrix.indptr[:-1][nonempty])
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    data /= np.repeat(norms, lengths)
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def _products(items: sp.csr_matrix, queries: sp.csr_matrix) -> np.ndarray:
    """``(items @ queries.T).toarray()``: every item row's dot product with every query row, (items, queries).

    Multiplied over the queries' own columns only: the rows are hashed features over 2**20 columns, and scipy's
    product of a row matrix with a transposed one converts a matrix to the other layout, which walks every one
    of the 2**20 columns (a pointer per column) for a few hundred features: a twentieth of a worker's CPU per
    ingested article went to those conversions. Here the items keep their entries in the queries' columns,
    renumbered, and multiply a dense (columns, queries) block. The sums are the same products added in another
    order (equal to ~1e-15)."""
    n_items, n_queries = items.shape[0], queries.shape[0]
    columns = np.unique(queries.indices)
    if not columns.size or not items.nnz:
        return np.zeros((n_items, n_queries))
    at = np.minimum(np.searchsorted(columns, items.indices), columns.size - 1)
    shared = columns[at] == items.indices
    indptr = np.concatenate(([0], np.cumsum(shared)))[items.indptr]
    kept = sp.csr_matrix((items.data[shared], at[shared], indptr), shape=(n_items, columns.size))
    block = np.zeros((columns.size, n_queries))
    query_rows = np.repeat(np.arange(n_queries), np.diff(queries.indptr))
    np.add.at(block, (np.searchsorted(columns, queries.indices), query_rows), queries.data)
    return np.asarray(kept @ block)


def _lengths(matrix: sp.csr_matrix, idf: np.ndarray | Idf) -> np.ndarray:
    """Euclidean length of each row once weighted by idf."""
    weighted = matrix.data * idf[matrix.indices]
    sums = np.zeros(matrix.shape[0])
    lengths = np.diff(matrix.indptr)
    nonempty = lengths > 0
    if weighted.size:
        sums[nonempty] = np.add.reduceat(weighted * weighted, matrix.indptr[:-1][nonempty])
    return np.sqrt(sums)


#: The word postings keep each feature's count in one byte; the candidate stage reads it as ``ClaimMatcher``'s
#: log count, 1 + log(count), as float32 (what the postings held before, at four bytes a posting). A count
#: above 255 (one word 256 times in one claim) reads as 255 in this stage only: the exact scores count again.
_LOG_COUNT = np.concatenate([[0.0], 1.0 + np.log(np.arange(1, 256, dtype=np.float64))]).astype(np.float32)


def _counts(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Log counts (1 + log(count), any float type) as one-byte counts with int32 features: how the index keeps
    the word rows it has not put in its inverted index yet (5 bytes a posting instead of 8, or 12 as float64)."""
    counts = np.clip(np.rint(np.exp(matrix.data.astype(np.float64) - 1.0)), 1, 255).astype(np.uint8)
    return sp.csr_matrix(
        (counts, matrix.indices.astype(np.int32, copy=False), matrix.indptr.astype(np.int32, copy=False)),
        shape=matrix.shape,
    )


def _log_count_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """One-byte counts (``_counts``) read back as the float32 log counts they stand for."""
    return sp.csr_matrix((_LOG_COUNT[matrix.data], matrix.indices, matrix.indptr), shape=matrix.shape)


class MatchIndex:
    """``add`` / ``add_many`` items (key, text); ``query`` / ``query_many`` texts, as ``ClaimMatcher`` does.

    ``fetch_texts(keys)`` returns the texts of stored items (the database); without it the index keeps
    every text in memory (small archives, tests). ``encoder`` (``embedding.default_encoder()`` in the desk)
    adds the embedding cosine to the scores; items may be added with their stored embedding code
    (``(key, text, code)``), else small batches are encoded as they are added and bulk loads are not
    (their codes come with the fetched texts).
    """

    #: Rebuild the inverted index when the delta exceeds this share of it (or REBUILD_MIN items).
    REBUILD_FRACTION = 0.03
    REBUILD_MIN = 2000
    #: A query reads postings of features found in at most this share of items (or PRUNE_MIN items), and never
    #: of one found in more than PRUNE_MAX: the share alone let a query read 46,000 postings (median) at a
    #: million claims, 6,900 with the ceiling, whose rarer words, names and figures are what find a repeat.
    PRUNE_FRACTION = 0.03
    PRUNE_MIN = 1000
    PRUNE_MAX = 10_000
    #: Candidates scored exactly per query, beyond ``top``.
    DEPTH = 8
    #: Stored copies of a query's very text always scored with it (``_identical``), the newest first: one to link
    #: to and take the embedding of, and one more for a claim matched again once it is stored itself.
    IDENTICAL = 2
    #: Vectors of recently added or matched items kept, so repeats cost no fetch and no vectorising.
    CACHE_SIZE = 2048
    #: In a bulk load, the character frequencies are counted on every CHAR_STRIDE-th text (and scaled).
    CHAR_STRIDE = 5
    #: Batches up to this size are cached as they are added (they are the likeliest next matches).
    CACHE_ADDS_UP_TO = 1000
    ADD_CHUNK = 5000
    #: Old postings moved per step of a rebuild (a few MB of temporaries).
    MOVE_CHUNK = 1 << 16
    #: A query's postings are summed by item in a table kept for it (``_sum_by_item``) from this many up;
    #: fewer are sorted, which is quicker than reading the table's flags.
    SUM_IN_PLACE_FROM = 20_000

    def __init__(self, fetch_texts: FetchTexts | None = None, encoder: Encoder | None = None) -> None:
        self._fetch = fetch_texts
        self._encoder = encoder
        self._texts: dict[Key, Stored] | None = {} if fetch_texts is None else None
        self._word, self._char = lexical_vectorizers()
        self._kind_names: list[str] = []
        self._kind_codes: dict[str, int] = {}
        self._kinds = array.array("b")
        self._pks = array.array("q")
        # Each item's ``text_digest``, and for the first ``_n_base`` items the digests sorted with their item
        # numbers (``_identical``): a text stored word for word is always a candidate of its repeat.
        self._digests = array.array("q")
        self._digests_sorted = np.zeros(0, dtype=np.int64)
        self._digest_items = np.zeros(0, dtype=np.int32)
        # Document frequencies of words and neutral tokens are counts: int32, half the size of float64 and
        # exact (the idf reads them as float64 again). The character ones are scaled samples: float64.
        self._df_word = np.zeros(N_FEATURES, dtype=np.int32)
        self._df_char = np.zeros(N_FEATURES)
        # The inverted index of the first ``_n_base`` items, by feature: the items having feature t are
        # ``_post_items[_post_indptr[t]:_post_indptr[t + 1]]`` (ascending), with their counts in ``_post_counts``.
        self._n_base = 0
        self._post_indptr = np.zeros(N_FEATURES + 1, dtype=np.int64)
        self._post_items = np.zeros(0, dtype=np.int32)
        self._post_counts = np.zeros(0, dtype=np.uint8)
        self._norms = np.zeros(0, dtype=np.float32)
        self._idf_built = np.ones(N_FEATURES, dtype=np.float32)
        # Per-item sums and flags of the candidate stage (``_sum_by_item``), made when first needed.
        self._sums: np.ndarray | None = None
        self._seen: np.ndarray | None = None
        # Word rows (one-byte counts, ``_counts``) of the items added since (the delta), a batch each, and the
        # delta's own inverted index for the candidate stage (``_index_delta``): feature -> (delta row numbers,
        # counts), each row's weighted length, and how many batches it holds.
        self._delta_rows: list[sp.csr_matrix] = []
        self._delta_n = 0
        self._delta_postings: dict[int, tuple[array.array, array.array]] = {}
        self._delta_norms = array.array("f")
        self._delta_batches_indexed = 0
        self._cache: OrderedDict[Key, _Vectors] = OrderedDict()
        self._queried: dict[str, _Vectors] = {}  # the vectors of the last query batch, by text
        # Languages, and the language-neutral tokens' postings (feature -> item numbers) and frequencies.
        self._neutral = neutral_vectorizer()
        self._language_names: list[str] = []
        self._language_codes: dict[str, int] = {}
        self._languages = array.array("b")
        self._neutral_postings: dict[int, array.array] = {}
        self._df_neutral = np.zeros(N_FEATURES, dtype=np.int32)

    def __len__(self) -> int:
        return len(self._pks)

    # --- adding ------------------------------------------------------------------------------------------

    def _log_counts(self, vectorizer: HashedCounts, texts: list[str]) -> sp.csr_matrix:
        return log_counts(vectorizer, texts)

    def add(self, key: Key, text: str, code: bytes | None = None) -> None:
        self.add_many([(key, text, code)])

    def add_many(self, items: Iterable[tuple[Key, str] | tuple[Key, str, bytes | memoryview | None]]) -> None:
        """Add items ``(key, text)`` or ``(key, text, embedding code)``."""
        items = [(item[0], item[1], item[2] if len(item) > 2 else None) for item in items]
        if len(items) <= self.CACHE_ADDS_UP_TO:
            if items:
                self._add(items, char_stride=1)
            return
        # A bulk load (a worker's first refresh over the archive): vectorised in chunks, so temporaries stay
        # small, and the character frequencies are counted on a uniform sample (every CHAR_STRIDE-th text).
        for start in range(0, len(items), self.ADD_CHUNK):
            self._add(items[start : start + self.ADD_CHUNK], char_stride=self.CHAR_STRIDE)
        # The chunks' matrices are freed, but glibc keeps their pages: 100,000 generated claims left the
        # process 55 MB larger, 32 MB once given back.
        release_freed_memory()

    def _add(self, items: list[tuple[Key, str, bytes | memoryview | None]], char_stride: int) -> None:
        keys = [key for key, _, _ in items]
        texts = [text or "" for _, text, _ in items]
        codes = [code for _, _, code in items]
        for kind, pk in keys:
            code = self._kind_codes.get(kind)
            if code is None:
                code = self._kind_codes[kind] = len(self._kind_names)
                self._kind_names.append(kind)
            self._kinds.append(code)
            self._pks.append(int(pk))
        self._digests.extend(map(text_digest, texts))
        # Small batches (new claims since the last refresh) are vectorised in full and cached: they are the
        # likeliest next matches. An article's own sentences were just queried: reuse those vectors.
        small = char_stride == 1 and len(texts) <= self.CACHE_ADDS_UP_TO
        vectors = self._text_vectors(texts, encode=False) if small else None
        if vectors is not None:
            self._add_neutral(texts, _stack([v.neutral for v in vectors]), [v.language for v in vectors])
        else:
            self._add_neutral(texts)
        if self._texts is not None:
            if self._encoder is not None and any(code is None for code in codes):
                # Kept in memory (no database behind): encode what came without a code, once.
                missing = [i for i, code in enumerate(codes) if code is None]
                made = self._encoder.encode([texts[i] for i in missing])
                for i, vector in zip(missing, made, strict=True):
                    codes[i] = code_bytes(vector)
            self._texts.update((key, (text, code)) for key, text, code in zip(keys, texts, codes, strict=True))
        if vectors is not None:
            word, char = _stack([v.word for v in vectors]), _stack([v.char for v in vectors])
            for key, text, v, code in zip(keys, texts, vectors, codes, strict=True):
                semantic = from_code(code) if code is not None else v.semantic
                self._remember(
                    key,
                    _Vectors(
                        v.word,
                        v.figures,
                        v.char,
                        semantic=semantic,
                        language=v.language,
                        neutral=v.neutral,
                        text_hash=hash(text),
                    ),
                )
        else:
            word = self._log_counts(self._word, texts)
            char = self._log_counts(self._char, texts[::char_stride])
        _count_into(self._df_word, word.indices)
        self._delta_rows.append(_counts(word))
        self._delta_n += len(texts)
        _count_into(self._df_char, char.indices, len(texts) / char.shape[0])

    def _add_neutral(
        self, texts: list[str], counts: sp.csr_matrix | None = None, languages: list[str] | None = None
    ) -> None:
        """Each new item's language, and its language-neutral tokens into their postings (``counts`` and
        ``languages``: as ``_text_vectors`` made them for these texts, else made here)."""
        first = len(self._languages)
        for language in languages if languages is not None else map(language_of, texts):
            code = self._language_codes.get(language)
            if code is None:
                code = self._language_codes[language] = len(self._language_names)
                self._language_names.append(language)
            self._languages.append(code)
        if counts is None:
            counts = self._log_counts(self._neutral, texts)
        _count_into(self._df_neutral, counts.indices)
        # feature -> the rows having it, features ascending and rows ascending within each: what a CSC copy
        # gives, without its pointer for every one of the 2**20 columns.
        order = np.argsort(counts.indices, kind="stable")
        features = counts.indices[order]
        rows = (np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))[order] + first).astype(np.int32)
        if not features.size:
            return
        starts = np.flatnonzero(np.concatenate(([True], features[1:] != features[:-1])))
        for feature, these in zip(features[starts], np.split(rows, starts[1:]), strict=True):
            postings = self._neutral_postings.get(int(feature))
            if postings is None:
                postings = self._neutral_postings[int(feature)] = array.array("i")
            postings.extend(these.tolist())

    def _neutral_candidates(self, mine: list[_Vectors], depth: int) -> list[list[int]]:
        """Per query, the best ``depth`` items in another language sharing its rarer neutral tokens."""
        if len(self._language_names) < 2:
            return [[] for _ in mine]
        cap = self._prune_cap()
        languages = np.frombuffer(self._languages, dtype=np.int8) if len(self._languages) else np.zeros(0, np.int8)
        idf = _smooth_idf(self._df_neutral, len(self))
        out = []
        for vectors in mine:
            own = self._language_codes.get(vectors.language, -1)
            features, counts = vectors.neutral
            parts = []
            for feature, count in zip(features, counts, strict=True):
                if self._df_neutral[feature] > cap:
                    continue
                postings = self._neutral_postings.get(int(feature))
                if postings is not None:
                    items = np.frombuffer(postings, dtype=np.int32)
                    parts.append((items, np.full(len(items), count * idf[feature] ** 2)))
            if not parts:
                out.append([])
                continue
            items = np.concatenate([p[0] for p in parts])
            weights = np.concatenate([p[1] for p in parts])
            keep = languages[items] != own
            items, weights = items[keep], weights[keep]
            if not len(items):
                out.append([])
                continue
            unique, inverse = np.unique(items, return_inverse=True)
            summed = np.bincount(inverse, weights=weights)
            best = unique[np.argsort(-summed)[:depth]] if len(unique) > depth else unique
            out.append([int(i) for i in best])
        return out

    # --- the inverted index ------------------------------------------------------------------------------

    def _idf(self) -> tuple[Idf, Idf]:
        """The word and character idf at the index's current size, computed per column as they are read."""
        n = len(self)
        return Idf(self._df_word, n), Idf(self._df_char, n)

    def _index_delta(self, idf_word: Idf) -> None:
        """Put the delta's batches added since the last query into its inverted index, each row with its weighted
        length at the current idf, as a rebuild does for the main index (and, as there, kept while the weights
        drift: this stage only picks candidates; the exact scores use the current idf).

        Scoring the delta as a whole instead (every row weighted again and multiplied by the queries) cost each
        article in proportion to the delta, which at a million claims holds up to 30,000 (``REBUILD_FRACTION``):
        about an eighth of a worker's CPU there (py-spy on both pool processes). This costs the new rows once,
        and each query the postings of its own rarer features."""
        first = len(self._delta_norms)
        for batch in self._delta_rows[self._delta_batches_indexed :]:
            norms = _lengths(_log_count_rows(batch), idf_word).astype(np.float32)
            norms[norms == 0] = 1.0
            self._delta_norms.frombytes(norms.tobytes())
            order = np.argsort(batch.indices, kind="stable")  # rows stay ascending within a feature
            features = batch.indices[order]
            if features.size:
                rows = (np.repeat(np.arange(batch.shape[0]), np.diff(batch.indptr))[order] + first).astype(np.int32)
                counts = batch.data[order].astype(np.uint8)
                starts = np.flatnonzero(np.concatenate(([True], features[1:] != features[:-1])))
                for feature, these, many in zip(
                    features[starts], np.split(rows, starts[1:]), np.split(counts, starts[1:]), strict=True
                ):
                    entry = self._delta_postings.get(int(feature))
                    if entry is None:
                        entry = self._delta_postings[int(feature)] = (array.array("i"), array.array("B"))
                    entry[0].frombytes(these.tobytes())
                    entry[1].frombytes(many.tobytes())
            first += batch.shape[0]
        self._delta_batches_indexed = len(self._delta_rows)

    def _delta_candidates(
        self, terms: np.ndarray, weights: np.ndarray, norms: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The delta rows sharing ``terms`` (a query's kept features, ``weights`` its unit weights times their
        current idf) and their pruned word cosines, as item numbers; None when none shares one."""
        parts = []
        for term, weight in zip(terms, weights, strict=True):
            entry = self._delta_postings.get(int(term))
            if entry is not None:
                rows = np.frombuffer(entry[0], dtype=np.int32).copy()
                parts.append((rows, _LOG_COUNT[np.frombuffer(entry[1], dtype=np.uint8)] * weight))
        if not parts:
            return None
        rows, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
        summed = np.bincount(inverse, weights=np.concatenate([p[1] for p in parts]).astype(np.float64))
        return rows.astype(np.int64) + self._n_base, summed / norms[rows]

    def _maybe_rebuild(self) -> None:
        if self._delta_n <= max(self.REBUILD_MIN, self.REBUILD_FRACTION * self._n_base):
            return
        idf_word = self._idf()[0].table()  # every column is read below: one table, not a gather per posting
        batches, self._delta_rows = self._delta_rows, []
        n_new = sum(batch.shape[0] for batch in batches)
        # Lengths of the new items' weighted vectors, a slice at a time (small temporaries). The items already
        # indexed keep theirs: the weights drift slowly, and this stage only picks candidates.
        norms = np.empty(n_new, dtype=np.float32)
        per_feature = np.diff(self._post_indptr)
        at = 0
        for batch in batches:
            for start in range(0, batch.shape[0], self.ADD_CHUNK):
                rows = _log_count_rows(batch[start : start + self.ADD_CHUNK])
                norms[at + start : at + start + rows.shape[0]] = _lengths(rows, idf_word)
            per_feature += np.bincount(batch.indices, minlength=N_FEATURES)
            at += batch.shape[0]
        norms[norms == 0] = 1.0
        self._delta_n = 0
        self._delta_postings, self._delta_norms, self._delta_batches_indexed = {}, array.array("f"), 0
        # The new inverted index, filled in place: each feature's old postings first (lower item numbers), then
        # the batches' in order, each batch freed once copied. No stacked copy of the delta, no CSC conversion
        # of it, no second copy of the old postings: a bulk load of a million claims peaked ~300 MB above its
        # result with those.
        indptr = np.zeros(N_FEATURES + 1, dtype=np.int64)
        np.cumsum(per_feature, out=indptr[1:])
        old_lengths = np.diff(self._post_indptr)
        items, counts = self._take_postings(indptr)
        cursor = indptr[:-1] + old_lengths
        first = self._n_base
        while batches:
            batch = batches.pop(0)
            for start in range(0, batch.shape[0], self.ADD_CHUNK):
                part = batch[start : start + self.ADD_CHUNK]
                by_feature = np.argsort(part.indices, kind="stable")  # rows stay ascending within a feature
                features = part.indices[by_feature]
                rows = np.repeat(np.arange(first, first + part.shape[0], dtype=np.int32), np.diff(part.indptr))
                # Each posting's rank among the chunk's postings of its feature, from the sorted features' runs
                # (no table of every hashed column per chunk: two fewer 2 MB temporaries in each step).
                present, run_starts, run_lengths = np.unique(features, return_index=True, return_counts=True)
                places = cursor[features] + (np.arange(len(features)) - np.repeat(run_starts, run_lengths))
                items[places] = rows[by_feature]
                counts[places] = part.data[by_feature]
                cursor[present] += run_lengths
                first += part.shape[0]
            del batch, part, by_feature, features, rows, places, present, run_starts, run_lengths
        # Offsets into the postings fit int32 below 2**31 postings (~80 million claims): 4 MB instead of 8.
        self._post_indptr = indptr.astype(np.int32) if indptr[-1] < 2**31 else indptr
        self._post_items, self._post_counts = items, counts
        del indptr
        self._norms = np.concatenate([self._norms, norms]) if self._n_base else norms
        # The weights the postings were indexed with, for choosing candidates only (the exact scores use the
        # current idf): float32, a table of its own.
        self._idf_built = idf_word.astype(np.float32)
        del idf_word
        self._n_base = first
        digests = np.frombuffer(self._digests, dtype=np.int64)[:first]
        self._digest_items = np.argsort(digests, kind="stable").astype(np.int32)
        self._digests_sorted = digests[self._digest_items]
        del digests
        release_freed_memory()  # the old postings and the delta, freed above: their pages go back too

    def _take_postings(self, indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The postings arrays grown to ``indptr``'s total, each old posting already at its new place (its
        feature's new start plus its rank); the places after them are for the delta's postings.

        The old arrays are grown in place (``resize`` reallocates; glibc remaps a large block rather than copy
        it), and the old postings move right, a slice at a time from the last, each to a place no unmoved
        posting occupies: the old and the new postings never exist side by side (12 MB at 100,000 claims), and
        no move table of 8 bytes a posting is made (57 MB with its temporaries), which were a worker's memory
        peak whenever its index rebuilt.
        """
        items, counts, old_indptr = self._post_items, self._post_counts, self._post_indptr
        self._post_items = self._post_counts = None
        total, old_total = int(indptr[-1]), len(items)
        if not old_total:
            return np.empty(total, dtype=np.int32), np.empty(total, dtype=np.uint8)
        items.resize(total, refcheck=False)  # the index holds the only reference (taken above)
        counts.resize(total, refcheck=False)
        shift = indptr[:-1] - old_indptr[:-1]  # how far each feature's postings move
        for stop in range(old_total, 0, -self.MOVE_CHUNK):
            at = np.arange(max(0, stop - self.MOVE_CHUNK), stop)
            moved = at + shift[np.searchsorted(old_indptr, at, side="right") - 1]
            # Copies first: a slice's new places may overlap its own old ones (never an unmoved slice's).
            items[moved] = items[at[0] : stop].copy()
            counts[moved] = counts[at[0] : stop].copy()
        return items, counts

    def _prune_cap(self) -> float:
        """The most items a feature may be found in for a query to read its postings (``PRUNE_*``)."""
        return min(self.PRUNE_MAX, max(self.PRUNE_MIN, self.PRUNE_FRACTION * len(self)))

    def _candidates(self, queries: sp.csr_matrix, idf_word: Idf, depth: int) -> list[np.ndarray]:
        """Per query, the item numbers of the best ``depth`` candidates by (pruned) word cosine."""
        self._maybe_rebuild()
        unit = _weighted_unit(queries, idf_word)
        cap = self._prune_cap()
        delta_norms = None
        if self._delta_n:
            self._index_delta(idf_word)
            delta_norms = np.frombuffer(self._delta_norms, dtype=np.float32).copy()
        norms = self._norms
        indptr, indices, data = self._post_indptr, self._post_items, self._post_counts
        out = []
        for q in range(unit.shape[0]):
            terms = unit.indices[unit.indptr[q] : unit.indptr[q + 1]]
            weights = unit.data[unit.indptr[q] : unit.indptr[q + 1]] * self._idf_built[terms]
            keep = self._df_word[terms] <= cap
            if not keep.any():
                keep = np.zeros(len(terms), dtype=bool)
                keep[np.argsort(self._df_word[terms])[:3]] = True
            found_items, found_scores = [], []
            if self._n_base:
                parts = [
                    (indices[indptr[t] : indptr[t + 1]], _LOG_COUNT[data[indptr[t] : indptr[t + 1]]] * w)
                    for t, w in zip(terms[keep], weights[keep], strict=True)
                    if indptr[t + 1] > indptr[t]
                ]
                if parts:
                    items = np.concatenate([p[0] for p in parts])
                    values = np.concatenate([p[1] for p in parts]).astype(np.float64)
                    if len(items) > self.SUM_IN_PLACE_FROM:
                        items, summed = self._sum_by_item(items, values)
                    else:
                        items, inverse = np.unique(items, return_inverse=True)
                        summed = np.bincount(inverse, weights=values)
                    summed /= norms[items]
                    found_items.append(items)
                    found_scores.append(summed)
            if delta_norms is not None:
                kept = terms[keep]
                found = self._delta_candidates(
                    kept, unit.data[unit.indptr[q] : unit.indptr[q + 1]][keep] * idf_word[kept], delta_norms
                )
                if found is not None:
                    found_items.append(found[0])
                    found_scores.append(found[1])
            if not found_items:
                out.append(np.zeros(0, dtype=np.int64))
                continue
            items = np.concatenate(found_items)
            scores = np.concatenate(found_scores)
            if len(items) > depth:
                best = np.argpartition(-scores, depth - 1)[:depth]
                items = items[best]
            out.append(items)
        return out

    def _sum_by_item(self, items: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The distinct ``items`` (ascending) and the sum of their ``values``: what ``np.unique`` and a
        ``bincount`` of its inverse give, to the last bit (each item's values are added in the order given),
        without sorting the postings. A common word's postings run to 100,000s at a million claims, and
        sorting them took about a seventh of a worker's ingest time there (py-spy on a pool process). The sums
        go into a table of one float per item kept by the index (8 MB at a million claims), and only the entries
        written are read and cleared."""
        if self._sums is None or len(self._sums) < self._n_base:
            self._sums = np.zeros(self._n_base)
            self._seen = np.zeros(self._n_base, dtype=bool)
        sums, seen = self._sums, self._seen
        np.add.at(sums, items, values)
        seen[items] = True
        distinct = np.flatnonzero(seen)
        summed = sums[distinct]
        sums[distinct] = 0.0
        seen[distinct] = False
        return distinct, summed

    def _identical(self, texts: Sequence[str], most: int) -> list[list[int]]:
        """Per text, up to ``most`` items whose text is the same word for word (case and spacing aside), the
        newest first.

        The candidate stage finds a claim by its rarer words; a sentence made only of words common across the
        desk ("In Yerevan the same treatment costs the equivalent of $78,000.") keeps its three rarest, which
        hundreds of other claims share, and its own repeats may not be among the best of them: at a million
        generated claims, 79 of the 174 sentences of 30 new articles that were stored word for word had no stored
        copy among their candidates. A repeat is the one match a desk must never miss, and costs a binary search
        here (the rebuilt index) and a comparison per item added since."""
        self._maybe_rebuild()
        digests = np.frombuffer(self._digests, dtype=np.int64) if len(self._digests) else np.zeros(0, np.int64)
        recent = digests[self._n_base :]
        out = []
        for text in texts:
            if not text.strip():
                out.append([])
                continue
            digest = text_digest(text)
            newer = np.flatnonzero(recent == digest)[::-1][:most] + self._n_base
            lo = np.searchsorted(self._digests_sorted, digest, side="left")
            hi = np.searchsorted(self._digests_sorted, digest, side="right")
            older = np.sort(self._digest_items[lo:hi])[::-1][: max(0, most - len(newer))]
            out.append([int(i) for i in (*newer, *older)])
        return out

    # --- exact scores ------------------------------------------------------------------------------------

    def _key(self, item: int) -> Key:
        return (self._kind_names[self._kinds[item]], self._pks[item])

    def _remember(self, key: Key, vectors: _Vectors) -> None:
        self._cache[key] = vectors
        self._cache.move_to_end(key)
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)

    def _vectors(self, keys: list[Key], copies: dict[Key, _Vectors] | None = None) -> dict[Key, _Vectors]:
        """The vectors of ``keys``, from the cache or made from their stored texts and codes. ``copies``: items
        whose text is a query's word for word (``_identical``), which take that query's vectors (their text's
        words, characters, figures and language are the query's) with their own stored embedding."""
        found = {}
        missing = []
        for key in keys:
            vectors = self._cache.get(key)
            if vectors is None:
                missing.append(key)
            else:
                self._cache.move_to_end(key)
                found[key] = vectors
        if missing:
            stored = (
                {k: self._texts[k] for k in missing if k in self._texts}
                if self._texts is not None
                else self._fetch(missing)
            )
            present = [k for k in missing if k in stored]
            if present:
                texts = {k: (stored[k] if isinstance(stored[k], str) else stored[k][0]) or "" for k in present}
                codes = {k: None if isinstance(stored[k], str) else stored[k][1] for k in present}
                copies = copies or {}
                for key in [k for k in present if k in copies and copies[k].text == texts[k]]:
                    query = copies[key]
                    vectors = _Vectors(
                        query.word,
                        query.figures,
                        query.char,
                        semantic=from_code(codes[key]) if self._encoder is not None else None,
                        language=query.language,
                        neutral=query.neutral,
                        text_hash=hash(texts[key]),
                    )
                    self._remember(key, vectors)
                    found[key] = vectors
                present = [k for k in present if k not in found]
                words = _rows(self._log_counts(self._word, [texts[k] for k in present])) if present else []
                # The language-neutral tokens only count for a pair in two languages: made when one is scored
                # (``_neutral_scores``), not for every candidate (they were a sixth of a worker's matching time).
                for key, word in zip(present, words, strict=True):
                    vectors = _Vectors(
                        word,
                        extract_figures(texts[key]),
                        text=texts[key],
                        semantic=from_code(codes[key]) if self._encoder is not None else None,
                        language=language_of(texts[key]),
                        text_hash=hash(texts[key]),
                    )
                    self._remember(key, vectors)
                    found[key] = vectors
        return found

    def _fill_char(self, keys: list[Key], vectors: dict[Key, _Vectors]) -> None:
        need = [k for k in keys if vectors[k].char is None and vectors[k].text is not None]
        if need:
            chars = _rows(self._log_counts(self._char, [vectors[k].text for k in need]))
            for key, char in zip(need, chars, strict=True):
                vectors[key].char = char
                if vectors[key].neutral is not None:
                    vectors[key].text = None  # else kept: its neutral tokens may still be asked for

    def _text_vectors(self, texts: list[str], encode: bool = True) -> list[_Vectors]:
        """Word and character log counts, figures and (``encode``) embeddings of ``texts``; the last few
        hundred are memoised, so an article's sentences are encoded once for prematch, linking and adding."""
        out: list[_Vectors | None] = [self._queried.get(t) for t in texts]
        if encode and self._encoder is not None:
            out = [v if v is not None and v.semantic is not None else None for v in out]
        missing = list(dict.fromkeys(t for t, v in zip(texts, out, strict=True) if v is None))
        if missing:
            words = _rows(self._log_counts(self._word, missing))
            chars = _rows(self._log_counts(self._char, missing))
            neutral = _rows(self._log_counts(self._neutral, missing))
            semantic = self._encoder.encode(missing) if encode and self._encoder is not None else [None] * len(missing)
            made = {
                t: _Vectors(w, extract_figures(t), c, text=t, semantic=e, language=language_of(t), neutral=n)
                for t, w, c, e, n in zip(missing, words, chars, semantic, neutral, strict=True)
            }
            if len(self._queried) > 512:
                self._queried = {}
            self._queried.update(made)
            out = [v if v is not None else made[t] for t, v in zip(texts, out, strict=True)]
        return out

    def codes(self, texts: Sequence[str]) -> list[bytes | None]:
        """The embedding codes of ``texts`` (as stored beside a claim), encoded once and memoised with the
        query vectors; None for all without an encoder."""
        if self._encoder is None:
            return [None] * len(texts)
        return [code_bytes(v.semantic) for v in self._text_vectors([t or "" for t in texts])]

    def query(self, text: str, top: int = 5, min_score: float = 0.0) -> list[Match]:
        """``query_many`` for one text a person waits for (the API's similar claims, ``match_claims``): its
        embedding starts at once, on the encoder's thread beside the candidate stage, instead of after it."""
        return self.query_many([text], top=top, min_score=min_score, encode_first=True)[0]

    def query_many(
        self,
        texts: Sequence[str],
        top: int = 5,
        min_score: float = 0.0,
        only: Sequence[Key] | None = None,
        *,
        encode_first: bool = False,
    ) -> list[list[Match]]:
        """For each text, the ``top`` most similar items scoring at least ``min_score``, best first.

        ``only`` scores exactly these keys instead of searching the index (the few items added since a
        previous query). The texts are encoded once their candidates are known, so that a text stored word for
        word takes its stored embedding instead (``_reuse_identical``: a worker's CPU is what counts for a
        batch); ``encode_first`` starts encoding before the candidate stage instead (a person's wait is what
        counts), for the same scores but those of a text stored word for word, which differ by the stored
        code's rounding (cosine within ~0.005).
        """
        texts = [t or "" for t in texts]
        if top <= 0 or not len(self) or not texts:
            return [[] for _ in texts]
        idf_word, idf_char = self._idf()
        mine = self._text_vectors(texts, encode=False)
        encoding = self._start_encoding(mine) if encode_first else None
        return self._query_vectors(mine, top, min_score, only, idf_word, idf_char, encoding)

    def _start_encoding(self, mine: list[_Vectors]) -> Callable[[], None]:
        """Encode the texts of ``mine`` that have no embedding yet, in the background; the returned
        function waits for it (once) and sets their ``semantic``."""
        todo = [v for v in mine if v.semantic is None and v.text is not None]
        if self._encoder is None or not todo:
            return lambda: None
        unique = list(dict.fromkeys(v.text for v in todo))
        future = _encoding_pool().submit(self._encoder.encode, unique)
        done: list[bool] = []

        def wait() -> None:
            if not done:
                done.append(True)
                made = dict(zip(unique, future.result(), strict=True))
                for v in todo:
                    v.semantic = made[v.text]

        return wait

    def _neutral_scores(
        self, mine: list[_Vectors], pairs: list[list[Key]], vectors: dict[Key, _Vectors], position: dict[Key, int]
    ) -> dict[tuple[int, int], float]:
        """The neutral-token cosine of every (query, candidate row) pair whose languages differ."""
        wanted = [
            (q, key)
            for q, keys in enumerate(pairs)
            for key in keys
            if key in position and is_cross_language(mine[q].language, vectors[key].language)
        ]
        if not wanted:
            return {}
        idf = _smooth_idf(self._df_neutral, len(self))
        rows = list(dict.fromkeys(key for _, key in wanted))
        lacking = [k for k in rows if vectors[k].neutral is None]
        if lacking:
            made = _rows(self._log_counts(self._neutral, [vectors[k].text or "" for k in lacking]))
            for key, tokens in zip(lacking, made, strict=True):
                vectors[key].neutral = tokens
        items = _weighted_unit(_stack([vectors[k].neutral for k in rows]), idf)
        queries = _weighted_unit(_stack([v.neutral for v in mine]), idf)
        cosines = _products(items, queries)
        at = {key: i for i, key in enumerate(rows)}
        return {(q, position[key]): float(cosines[at[key], q]) for q, key in wanted}

    @staticmethod
    def _reuse_identical(mine: list[_Vectors], per_query: list[list[Key]], vectors: dict[Key, _Vectors]) -> None:
        """A query whose very text is stored (a wire story run again, a press release quoted whole) takes that
        item's stored embedding instead of being encoded: the same text has the same vector, to the code's
        rounding (cosine within ~0.005). Such an item is always among its candidates (it shares every word), so
        this costs no query; a text that is not stored is encoded as before."""
        for q, keys in enumerate(per_query):
            query = mine[q]
            if query.semantic is not None or query.text is None:
                continue
            digest = hash(query.text)
            for key in keys:
                theirs = vectors.get(key)
                same = theirs is not None and theirs.text_hash == digest and theirs.text in (None, query.text)
                if same and theirs.semantic is not None:
                    query.semantic = theirs.semantic
                    break

    def _query_vectors(
        self,
        mine: list[_Vectors],
        top: int,
        min_score: float,
        only: Sequence[Key] | None,
        idf_word: Idf,
        idf_char: Idf,
        encoding: Callable[[], None] | None = None,
    ) -> list[list[Match]]:
        """The matches of ``mine``; ``encoding``: their embeddings already under way (``_start_encoding``)."""
        queries = _stack([v.word for v in mine])
        if only is None:
            across = self._neutral_candidates(mine, top + self.DEPTH)
            same = self._identical([v.text or "" for v in mine], self.IDENTICAL)
            found = self._candidates(queries, idf_word, top + self.DEPTH)
            per_query = [
                list(
                    dict.fromkeys(
                        [
                            *(self._key(i) for i in exact),
                            *(self._key(int(i)) for i in items),
                            *(self._key(i) for i in others),
                        ]
                    )
                )
                for exact, items, others in zip(same, found, across, strict=True)
            ]
            copies = {self._key(i): mine[q] for q, exact in enumerate(same) for i in exact}
        else:
            per_query = [list(only) for _ in mine]
            copies = {}
        wanted = list(dict.fromkeys(k for keys in per_query for k in keys))
        if not wanted:
            return [[] for _ in mine]
        vectors = self._vectors(wanted, copies)
        if encoding is None:
            self._reuse_identical(mine, per_query, vectors)
        # The encoder runs on another thread (onnxruntime releases the GIL) while the exact scores are made.
        encoded = encoding or self._start_encoding(mine)
        try:
            return self._exact_scores(mine, per_query, vectors, encoded, min_score, top, idf_word, idf_char)
        finally:
            encoded()

    def _exact_scores(
        self,
        mine: list[_Vectors],
        per_query: list[list[Key]],
        vectors: dict[Key, _Vectors],
        encoded: Callable[[], None],
        min_score: float,
        top: int,
        idf_word: Idf,
        idf_char: Idf,
    ) -> list[list[Match]]:
        """``ClaimMatcher``'s scores of each query against its candidates, best ``top`` at ``min_score`` or more."""
        queries, query_chars = _stack([v.word for v in mine]), _stack([v.char for v in mine])
        figures = [v.figures for v in mine]
        # A pair whose figures disagree keeps a tenth of its similarity: under min_score, it needs no more work.
        hopeless = min_score > NUMBER_DISAGREEMENT_FACTOR
        pairs = [
            [k for k in keys if k in vectors and not (hopeless and not figures_agree(figures[q], vectors[k].figures))]
            for q, keys in enumerate(per_query)
        ]
        scored = list(dict.fromkeys(k for keys in pairs for k in keys))
        if not scored:
            return [[] for _ in mine]
        self._fill_char(scored, vectors)
        scored = [k for k in scored if vectors[k].char is not None]
        position = {k: i for i, k in enumerate(scored)}
        word_items = _weighted_unit(_stack([vectors[k].word for k in scored]), idf_word)
        char_items = _weighted_unit(_stack([vectors[k].char for k in scored]), idf_char)
        word_q = _weighted_unit(queries, idf_word)
        char_q = _weighted_unit(query_chars, idf_char)
        lexical = lexical_score(_products(word_items, word_q), _products(char_items, char_q))
        neutral = self._neutral_scores(mine, pairs, vectors, position)
        encoded()
        results = []
        for q, keys in enumerate(pairs):
            matches = []
            mine_semantic = mine[q].semantic
            for key in keys:
                row = position.get(key)
                if row is None:
                    continue
                theirs = vectors[key].semantic
                semantic = float(mine_semantic @ theirs) if mine_semantic is not None and theirs is not None else None
                score = pair_score(float(lexical[row, q]), semantic, figures[q], vectors[key].figures)
                across = neutral.get((q, row))
                if across is not None:
                    score = max(score, pair_score(across, None, figures[q], vectors[key].figures))
                if score >= min_score:
                    matches.append(Match(key, round(score, 4)))
            matches.sort(key=lambda m: -m.score)
            results.append(matches[:top])
        return results
