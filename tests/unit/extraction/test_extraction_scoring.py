"""Check-worthiness scores: range, agreement with extract, the shipped weights, the model directory."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from factcheck.extraction import extract, score_sentences
from factcheck.extraction.model import MODEL_DIR_ENV, CheckWorthinessModel, load_model, model_dir
from factcheck.extraction.scoring import explain_sentences
from factcheck.extraction.types import MAX_SIGNALS, Signal

REPO = Path(__file__).resolve().parents[3]


def test_scores_are_rounded_probabilities_in_order():
    texts = ["The technology has been used to treat 85 patients.", "We hope to succeed.", ""]
    scores = score_sentences(texts)
    assert len(scores) == 3
    assert all(0.0 <= s <= 1.0 and round(s, 6) == s for s in scores)
    assert scores[0] > scores[1]
    assert score_sentences([]) == []


def test_score_sentences_gives_the_scores_extract_gives():
    raw = next((REPO / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    sentences = extract(raw).sentences
    assert score_sentences([s.text for s in sentences]) == [s.score for s in sentences]
    assert [s.signals for s in sentences] == [e.signals for e in explain_sentences([s.text for s in sentences])]


@pytest.mark.parametrize(
    "text",
    [
        "Of them 60% have been totally cured and have recovered.",
        "In Belarus the course of treatment costs the equivalent of $55,000.",
        "The regulator approved the vaccine for use in adults in October.",
        "The trial enrolled 1,200 volunteers across 14 hospitals.",
        "It is the only clinic in the region licensed to perform the operation.",
    ],
)
def test_checkable_statements_score_high(text):
    assert score_sentences([text])[0] >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "“And we also hope to succeed,” the scientist noted.",
        "Thank you all for coming today.",
        "What does this mean for patients?",
        "We should continue to develop this area.",
        "It is necessary to find talented people and nurture them.",
    ],
)
def test_wishes_questions_and_greetings_score_low(text):
    assert score_sentences([text])[0] < 0.5


def test_each_score_carries_the_signals_that_fired_strongest_first():
    high, low = explain_sentences(
        [
            "In 2023 the clinic treated 85 patients at a cost of $1.2 million.",
            "We hope that one day this will be possible.",
        ]
    )
    for scored in (high, low):
        assert 0 < len(scored.signals) <= MAX_SIGNALS
        assert all(isinstance(signal, Signal) and signal.contribution != 0 for signal in scored.signals)
        strengths = [abs(signal.contribution) for signal in scored.signals]
        assert strengths == sorted(strengths, reverse=True)
    reasons = {signal.name: signal.contribution for signal in high.signals}
    assert reasons["model: check-worthy language"] > 0 and reasons["a figure"] > 0 and reasons["money or cost"] > 0
    assert {signal.name: signal.contribution for signal in low.signals}["a hope, wish or opinion"] < 0


def test_the_signals_are_the_layers_own_arithmetic():
    """With every input listed, the contributions plus the intercept give back the score's log-odds."""
    model = load_model()
    text = "Unemployment fell to 3.5 percent last year, the lowest rate since 1969."
    features = model.news.features(model.claimbuster_logits([text]), [text])
    shares = (features * model.news.weights)[0]
    logit = np.log(model.scores([text])[0] / (1 - model.scores([text])[0]))
    assert shares.sum() + model.news.intercept == pytest.approx(logit)
    shown = {signal.name: signal.contribution for signal in model.score([text])[0].signals}
    assert all(abs(value) >= 0.05 for value in shown.values()) and len(shown) <= MAX_SIGNALS


def test_shipped_weights_reproduce_the_training_probes():
    """Guards the hashing of n-grams: if scikit-learn ever changed it, the weights would silently rot."""
    model = load_model()
    for probe in model.claimbuster.meta["probes"]:
        assert model.claimbuster.probabilities([probe["text"]])[0] == pytest.approx(probe["probability"], abs=1e-6)


def test_weights_are_plain_arrays_not_pickles():
    with np.load(model_dir() / "claimbuster_lr.npz", allow_pickle=False) as arrays:
        expected = {"intercept", "word_index", "word_idf", "word_coef", "char_index", "char_idf", "char_coef"}
        assert expected <= set(arrays)
    layer = json.loads((model_dir() / "news_layer.json").read_text(encoding="utf-8"))
    assert len(layer["weights"]) == len(layer["inputs"])


def test_model_dir_defaults_to_the_repository_fixtures(monkeypatch):
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    assert model_dir() == REPO / "fixtures" / "models"


def test_model_dir_can_be_overridden(monkeypatch, tmp_path):
    for name in ("claimbuster_lr.npz", "claimbuster_lr.json", "news_layer.json"):
        shutil.copy(REPO / "fixtures" / "models" / name, tmp_path / name)
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    assert model_dir() == tmp_path
    model = load_model()
    assert isinstance(model, CheckWorthinessModel) and model.directory == tmp_path.resolve()
    assert load_model() is model  # loaded once, then cached
