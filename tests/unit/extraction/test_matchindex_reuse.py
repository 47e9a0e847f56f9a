"""A claim whose very text is already stored is not encoded again: it takes the stored item's embedding.

Wire copy and press releases run word for word in many outlets, and each repeat used to cost the worker a
MiniLM run (~3 ms on one core). The stored code stands for the same vector to its rounding, so the match and
the code stored with the new claim are the same as if it had been encoded.
"""

import numpy as np

from factcheck.extraction.embedding import code_bytes, default_encoder, from_code
from factcheck.extraction.matchindex import MatchIndex

STORED = [
    "The health ministry said 85 patients were treated with CAR-T therapy in Minsk last year.",
    "The new bridge over the Volga cost 4.2 billion roubles and opened in March 2025.",
    "Officials said the vaccine is officially approved as a therapeutic practice in Belarus.",
]


class CountingEncoder:
    """The shipped encoder, remembering every text it was asked to encode."""

    def __init__(self):
        self.inner = default_encoder()
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        return self.inner.encode(texts)


def _index(encoder):
    vectors = default_encoder().encode(STORED)
    store = {("claim", i): (text, code_bytes(v)) for i, (text, v) in enumerate(zip(STORED, vectors, strict=True))}
    index = MatchIndex(fetch_texts=lambda keys: {k: store[k] for k in keys if k in store}, encoder=encoder)
    index.add_many([(key, text, code) for key, (text, code) in store.items()])
    index._cache.clear()  # as after a worker's bulk read: candidates come from the database with their codes
    return index, store


def test_a_stored_text_takes_its_stored_embedding_and_a_new_one_is_encoded():
    encoder = CountingEncoder()
    index, store = _index(encoder)
    new = "The ministry said 85 patients received CAR-T therapy in Minsk in 2024."
    repeated, fresh = index.query_many([STORED[0], new], top=2, min_score=0.3)
    assert encoder.encoded == [new]
    assert repeated[0].key == ("claim", 0) and repeated[0].score >= 0.99
    assert fresh and fresh[0].key == ("claim", 0)
    # The code stored with the repeat is the stored one, to the rounding of one step in a few components.
    code = np.frombuffer(index.codes([STORED[0]])[0], dtype=np.int8).astype(int)
    assert np.abs(code - np.frombuffer(store[("claim", 0)][1], dtype=np.int8)).max() <= 1
    assert encoder.encoded == [new], "the codes of texts just queried are not encoded again"


def test_the_reuse_matches_what_encoding_would_have_given():
    reused_index, _ = _index(CountingEncoder())
    encoded_index, _ = _index(CountingEncoder())
    reused = reused_index.query_many([STORED[2]], top=3)[0]
    encoded_index._reuse_identical = lambda *args: None  # the same query, encoded as before
    encoded = encoded_index.query_many([STORED[2]], top=3)[0]
    assert [m.key for m in reused] == [m.key for m in encoded]
    assert np.allclose([m.score for m in reused], [m.score for m in encoded], atol=0.005)
    stored = from_code(code_bytes(default_encoder().encode([STORED[2]])[0]))
    # A code rounds each of 384 components to 1/127 of the unit: ~0.999 of the cosine is kept (0.9989-0.9991 here).
    assert float(stored @ default_encoder().encode([STORED[2]])[0]) > 0.998


def test_a_text_that_only_looks_alike_is_encoded():
    encoder = CountingEncoder()
    index, _ = _index(encoder)
    alike = STORED[1].replace("March", "May")
    index.query(alike)
    assert encoder.encoded == [alike]


def test_an_added_batch_reuses_the_neutral_tokens_and_languages_its_query_made():
    """A worker adds an article's own claims right after querying them: their language-neutral tokens and
    languages are taken from the query's vectors, and the index holds what counting them again would give."""
    texts = [*STORED, "Министерство заявило, что 85 пациентов прошли лечение в Минске.", "Ja, 42 % der Schulen."]
    items = [(("claim", i), t) for i, t in enumerate(texts)]

    def tables(index):
        postings = {f: list(p) for f, p in index._neutral_postings.items()}
        names = index._language_names
        return index._df_neutral.tolist(), postings, [names[c] for c in index._languages], index._df_word.tolist()

    queried = MatchIndex()
    queried.add_many(items[:1])
    queried.query_many(texts[1:])  # as prematch does: the vectors of these texts are made and kept
    queried.add_many(items[1:])
    counted = MatchIndex()
    counted.CACHE_ADDS_UP_TO = 0  # every batch takes the bulk path, which counts the tokens from the texts
    counted.add_many(items[:1])
    counted.add_many(items[1:])
    assert tables(queried) == tables(counted)
    assert len(set(tables(counted)[2])) >= 2  # more than one language among them


def _steps(index) -> list[str]:
    """Record the order in which ``index`` starts encoding and looks up candidates."""
    steps: list[str] = []
    start_encoding, candidates = index._start_encoding, index._candidates
    index._start_encoding = lambda *args: (steps.append("encode"), start_encoding(*args))[1]
    index._candidates = lambda *args: (steps.append("candidates"), candidates(*args))[1]
    return steps


def test_one_text_a_person_waits_for_is_encoded_beside_its_candidate_stage_for_the_same_matches():
    new = "The ministry said 85 patients received CAR-T therapy in Minsk in 2024."
    waited, batch = _index(CountingEncoder())[0], _index(CountingEncoder())[0]
    waited_steps, batch_steps = _steps(waited), _steps(batch)
    one = waited.query(new, top=3, min_score=0.1)
    many = batch.query_many([new], top=3, min_score=0.1)[0]
    assert waited_steps[:2] == ["encode", "candidates"] and batch_steps[:2] == ["candidates", "encode"]
    assert one == many and one and one[0].key == ("claim", 0)
    # The text's embedding is kept for the code stored with it: not encoded again.
    assert waited.codes([new]) == batch.codes([new])
    assert waited._encoder.encoded == [new]
