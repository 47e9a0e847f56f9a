"""The shipped two-stage ClaimBuster scorer: intact files, reproducible probes, held-out metadata, a gate that gates."""

import json
import shutil

import numpy as np
import pytest

from factcheck.extraction.datasplits import SPLIT_SEED, TEST_FRACTION
from factcheck.extraction.encoder import EncoderError, file_sha256
from factcheck.extraction.model import load_model, model_dir
from factcheck.extraction.stacking import STACK_FILE, TwoStageScorer
from factcheck.extraction.transformer import MODEL_NAME, TransformerScorer

FOLDER = model_dir() / MODEL_NAME
#: ClaimBuster's 7,976 sentences, 1,994 check-worthy: the size of the test part the weights must have left out.
CLAIMBUSTER_TEST = round(1994 * TEST_FRACTION) + round(5982 * TEST_FRACTION)


def _manifest() -> dict:
    return json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))


def _stack() -> dict:
    return json.loads((model_dir() / STACK_FILE).read_text(encoding="utf-8"))


def test_shipped_files_match_their_manifest():
    manifest = _manifest()
    assert set(manifest["files"]) == {"model.onnx", "tokenizer.json"}
    for name, digest in manifest["files"].items():
        assert file_sha256(FOLDER / name) == digest
    assert manifest["licence"] == "Apache-2.0" and "GPL-3.0" in manifest["licence_notes"]["training_data"]
    assert manifest["source_sha256"]["model.safetensors"].startswith("53aa5117")


def test_a_damaged_file_is_refused(tmp_path):
    copy = tmp_path / MODEL_NAME
    shutil.copytree(FOLDER, copy)
    data = bytearray((copy / "tokenizer.json").read_bytes())
    data[100] ^= 1
    (copy / "tokenizer.json").write_bytes(bytes(data))
    with pytest.raises(EncoderError, match="SHA-256"):
        TransformerScorer(copy)


def test_probe_sentences_reproduce_their_stored_logits():
    probes = _manifest()["probes"]
    logits = TransformerScorer(FOLDER).logits([probe["text"] for probe in probes])
    # onnxruntime's int8 matrix kernels differ by CPU instruction set (VNNI, AVX2), so a machine other than
    # the one that wrote the manifest lands up to ~0.005 away; a wrong or damaged model is off by whole units.
    for probe, logit in zip(probes, logits, strict=True):
        assert logit == pytest.approx(probe["logit"], abs=2e-2)
    # Alone or in a batch, a sentence gets the same logit (padding is masked out).
    assert TransformerScorer(FOLDER).logits([probes[0]["text"]])[0] == pytest.approx(logits[0], abs=1e-4)


def test_no_shipped_weight_saw_the_test_part():
    assert SPLIT_SEED == 20190
    model = load_model()
    assert model.claimbuster.meta["training_data"]["held_out_for_evaluation"] == CLAIMBUSTER_TEST
    training = _manifest()["training"]
    assert training["held_out_for_evaluation"] == CLAIMBUSTER_TEST and "test" not in " ".join(training["parts_read"])
    assert "dev" in _stack()["fitted_on"]


class _CountingTransformer:
    """Stands in for the ONNX session to record which sentences reach it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def logits(self, texts):
        self.seen += list(texts)
        return np.full(len(texts), 5.0)


def test_the_gate_sends_only_sentences_past_the_cut_to_the_transformer():
    stack = TwoStageScorer(model_dir(), _stack())
    counting = _CountingTransformer()
    stack._transformer = counting
    cut = stack.gate_logit
    ngram = np.array([cut - 2.0, cut - 0.01, cut, cut + 3.0])
    texts = ["low", "just below", "at the cut", "high"]
    logits = stack.logits(texts, ngram)
    assert counting.seen == ["at the cut", "high"]
    assert logits[:2] == pytest.approx(stack.combine(ngram[:2], np.full(2, stack.floor)))
    assert logits[2:] == pytest.approx(stack.combine(ngram[2:], np.full(2, 5.0)))
    counting.seen.clear()
    stack.logits(texts, ngram, gate=False)
    assert sorted(counting.seen) == sorted(texts)


def test_a_stopped_sentence_still_ranks_by_its_ngram_logit():
    stack = TwoStageScorer(model_dir(), _stack())
    stack._transformer = _CountingTransformer()
    ngram = stack.gate_logit - np.array([3.0, 2.0, 1.0])
    logits = stack.logits(["a", "b", "c"], ngram)
    assert np.all(np.diff(logits) > 0)


def test_the_gate_was_chosen_so_dev_decisions_do_not_change():
    dev = _stack()["dev"]
    assert dev["f1_stack_gated"] == dev["f1_stack"]
    assert 0 < dev["passing_gate"] < 1


def test_the_desk_score_uses_the_two_stage_logit():
    model = load_model()
    text = "Unemployment fell to 3.5 percent last year, the lowest rate since 1969."
    ngram = model.claimbuster.logits([text])
    assert model.stack is not None and model.stack.passes(ngram)[0]
    features = model.news.features(model.claimbuster_logits([text]), [text])
    expected = 1.0 / (1.0 + np.exp(-(features @ model.news.weights + model.news.intercept)))
    assert model.scores([text])[0] == pytest.approx(expected[0])


def test_the_trainer_defaults_are_the_shipped_run():
    # The trainer's constants and docstring describe the run that wrote the shipped graph; a retrain with other
    # settings must update them (or the manifest says otherwise and this fails).
    from factcheck.extraction import transformer_training

    training = _manifest()["training"]
    assert training["epochs"] == transformer_training.EPOCHS
    assert training["frozen_layers"] == transformer_training.FROZEN_LAYERS
    assert training["learning_rate"] == transformer_training.LEARNING_RATE
    assert training["batch"] == transformer_training.BATCH and training["seed"] == transformer_training.SEED
    assert len(training["history"]) == training["epochs"] and 1 <= training["chosen_epoch"] <= training["epochs"]
    chosen = training["history"][training["chosen_epoch"] - 1]["dev_f1"]
    assert chosen == max(epoch["dev_f1"] for epoch in training["history"])
