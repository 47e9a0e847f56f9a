"""Offsets always index the raw text exactly: on the seeds, and on anything hypothesis can invent."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.extraction import CLAIM_TYPES, QUEUE_THRESHOLD, extract

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


def assert_consistent(raw: str) -> None:
    result = extract(raw)
    previous_end = -1
    for sentence in result.sentences:
        assert raw[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end
        assert 0.0 <= sentence.score <= 1.0
        assert sentence.claim_type in CLAIM_TYPES
        assert sentence.text in sentence.context
        assert sentence.speaker is None or sentence.speaker.strip()
    assert result.claims == tuple(s for s in result.sentences if s.score >= QUEUE_THRESHOLD)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name[:3])
def test_every_seed_sentence_indexes_the_raw_text(path):
    raw = path.read_text(encoding="utf-8")
    assert_consistent(raw)
    assert len(extract(raw).sentences) >= 10


def test_paragraph_indexes_increase_and_context_stays_in_the_paragraph():
    raw = SEEDS[1].read_text(encoding="utf-8")
    sentences = extract(raw).sentences
    assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)
    by_paragraph = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence.text)
    for sentence in sentences:
        for other in by_paragraph:
            if other != sentence.paragraph:
                assert all(text not in sentence.context for text in by_paragraph[other] if len(text) > 30)


_pieces = st.sampled_from(
    [
        "Dr.",
        "U.S.",
        "N.N.",
        "e.g.",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\u00a0",
        "“",
        "”",
        "«",
        "»",
        '"',
        ".",
        "!",
        "?",
        "…",
        ",",
        ":",
        "1)",
        "2.",
        "- ",
        "60%",
        "$55,000",
        "2026-2027",
        "Photo: X",
        "Source: Y",
        "www.a.gr",
        "Τελευταία Νέα",
        "According to Sergey Boljević,",
        " he said",
        " said Grigory Ivliev",
        "The",
        "first",
        "only",
        "will",
        "cured",
        "approved",
        "We",
        "I",
        "48 volunteers",
        "MINSK, 21 November (BelTA) – ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=40).map("".join))
def test_random_text_never_crashes_and_offsets_hold(raw):
    assert_consistent(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(raw):
    assert_consistent(raw)
