"""Speakers: quoted, reported, by pronoun or role, and None for the publication's own statements."""

from pathlib import Path

import pytest

from factcheck.extraction import extract
from factcheck.extraction.attribution import attribute_speakers, find_person_names

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def speakers_of(prefix: str) -> dict[str, str | None]:
    raw = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    return {sentence.text: sentence.speaker for sentence in extract(raw).sentences}


def speaker_of(speakers: dict[str, str | None], start: str) -> str | None:
    matches = [speaker for text, speaker in speakers.items() if text.startswith(start)]
    assert len(matches) == 1, start
    return matches[0]


@pytest.mark.parametrize(
    "prefix, sentence_start, expected",
    [
        ("000", "According to Sergey Boljević, head of the Department", "Sergey Boljević"),
        ("000", "Sergey Boljević emphasized a critical detail", "Sergey Boljević"),
        ("000", "In addition, he clarified", "Sergey Boljević"),
        ("000", "In June 2025, the first clinical trials", None),
        ("001", "The scientist said: “We develop", "Sergei Krasny"),
        ("001", "We primarily carry out", "Sergei Krasny"),
        ("001", "“The Bioorganic Chemistry Institute", "Sergei Krasny"),
        ("001", "“We have the largest experience", "Sergei Krasny"),
        ("001", "“In Belarus it costs the equivalent of $55,000.", "Sergei Krasny"),
        ("001", "As many as 52 people have been treated.", "Sergei Krasny"),
        ("001", "The technology has already been used to treat 85 patients.", None),
        ("001", "“And we also hope to succeed,”", "Sergei Krasny"),
        ("001", "After hearing the speech, Aleksandr Lukashenko noted", "Aleksandr Lukashenko"),
        ("001", "And if you have achieved such success", "Aleksandr Lukashenko"),
        ("001", "A disease of the century", "Aleksandr Lukashenko"),
        ("001", "In his words, three institutions", "Vladimir Karanik"),
        ("001", "“Nobody has this experience", "Vladimir Karanik"),
        ("001", "He is convinced", "Vladimir Karanik"),
        ("001", "Otherwise, we would dilute", "Vladimir Karanik"),
        ("001", "It is exactly about the topic", "Aleksandr Lukashenko"),
        ("001", "Belarus President Aleksandr Lukashenko was informed", None),
        ("002", "According to the latest data, 48 medical AI solutions", None),
        ("002", "According to the Strategy", None),
        ("003", "«When using cell therapy", "Vyacheslav Ogay"),
        ("003", "Compared to drug therapy", "Vyacheslav Ogay"),
        ("003", "The maximum effect is typically observed", "Vyacheslav Ogay"),
        ("003", "Advancements in this field", "Grigory Ivliev"),
        ("003", "Kazakhstan may become the first country", None),
        ("004", "According to her statement", "Anastasia Rakova"),
        ("004", "The medical center was the first in Russia", None),
    ],
)
def test_seed_speakers(prefix, sentence_start, expected):
    assert speaker_of(speakers_of(prefix), sentence_start) == expected


def test_names_come_without_titles():
    text = "Deputy Mayor Anastasia Rakova met Belarus President Aleksandr Lukashenko."
    names = [person.name for person in find_person_names(text)]
    assert names == ["Anastasia Rakova", "Aleksandr Lukashenko"]


def test_organisations_and_places_are_not_people():
    text = "Grigory Ivliev, President of the Eurasian Patent Office, visited Sechenov University in Eastern Europe."
    assert [p.name for p in find_person_names(text)] == ["Grigory Ivliev"]


def test_titles_are_remembered_for_roles():
    (person,) = find_person_names("Belarus President Aleksandr Lukashenko spoke.")
    assert "president" in person.titles


def test_role_resolves_to_the_person_holding_that_title():
    sentences = [
        ("Health Minister Anna Petrova opened the clinic.", 0),
        ("Chief Surgeon Ivan Orlov said it was ready.", 0),
        ("“It will treat 500 patients a year,” the minister said.", 1),
    ]
    assert attribute_speakers(sentences)[2] == "Anna Petrova"


