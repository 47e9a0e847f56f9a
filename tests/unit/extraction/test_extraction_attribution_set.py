"""The hand-written attribution set: its shape, its scoring rule, and the accuracy the issue asks for."""

from collections import Counter

import pytest

from factcheck.extraction.evaluation import Figure
from factcheck.extraction.evaluation.attribution import (
    TARGET,
    accuracy,
    article_sentences,
    evaluate,
    figures,
    load_items,
    normalise_speaker,
)

ITEMS = load_items()


def test_the_set_is_large_varied_and_not_mostly_the_publication():
    assert len(ITEMS) >= 150
    styles = Counter(item["style"] for item in ITEMS)
    assert len(styles) >= 10 and min(styles.values()) >= 10
    assert sum(item["speaker"] == "" for item in ITEMS) / len(ITEMS) <= 0.25
    assert {item["split"] for item in ITEMS} == {"dev", "held_out", "blind"}
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[item["id"] for item in ITEMS])
def test_every_target_is_exactly_one_sentence_of_its_text(item):
    sentences = [sentence for sentence, _ in article_sentences(item["text"])]
    assert sentences.count(item["sentence"]) == 1


@pytest.mark.parametrize(
    "name, normalised",
    [
        ("Dr. Maria  Novak", "maria novak"),
        (None, ""),
        ("The IMF", "imf"),
        ("Liam O’Connor", "liam o'connor"),
        ("Mr Hughes", "hughes"),
        ("Health Minister Maria Novak", "health minister maria novak"),
    ],
)
def test_normalise_speaker_drops_case_articles_and_honorifics_only(name, normalised):
    assert normalise_speaker(name) == normalised


def test_accuracy_meets_the_target_on_the_whole_set_and_on_data_not_tuned_on():
    outcomes = evaluate(ITEMS)
    assert accuracy(outcomes) >= TARGET
    assert accuracy([o for o in outcomes if o.split == "held_out"]) >= TARGET
    assert accuracy([o for o in outcomes if o.split == "blind"]) >= TARGET


def test_figures_report_the_whole_set_the_splits_and_every_style():
    result = figures(None)
    assert all(isinstance(figure, Figure) for figure in result)
    measures = [figure.measure for figure in result]
    assert any("whole set" in m for m in measures) and any("held-out" in m for m in measures)
    assert sum("style" in m for m in measures) == len({item["style"] for item in ITEMS})
