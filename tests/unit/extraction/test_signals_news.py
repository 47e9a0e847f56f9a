"""The news signals fire on what they name, stay quiet on look-alikes, and the shipped layer matches its data."""

import json
from pathlib import Path

import pytest

from factcheck.extraction import news_layer
from factcheck.extraction.model import INPUT_LABELS, NEWS_CALIBRATION_FILE, NEWS_LAYER_FILE, model_dir
from factcheck.extraction.signals import (
    CHECKABLE_SIGNALS,
    SIGNAL_LABELS,
    SIGNAL_NAMES,
    has_quantity,
    signal_vector,
)

REPO = Path(__file__).resolve().parents[3]


def _fired(text: str, language: str = "en") -> set[str]:
    return {name for name, value in zip(SIGNAL_NAMES, signal_vector(text, language), strict=True) if value}


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Patients who recover keep their immunity for at least a decade.", "outcome"),
        ("The operation restores hearing in most children.", "outcome"),
        ("The medicine can now be bought only with a prescription.", "regulatory"),
        ("The device was cleared for sale by the regulator.", "regulatory"),
        ("The screening is fully reimbursed by the state insurer.", "regulatory"),
        ("The second phase of clinical trials has finished.", "trial"),
        ("Killer cells attack and destroy the infected tissue.", "mechanism"),
        ("The new line is faster than any other in the country.", "comparison"),
        ("No other clinic in the region offers the operation.", "comparison"),
        ("Patients receive one dose every three weeks.", "dosing"),
        ("The tablet is taken twice a day.", "dosing"),
        ("About 300 guests attended the opening.", "incidental_count"),
        ("The report runs to 140 pages.", "incidental_count"),
        ("Some 90 apps are registered in the catalogue.", "incidental_count"),
        ("The mayor said the new square was beautiful.", "nothing_checkable"),
        ("The governor was briefed on the situation.", "speech_event"),
        ("The plan was announced by the deputy mayor.", "speech_event"),
    ],
)
def test_each_news_signal_fires_on_what_it_names(text, signal):
    assert signal in _fired(text), (text, sorted(_fired(text)))


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("The radiation treatment destroys tumour cells.", "outcome"),  # how it works, not what it did
        ("He recalled the first days after the diagnosis.", "regulatory"),  # "recalled" is memory, not a recall
        ("Insulin is a hormone that regulates blood sugar.", "regulatory"),
        ("The Eurasian Patent Office sent a delegation.", "regulatory"),
        ("First, the patient undergoes a thorough examination.", "record"),  # "first" opening a list
        ("The clinic treated 300 patients last year.", "incidental_count"),  # a count of what was done
        ("The survey of 300 participants found that 40% smoked.", "incidental_count"),
        ("The plant cost $2 billion and employs 900 people.", "nothing_checkable"),
    ],
)
def test_look_alikes_do_not_fire(text, signal):
    assert signal not in _fired(text), (text, sorted(_fired(text)))


def test_the_day_of_a_date_is_not_a_figure():
    assert not has_quantity("The meeting was held on 3 March.")
    assert not has_quantity("The meeting was held on March 3.")
    assert has_quantity("The meeting on 3 March was attended by 40 people.")
    assert "quantity" not in _fired("The governor was briefed at a meeting held on 21 November.")


def test_every_signal_has_a_label_and_the_checkable_ones_are_signals():
    assert set(SIGNAL_LABELS) == set(SIGNAL_NAMES)
    assert len(set(SIGNAL_LABELS.values())) == len(SIGNAL_LABELS)
    assert set(CHECKABLE_SIGNALS) <= set(SIGNAL_NAMES)
    assert all(INPUT_LABELS[name] == SIGNAL_LABELS[name] for name in SIGNAL_NAMES)


@pytest.mark.parametrize("language", ["ru", "de", "el"])
def test_other_languages_give_the_same_signals_in_the_same_order(language):
    text = {"ru": "В стране 12 клиник.", "de": "Das Land hat 12 Kliniken.", "el": "Η χώρα έχει 12 κλινικές."}[language]
    vector = signal_vector(text, language)
    assert len(vector) == len(SIGNAL_NAMES)
    assert vector[SIGNAL_NAMES.index("quantity")] == 1.0
    assert vector[SIGNAL_NAMES.index("nothing_checkable")] == 0.0
    assert signal_vector("Все были рады.", "ru")[SIGNAL_NAMES.index("nothing_checkable")] == 1.0


def test_the_layer_learns_from_the_fit_part_only(tmp_path):
    calibration = tmp_path / "calibration.json"
    sentences = tmp_path / "sentences.json"
    calibration.write_text(json.dumps({"sentences": [{"text": "A", "label": "check"}]}), encoding="utf-8")
    rows = [
        {"text": "A", "label": "check", "part": "fit"},
        {"text": "B", "label": "skip", "part": "fit"},
        {"text": "C", "label": "check", "part": "held_out"},
    ]
    sentences.write_text(json.dumps({"sentences": rows}), encoding="utf-8")
    texts, labels, origin = news_layer.load_sentences(calibration, sentences)
    assert texts == ["A", "B"] and list(labels) == [1, 0]
    assert origin["sentences"] == {"calibration.json": 1, "sentences.json (fit)": 1}


def test_the_shipped_layer_was_fitted_on_the_current_sentences_and_signals():
    """Editing the news sentences or the signals without re-running ``training`` leaves a stale layer."""
    directory = model_dir()
    layer = json.loads((directory / NEWS_LAYER_FILE).read_text(encoding="utf-8"))
    _, labels, origin = news_layer.load_sentences(
        directory / NEWS_CALIBRATION_FILE, directory / news_layer.NEWS_SENTENCES_FILE
    )
    assert layer["fitted_on"] == origin
    assert layer["inputs"] == ["claimbuster_logit", *SIGNAL_NAMES]
    assert layer["calibration_sentences"] == len(labels)
    best = max(layer["grid"], key=lambda row: row["cv_f1"])
    assert (best["c"], best["positive_class_weight"]) == (layer["c"], layer["positive_class_weight"])