def test_pronoun_reaches_back_at_most_two_paragraphs():
    sentences = [
        ("Maria Lopez said the plan was ready.", 0),
        ("Filler.", 1),
        ("Filler.", 2),
        ("Filler.", 3),
        ("He said costs rose.", 4),
    ]
    assert attribute_speakers(sentences) == ["Maria Lopez", None, None, None, None]


def test_unattributed_quote_goes_to_the_recent_speaker():
    sentences = [
        ("“We cured 60 patients,” Sergei Krasny said.", 0),
        ("“We are the largest center.", 0),
        ("Nobody else does it.”", 0),
    ]
    assert attribute_speakers(sentences) == ["Sergei Krasny"] * 3


def test_scare_quotes_do_not_make_a_speaker():
    sentences = [('Developments include "artificial skin," 3D implants, and eardrum reconstruction.', 0)]
    assert attribute_speakers(sentences) == [None]


def test_publication_statements_have_no_speaker():
    assert attribute_speakers([("The hospital treated 85 patients in 2024.", 0)]) == [None]


ISSUE_ARTICLE = (
    "Hospitals will get more staff.\n\n"
    "The health minister, Maria Novak, said the new clinics would open in May.\n\n"
    "{open}We will treat 10,000 more patients a year,{close} Novak told reporters.\n"
)


@pytest.mark.parametrize("open_mark, close_mark", [("'", "'"), ("‘", "’"), ('"', '"'), ("“", "”")])
def test_apposition_and_surname_follow_up_name_the_same_person(open_mark, close_mark):
    """The article editors reported: both sentences are Maria Novak's, whatever quotation marks are used."""
    raw = ISSUE_ARTICLE.format(open=open_mark, close=close_mark)
    speakers = {s.text: s.speaker for s in extract(raw).sentences}
    assert speakers["The health minister, Maria Novak, said the new clinics would open in May."] == "Maria Novak"
    quote = f"{open_mark}We will treat 10,000 more patients a year,{close_mark} Novak told reporters."
    assert speakers[quote] == "Maria Novak"


@pytest.mark.parametrize(
    "sentences, expected",
    [
        ([("Economist Henrik Larsen tracks prices.", 0), ("Ms Larsen said prices rose.", 1)], "Henrik Larsen"),
        (
            [("Northwind Airlines reported a loss.", 0), ("The company said it would cut 1,200 jobs.", 0)],
            "Northwind Airlines",
        ),
        ([("Prices rose 9 percent, the National Bureau of Statistics said.", 0)], "National Bureau of Statistics"),
        ([("Officials said the death toll could rise.", 0)], None),
        ([("A senior official, speaking on condition of anonymity, said talks had collapsed.", 0)], None),
        (
            [("Lars Eklund has studied the lake.", 0), ("According to him, fish stocks fell 70 percent.", 0)],
            "Lars Eklund",
        ),
        (
            [("The drug cut deaths by half, according to a report by Amnesty International.", 0)],
            "Amnesty International",
        ),
        ([("“It was the wettest June on record,” the forecaster Rhys Morgan said.", 0)], "Rhys Morgan"),
        ([("Glioblastoma: One of the most aggressive forms of brain cancer.", 0)], None),
        ([("Oxfam: 50 million face hunger in East Africa", 0)], "Oxfam"),
    ],
)
def test_speaker_shapes(sentences, expected):
    assert attribute_speakers(sentences)[-1] == expected


def test_a_quote_without_attribution_takes_the_speaker_named_next():
    sentences = [
        ('"We built 400 homes.', 0),
        ('Another 600 are under construction."', 0),
        ("Councillor Tom Baxter said the figures proved the council was delivering.", 0),
    ]
    assert attribute_speakers(sentences) == ["Tom Baxter"] * 3


def test_scare_quotes_before_a_capitalised_word_make_no_speaker():
    sentences = [('In Russia, only "academic" CAR-T products are currently used.', 0)]
    assert attribute_speakers(sentences) == [None]


def test_a_quotation_closed_three_sentences_later_keeps_one_speaker():
    sentences = [
        ("“The storm hit at night.", 0),
        ("Three villages lost power.", 0),
        ("It will take a week to repair the lines,” said Peter Lindgren.", 0),
        ("The storm was the worst since 1987.", 0),
    ]
    assert attribute_speakers(sentences) == ["Peter Lindgren"] * 3 + [None]
