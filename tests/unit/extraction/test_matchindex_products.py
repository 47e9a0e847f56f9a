"""The match index multiplies hashed rows over the queries' own columns: the same dot products scipy's full
product gives, and the same language-neutral postings a CSC copy would give, without walking 2**20 columns."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from factcheck.extraction.matchindex import MatchIndex, _products, _stack
from factcheck.extraction.matching import N_FEATURES


def _rows(rng: np.random.Generator, n: int, density: int, pool: np.ndarray) -> sp.csr_matrix:
    """``n`` rows of hashed features drawn from ``pool`` (so items and queries share some), some rows empty."""
    indptr, indices, data = [0], [], []
    for row in range(n):
        width = 0 if row % 7 == 3 else int(rng.integers(1, density))
        columns = np.sort(rng.choice(pool, size=width, replace=False))
        indices.extend(columns.tolist())
        data.extend(rng.random(width).tolist())
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(data), np.array(indices, dtype=np.int32), np.array(indptr)), shape=(n, N_FEATURES))


def test_products_are_scipys_full_product():
    rng = np.random.default_rng(7)
    pool = rng.choice(N_FEATURES, size=400, replace=False)
    items, queries = _rows(rng, 60, 40, pool), _rows(rng, 9, 30, pool)
    expected = (items @ queries.T).toarray()
    ours = _products(items, queries)
    assert ours.shape == expected.shape == (60, 9)
    assert np.allclose(ours, expected, rtol=0, atol=1e-12)
    assert (expected > 0).sum() > 50, "the rows must share columns, or the test compares zeros"


def test_products_of_rows_that_share_nothing_or_are_empty_are_zero():
    rng = np.random.default_rng(1)
    items = _rows(rng, 5, 10, np.arange(0, 100))
    queries = _rows(rng, 3, 10, np.arange(1000, 1100))
    assert not _products(items, queries).any() and _products(items, queries).shape == (5, 3)
    empty = sp.csr_matrix((2, N_FEATURES))
    assert _products(empty, queries).shape == (2, 3) and _products(items, empty).shape == (5, 2)


def test_a_batch_without_neutral_tokens_adds_no_postings():
    index = MatchIndex()
    index.add_many([(("claim", 0), ""), (("claim", 1), "")])
    assert not index._neutral_postings and len(index) == 2


def test_neutral_postings_are_what_a_csc_copy_gives():
    index = MatchIndex()
    texts = [
        "Le ministre a dit que 85 patients ont reçu une thérapie CAR-T en 2024.",
        "The minister said 85 patients received CAR-T therapy in 2024.",
        "",
        "Der Minister sagte, 85 Patienten hätten 2024 eine CAR-T-Therapie erhalten.",
    ]
    for start in (0, 2):  # two batches: the second's rows are numbered after the first's
        index.add_many([(("claim", i), texts[i]) for i in range(start, start + 2)])
    counts = index._log_counts(index._neutral, texts).tocsc()
    expected = {
        int(feature): counts.indices[counts.indptr[feature] : counts.indptr[feature + 1]].tolist()
        for feature in np.flatnonzero(np.diff(counts.indptr))
    }
    assert expected, "the texts must have language-neutral tokens"
    assert {feature: list(rows) for feature, rows in index._neutral_postings.items()} == expected


def test_claims_added_since_the_build_are_indexed_once_and_found():
    """The delta (claims added since the inverted index was built) keeps postings of its own: each added claim is
    weighed once, when a query first needs it, and a later query reads only its own features' postings."""
    base = [f"The regional hospital treated {n} patients with the new therapy in {2000 + n % 20}." for n in range(50)]
    index = MatchIndex()
    index.add_many([(("claim", i), text) for i, text in enumerate(base)])
    index.query_many([base[0]], top=2)
    assert index._delta_n == 50 and len(index._delta_norms) == 50  # under REBUILD_MIN: all in the delta
    index.add_many([(("claim", 100), "Officials said 85 volunteers planted 4,000 oak trees along the river.")])
    found = index.query_many(["85 volunteers planted 4,000 oak trees by the river, officials said."], top=1)[0]
    assert found and found[0].key == ("claim", 100)
    assert len(index._delta_norms) == 51 and index._delta_batches_indexed == 2
    rows = {row for entry in index._delta_postings.values() for row in entry[0]}
    assert rows == set(range(51)), "every delta row has postings, numbered in the order added"


def test_a_query_never_reads_a_feature_found_in_more_than_prune_max_items():
    """The share of the index a feature may be found in grows with the index; the ceiling keeps a query at a
    million claims to its rarer words, names and figures."""
    index = MatchIndex()
    index.PRUNE_MIN, index.PRUNE_FRACTION, index.PRUNE_MAX = 5, 1.5, 10  # the share alone would read every word
    texts = [f"The ministry reported new figures for the region under codename{n}." for n in range(40)]
    index.add_many([(("claim", n), text) for n, text in enumerate(texts)])
    assert index._prune_cap() == 10
    query = index._text_vectors(["The ministry reported new figures for the region under codename7."], encode=False)
    found = index._candidates(_stack([query[0].word]), index._idf()[0], depth=40)[0]
    assert [index._key(int(item)) for item in found] == [("claim", 7)]
    index.PRUNE_MAX = 1_000_000
    found = index._candidates(_stack([query[0].word]), index._idf()[0], depth=40)[0]
    assert len(found) == 40, "without the ceiling the shared words find every claim"
