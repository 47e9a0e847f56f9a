"""A long claim in a short place is cut between words, with "…", never inside a word."""

import pytest

from factcheck.shorten import shortened
from tests.factories import ClaimFactory

SENTENCE = "The health ministry said 48 medical AI solutions are registered in Russia, more than in any other country."


def test_a_text_that_fits_is_whole_on_one_line():
    assert shortened("  Up to 60%\nof patients  ", 80) == "Up to 60% of patients"


@pytest.mark.parametrize("limit", [20, 40, 70, 80, 100])
def test_a_long_text_is_cut_between_words(limit):
    short = shortened(SENTENCE, limit)
    assert len(short) <= limit and short.endswith("…")
    kept = short[:-1]
    assert SENTENCE.startswith(kept) and SENTENCE[len(kept)] in " ,"  # the next character ends a word
    assert not kept.endswith((",", " "))


def test_a_first_word_longer_than_the_room_is_cut_inside_it():
    address = "https://example.org/" + "a" * 100
    assert shortened(address + " said", 30) == address[:29] + "…"


@pytest.mark.django_db
def test_a_claim_is_named_by_whole_words():
    claim = ClaimFactory(text=SENTENCE)
    assert str(claim) == "The health ministry said 48 medical AI solutions are registered in Russia, more…"
    claim.claim_reviewed = "Russia has 48 registered medical AI products."
    assert str(claim) == "Russia has 48 registered medical AI products."
