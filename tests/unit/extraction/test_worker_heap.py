"""A worker gives back the memory of its large temporaries, and holds its fixed tables at their smallest exact size.

Each check here stands for megabytes of a worker's resident memory at 100,000 claims: int32 frequency tables
(4 MB each instead of 8), one tokenizer for both MiniLM models (8 MB), idf tables made without temporaries,
and glibc kept from serving large blocks from a heap whose freed pages it keeps.
"""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from factcheck.extraction import matchindex
from factcheck.extraction.embedding import encoder_dir
from factcheck.extraction.encoder import Encoder
from factcheck.extraction.matchbench import generated_claims
from factcheck.extraction.matchindex import MatchIndex
from factcheck.extraction.model import model_dir
from factcheck.extraction.transformer import MODEL_NAME, TransformerScorer

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, uses glibc")


def test_the_idf_tables_are_the_smooth_idf_to_the_last_bit():
    counts = np.random.RandomState(3).randint(0, 5000, size=1 << 12).astype(np.int32)
    sampled = counts * 2.5  # the character table's scaled sample counts
    for table in (counts, sampled):
        assert np.array_equal(matchindex._smooth_idf(table, 123_457), np.log((1 + 123_457) / (1 + table)) + 1.0)


def test_the_idf_read_per_column_is_the_whole_table_to_the_last_bit():
    """A query computes the idf of the columns it reads instead of two 8 MB tables an article: same numbers."""
    rng = np.random.RandomState(5)
    counts = rng.randint(0, 5000, size=1 << 16).astype(np.int32)
    for table in (counts, counts * 2.5):
        idf = matchindex.Idf(table, 98_765)
        whole = idf.table()
        assert np.array_equal(whole, matchindex._smooth_idf(table, 98_765))
        for size in (1, 7, 64, 1000, 4099):  # lengths on and off any SIMD width
            columns = rng.randint(0, len(table), size=size)
            assert np.array_equal(idf[columns], whole[columns])


def test_the_scores_do_not_change_when_the_idf_is_read_per_column(monkeypatch):
    texts = generated_claims(3000, seed=4)
    queries = texts[::97] + ["A wholly new sentence about 42 schools in the north."]

    def scores(index: MatchIndex):
        index.REBUILD_MIN = 500
        index.add_many([(("claim", i), t) for i, t in enumerate(texts)])
        return [index.query_many(queries[i : i + 5], top=6) for i in range(0, len(queries), 5)]

    lazy = scores(MatchIndex())
    monkeypatch.setattr(matchindex, "Idf", _WholeTable)
    assert scores(MatchIndex()) == lazy


class _WholeTable(matchindex.Idf):
    """The idf as it was: the whole table made, then read."""

    def __getitem__(self, columns):
        return self.table()[columns]


def test_the_frequency_tables_and_offsets_take_their_smallest_exact_types():
    index = MatchIndex()
    index.REBUILD_MIN = 100
    index.add_many([(("claim", i), text) for i, text in enumerate(generated_claims(1500, seed=9))])
    index.query("the first query builds the inverted index")
    assert index._df_word.dtype == np.int32 and index._df_neutral.dtype == np.int32
    assert index._df_word.sum() == index._post_indptr[-1] == len(index._post_items)
    assert index._post_indptr.dtype == np.int32 and index._idf_built.dtype == np.float32
    assert np.array_equal(index._idf_built, index._idf()[0].table().astype(np.float32))


@pytest.mark.skipif(not (model_dir() / MODEL_NAME / "model.onnx").is_file(), reason="the classifier is not built here")
def test_the_encoder_and_the_classifier_read_one_tokenizer():
    encoder = Encoder(encoder_dir())
    classifier = TransformerScorer(model_dir() / MODEL_NAME)
    assert encoder._tokenizer is classifier._tokenizer
    assert encoder._tokenizer.truncation["max_length"] == encoder.max_length
    assert encoder._tokenizer.padding is None


_CHILD = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    from factcheck.ops.memory import hand_back_large_blocks

    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    tuned = hand_back_large_blocks() if sys.argv[1] == "tuned" else None
    pins = []
    base = rss()
    np.ones(24 * 131072).sum()  # one large temporary freed: glibc untuned raises its mmap threshold to 24 MB
    blocks = []
    for _ in range(6):  # then 8 MB temporaries, with small blocks allocated after each (as the heap's top)
        blocks.append(np.ones(8 * 131072))
        pins.append(bytearray(4096))
    del blocks
    print(json.dumps({"tuned": tuned, "kept_mb": rss() - base}))
    """
)


def _kept_mb(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, mode], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@linux_only
def test_a_tuned_process_gives_back_its_freed_large_blocks():
    untuned, tuned = _kept_mb("plain"), _kept_mb("tuned")
    if not tuned["tuned"]:
        pytest.skip("not glibc: its allocator keeps its own policy")
    assert tuned["kept_mb"] < 4, tuned
    if untuned["kept_mb"] < 8:
        pytest.skip(f"this libc gave the blocks back untuned too ({untuned})")
    assert tuned["kept_mb"] < untuned["kept_mb"] / 2


def test_every_celery_pool_process_tunes_its_heap_when_it_starts():
    from celery import signals

    from factcheck import celery

    receivers = [ref() for _, ref in signals.worker_process_init.receivers]
    assert celery.limit_pool_process_memory in receivers
