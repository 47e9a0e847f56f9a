"""A claim stored word for word is always a candidate of its repeat, however common its words are.

The candidate stage finds claims by their rarer words. At a desk's scale a sentence made of words common across
the desk keeps only its rarest few, which many other claims share, and its stored copies could rank below them:
a wire sentence run again was then neither linked to its copies nor given their stored embedding.
"""

from factcheck.extraction.matchindex import MatchIndex, _stack, text_digest

REPEAT = "In Yerevan the same treatment costs the equivalent of $78,000."


def _crowded_index(rebuild: bool) -> MatchIndex:
    """An index where every word of ``REPEAT`` is common, and shorter claims (``REPEAT`` less one word, ten of
    each) share whichever of its words the candidate stage keeps."""
    index = MatchIndex()
    index.PRUNE_MIN, index.PRUNE_FRACTION, index.PRUNE_MAX = 5, 0.0, 5  # every word of REPEAT is "common"
    index.DEPTH = 2
    words = REPEAT.split()
    crowd = [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words)) for _ in range(10)]
    index.add_many([(("claim", n), text) for n, text in enumerate(crowd)])
    index.add_many([(("claim", 500), REPEAT)])
    if rebuild:
        index.REBUILD_MIN, index.REBUILD_FRACTION = 0, 0.0
        index._maybe_rebuild()
        assert index._n_base == len(index) and index._delta_n == 0
    return index


def test_the_candidate_stage_alone_misses_the_repeat_in_a_crowd():
    """The situation the lookup is for: without it the stored copy is not among the candidates."""
    index = _crowded_index(rebuild=True)
    query = index._text_vectors([REPEAT], encode=False)
    found = index._candidates(_stack([query[0].word]), index._idf()[0], depth=index.DEPTH + 1)[0]
    assert ("claim", 500) not in {index._key(int(item)) for item in found}


def test_a_repeat_finds_its_stored_copy_in_the_rebuilt_index_and_in_the_claims_added_since():
    for rebuild in (True, False):
        index = _crowded_index(rebuild)
        found = index.query_many([REPEAT], top=1)[0]
        assert found and found[0].key == ("claim", 500) and found[0].score >= 0.99, rebuild


def test_case_and_spacing_aside_the_copies_are_found_newest_first():
    index = _crowded_index(rebuild=True)
    index.add_many([(("claim", 501), "in  Yerevan the same treatment costs the EQUIVALENT of $78,000.")])
    assert index._identical([REPEAT], most=4) == [[len(index) - 1, len(index) - 2]]
    assert index._identical(["In Yerevan the same treatment costs the equivalent of $79,000."], most=4) == [[]]
    assert index._identical(["", "   "], most=4) == [[], []]
    assert text_digest("A  b") == text_digest("a b") != text_digest("a c")
