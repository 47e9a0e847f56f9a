"""The sentence splitter: abbreviations, initials, quotes, list markers, exact offsets."""

import pytest

from factcheck.extraction import extract
from factcheck.extraction.splitting import split_sentences, split_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith arrived. He spoke.", ["Dr. Smith arrived.", "He spoke."]),
        (
            "Deputy Director of the N.N. Alexandrov National Cancer Center spoke. He left.",
            ["Deputy Director of the N.N. Alexandrov National Cancer Center spoke.", "He left."],
        ),
        ("It was approved in the U.S. The EU followed.", ["It was approved in the U.S.", "The EU followed."]),
        ("The U.S. Food and Drug Administration agreed.", ["The U.S. Food and Drug Administration agreed."]),
        (
            "Some drugs, e.g. vaccines, are cheap. Others are not.",
            ["Some drugs, e.g. vaccines, are cheap.", "Others are not."],
        ),
        (
            "J. Smith and Prof. Jones wrote it. Fig. 3 shows it.",
            ["J. Smith and Prof. Jones wrote it.", "Fig. 3 shows it."],
        ),
        (
            "Apple Inc. Chief Executive Tim Cook said so. Then he left.",
            ["Apple Inc. Chief Executive Tim Cook said so.", "Then he left."],
        ),
        ("He works at Apple Inc. The firm grew.", ["He works at Apple Inc.", "The firm grew."]),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("It rose 3.5% in 2024. It fell.", ["It rose 3.5% in 2024.", "It fell."]),
    ],
)
def test_abbreviations_initials_and_punctuation(text, expected):
    assert split_sentences(text) == expected


def test_quote_followed_by_lower_case_attribution_is_one_sentence():
    text = "“And we also hope to succeed,” the scientist noted. Next sentence."
    assert split_sentences(text) == ["“And we also hope to succeed,” the scientist noted.", "Next sentence."]


def test_multi_sentence_quote_is_split_inside_the_quote():
    text = "The scientist said: “We develop what we need. We work fast.” Then he left."
    assert split_sentences(text) == [
        "The scientist said: “We develop what we need.",
        "We work fast.”",
        "Then he left.",
    ]


def test_guillemets():
    text = "«The method works. It is safe,» noted Vyacheslav Ogay, Acting General Director. Good."
    assert split_sentences(text) == [
        "«The method works.",
        "It is safe,» noted Vyacheslav Ogay, Acting General Director.",
        "Good.",
    ]


def test_question_inside_quote_with_attribution():
    assert split_sentences("“Is it safe?” he asked. Yes.") == ["“Is it safe?” he asked.", "Yes."]


def test_spans_are_shifted_by_offset_and_trimmed():
    text = "  One sentence.   Two sentences.  "
    spans = split_spans(text, offset=100)
    assert spans == [(102, 115), (118, 132)]


def test_non_breaking_space_between_sentences():
    assert split_sentences("It ended.\u00a0The next one began.") == ["It ended.", "The next one began."]


def test_list_markers_are_not_part_of_the_sentence():
    raw = (
        "Title of the article here\n\nThe procedure includes:\n\n"
        "1) A total of 10 vaccine doses per patient.\n\n2) One dose every two weeks.\n"
    )
    texts = [sentence.text for sentence in extract(raw).sentences]
    assert texts == ["The procedure includes:", "A total of 10 vaccine doses per patient.", "One dose every two weeks."]


def test_dateline_prefix_is_not_part_of_the_first_sentence():
    raw = "MINSK, 21 November (BelTA) – Belarusian scientists have treated 85 patients. Most recovered."
    first = extract(raw).sentences[0]
    assert first.text == "Belarusian scientists have treated 85 patients."
    assert raw[first.start : first.end] == first.text
