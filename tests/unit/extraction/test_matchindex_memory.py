"""The match index's compact inverted index holds what the float32 one held, and builds without stacked copies.

The word postings keep one-byte counts read back as ``ClaimMatcher``'s float32 log counts, and a rebuild fills
the inverted index in place from the delta's batches. Both must leave the candidate stage exactly as it was:
the same postings, in the same order, with the same values and the same item lengths.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from factcheck.extraction import matchindex
from factcheck.extraction.matchbench import generated_claims
from factcheck.extraction.matchindex import MatchIndex
from factcheck.extraction.matching import N_FEATURES, lexical_vectorizers, log_counts

TEXTS = generated_claims(3000, seed=4) + [
    "The clinic treated 85 patients in 2024, the clinic said; the clinic is the only clinic.",
    "Kazan Kazan Kazan Kazan metro metro metro line opened opened",
    "",
]


def test_one_byte_counts_read_back_as_the_float32_log_counts():
    words, _ = lexical_vectorizers()
    logs = log_counts(words, TEXTS)
    compact = matchindex._counts(logs)
    assert compact.data.dtype == np.uint8 and compact.indices.dtype == np.int32
    assert np.array_equal(matchindex._log_count_rows(compact).data, logs.data.astype(np.float32))
    many = sp.csr_matrix(np.arange(1, 256, dtype=np.float64).reshape(1, -1))
    many.data = 1.0 + np.log(many.data)
    assert np.array_equal(matchindex._LOG_COUNT[matchindex._counts(many).data], many.data.astype(np.float32))


def _expected_postings(texts: list[str], idf: np.ndarray) -> tuple[sp.csc_matrix, np.ndarray]:
    """The inverted index and item lengths as the index built them before: the stacked float32 log counts
    converted to CSC, lengths from the same rows."""
    words, _ = lexical_vectorizers()
    rows = log_counts(words, texts).astype(np.float32)
    return rows.tocsc(), np.where((lengths := matchindex._lengths(rows, idf)) == 0, 1.0, lengths).astype(np.float32)


@pytest.mark.parametrize("move_chunk", [MatchIndex.MOVE_CHUNK, 997])
def test_a_rebuild_gives_the_stacked_inverted_index_in_place(move_chunk):
    """Also when the old postings move a slice at a time (997 postings: slices end inside features)."""
    index = MatchIndex()
    index.REBUILD_MIN = 100
    index.MOVE_CHUNK = move_chunk
    index.add_many([(("claim", i), text) for i, text in enumerate(TEXTS[:2000])])
    idf_first = index._idf()[0].table()
    index.query("warm up: the first query builds the inverted index")
    for start in range(2000, len(TEXTS), 150):  # small batches, rebuilt more than once
        index.add_many([(("claim", i), TEXTS[i]) for i in range(start, min(len(TEXTS), start + 150))])
        index.query("a query rebuilds when the delta is large enough")
    index.REBUILD_MIN, index.REBUILD_FRACTION = 0, 0.0
    index.add(("claim", len(TEXTS)), "The last one, to be sure the delta is not empty.")
    index.query("rebuild")
    assert index._n_base == len(TEXTS) + 1 and not index._delta_rows
    expected, _ = _expected_postings([*TEXTS, "The last one, to be sure the delta is not empty."], idf_first)
    assert np.array_equal(index._post_indptr, expected.indptr)
    assert np.array_equal(index._post_items, expected.indices)
    assert np.array_equal(matchindex._LOG_COUNT[index._post_counts], expected.data)
    assert index._post_items.dtype == np.int32 and index._post_counts.dtype == np.uint8
    # The first 2,000 items' lengths were computed with the idf of the first build, as before.
    _, lengths = _expected_postings(TEXTS[:2000], idf_first)
    assert np.array_equal(index._norms[:2000], lengths)


def test_the_inverted_index_takes_five_bytes_a_posting():
    index = MatchIndex()
    index.add_many([(("claim", i), text) for i, text in enumerate(TEXTS)])
    index.query("build")
    postings = len(index._post_items)
    held = index._post_items.nbytes + index._post_counts.nbytes
    assert postings > 10 * len(TEXTS) and held == 5 * postings
    assert index._post_indptr.shape == (N_FEATURES + 1,)
