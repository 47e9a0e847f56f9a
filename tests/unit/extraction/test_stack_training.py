"""Refitting the two-stage combination alone: only the stack file changes, and it is what ``build_stack`` fits."""

import json
import shutil

import numpy as np
import pytest

from factcheck.extraction import stack_training
from factcheck.extraction.datasplits import load_claimbuster, split_claimbuster
from factcheck.extraction.model import ClaimBusterModel, model_dir
from factcheck.extraction.stacking import STACK_FILE, TwoStageScorer
from factcheck.extraction.transformer import MODEL_NAME
from tests.corpus import tiny_claimbuster


@pytest.fixture
def models(tmp_path):
    """A copy of the shipped weights, so refitting cannot touch fixtures/models/."""
    out = tmp_path / "models"
    shutil.copytree(model_dir(), out)
    return out


def test_refitting_the_stack_rewrites_only_the_stack(tmp_path, models):
    data = tiny_claimbuster(tmp_path / "train.json", pairs=60)
    before = {p.relative_to(models): p.read_bytes() for p in models.rglob("*") if p.is_file()}
    assert stack_training.main(["--data", str(data), "--out", str(models)]) == 0
    after = {p.relative_to(models): p.read_bytes() for p in models.rglob("*") if p.is_file()}
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {models.joinpath(STACK_FILE).relative_to(models)} and set(after) == set(before)

    # What was written is the fit ``training`` would make from the same n-gram logits on the same dev part.
    stack = json.loads((models / STACK_FILE).read_text(encoding="utf-8"))
    texts, labels = load_claimbuster(data)
    dev = split_claimbuster(labels).dev
    dev_texts = [texts[i] for i in dev]
    ngram = ClaimBusterModel(models).logits(dev_texts)
    expected = stack_training.fit_stack(ngram, TwoStageScorer(models, stack).transformer.logits(dev_texts), labels[dev])
    assert stack["weights"] == expected["weights"] and stack["intercept"] == expected["intercept"]
    assert stack["fitted_on"] == f"ClaimBuster dev part ({len(dev)} sentences)"


def test_refitting_without_a_transformer_says_what_to_run(tmp_path, models):
    shutil.rmtree(models / MODEL_NAME)
    data = tiny_claimbuster(tmp_path / "train.json", pairs=60)
    with pytest.raises(SystemExit, match="run transformer_training first"):
        stack_training.main(["--data", str(data), "--out", str(models)])


def test_the_gate_keeps_every_dev_decision():
    # Sentences stopped at the cut take the floor; none the ungated stack calls check-worthy may be stopped.
    ngram = np.array([-6.0, -4.0, -1.0, 0.5, 2.0])
    transformer = np.array([-3.0, 4.0, -2.0, 3.0, 5.0])
    stack = {"weights": [1.0, 1.0], "intercept": 0.0}
    combined = ngram + transformer
    cut = stack_training.choose_gate(ngram, combined, -3.0, stack)
    assert cut <= -4.0 - stack_training.GATE_MARGIN
    gated = np.where(ngram >= cut, transformer, -3.0)
    assert np.array_equal(ngram + gated >= 0.0, combined >= 0.0)
