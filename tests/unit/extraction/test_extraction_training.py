"""The training script runs end to end, deterministically, and its output is what the run time loads."""

import json
from pathlib import Path

import pytest

from factcheck.extraction import training
from factcheck.extraction.model import CheckWorthinessModel
from factcheck.extraction.vectorizing import BLOCKS, BlockSpec
from tests.corpus import tiny_claimbuster

CLAIMBUSTER = Path("/work/shared/datasets/claimbuster/train.json")


@pytest.mark.slow  # trains the model twice: not in `make test-fast`
def test_training_writes_loadable_reproducible_weights(tmp_path, monkeypatch):
    # Fewer hash columns keep this test fast; the run time reads the column count from the metadata.
    small = tuple(BlockSpec(b.name, b.analyzer, b.ngram_min, b.ngram_max, n_features=2**12) for b in BLOCKS)
    monkeypatch.setattr(training, "BLOCKS", small)
    monkeypatch.setattr(training, "NEWS_CV_REPEATS", 1)
    monkeypatch.setattr(training, "NEWS_C_GRID", (1.0,))
    data = tiny_claimbuster(tmp_path / "train.json", pairs=40)
    for out in ("a", "b"):
        assert training.main(["--data", str(data), "--out", str(tmp_path / out), "--folds", "2"]) == 0
    for name in (training.WEIGHTS_FILE, training.META_FILE, training.NEWS_LAYER_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    meta = json.loads((tmp_path / "a" / training.META_FILE).read_text(encoding="utf-8"))
    assert meta["cross_validation"]["folds"] == 2 and "ClaimBuster" in meta["licence"]
    model = CheckWorthinessModel(tmp_path / "a")
    for probe in meta["probes"]:
        assert model.claimbuster.probabilities([probe["text"]])[0] == pytest.approx(probe["probability"], abs=1e-6)


def test_shipped_weights_were_trained_on_the_claimbuster_file():
    meta = json.loads((Path(training.DEFAULT_NEWS_DATA).parent / training.META_FILE).read_text(encoding="utf-8"))
    assert meta["training_data"]["sentences"] == 7976 and meta["training_data"]["positives"] == 1994
    # Cross-validated on the 70% train part only (the test part stays unseen): 0.7335 at the last build.
    assert meta["cross_validation"]["f1_positive"] >= 0.72
    if CLAIMBUSTER.exists():
        import hashlib

        assert hashlib.sha256(CLAIMBUSTER.read_bytes()).hexdigest() == meta["training_data"]["sha256"]
