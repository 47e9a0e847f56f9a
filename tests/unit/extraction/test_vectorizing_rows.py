"""Row lengths and row scaling of hashed-feature matrices, bit for bit what SciPy gives, without SciPy's scratch
tables as wide as the matrix (16 MB a call for 2**20 columns, made and freed twice per sentence batch)."""

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp

from factcheck.extraction.vectorizing import row_norms, scale_rows

WIDE = 2**20
NARROW = 2**14  # enough columns for the identity checks, quick to build


def _matrices():
    rng = np.random.RandomState(0)
    for trial in range(60):
        rows = rng.randint(1, 30)
        matrix = sp.random(rows, NARROW, density=rng.uniform(0, 0.01), format="csr", random_state=rng)
        matrix.sum_duplicates()
        if trial % 3 == 0:
            matrix.data[rng.rand(len(matrix.data)) < 0.1] = 0.0  # stored zeros
        if trial % 5 == 0:
            matrix.data[rng.rand(len(matrix.data)) < 0.1] = 1e-200  # squares that underflow to zero
        factors = rng.uniform(0.1, 3, rows)
        factors[rng.rand(rows) < 0.1] = 0.0
        yield matrix, factors


def test_row_lengths_are_scipys_to_the_last_bit():
    for matrix, _ in _matrices():
        assert np.array_equal(row_norms(matrix), np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()))


def test_scaled_rows_are_scipys_product_entry_for_entry_in_its_order():
    for matrix, factors in _matrices():
        expected = sp.csr_matrix(sp.diags(factors) @ matrix)
        scaled = scale_rows(matrix, factors)
        assert np.array_equal(scaled.indptr, expected.indptr)
        assert np.array_equal(scaled.indices, expected.indices)
        assert np.array_equal(scaled.data, expected.data)
        assert scaled.indices.dtype == expected.indices.dtype and scaled.shape == expected.shape


@pytest.mark.parametrize("work", ["norms", "scale"])
def test_neither_makes_a_table_as_wide_as_the_matrix(work):
    matrix = sp.random(16, WIDE, density=4e-5, format="csr", random_state=1)
    tracemalloc.start()
    if work == "norms":
        row_norms(matrix)
    else:
        scale_rows(matrix, np.full(16, 0.5))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1_000_000, f"{peak / 1e6:.1f} MB for a 16-row matrix"
