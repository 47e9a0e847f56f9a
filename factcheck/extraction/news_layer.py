"""Fitting the news layer: which news sentences it learns from and how its settings are chosen.

The layer is a small logistic regression over the ClaimBuster logit and the signals of ``signals``. It learns
from hand-written news-style sentences only, never from the seed articles (they are the evaluation):

- ``news_calibration.json``: the first hand-labelled set, all of it;
- the ``fit`` part of ``news_sentences.json`` (its ``held_out`` quarter is never read here, so ``make eval``
  can score the shipped layer on sentences it has not seen).

C and the weight of the check class are chosen by repeated stratified cross-validation on those sentences
alone; everything is seeded, so the same sentences give the same weights. ``training`` fits the layer after
ClaimBuster, on top of the logits it just learned; after a change to the signals or the sentences alone,

    python -m factcheck.extraction.news_layer --models fixtures/models/

re-fits only the layer, on top of the ClaimBuster weights already in that directory, with the same settings
(the constants below, which ``training`` uses too): both give the same ``news_layer.json`` for the same
ClaimBuster weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from .signals import SIGNAL_NAMES, signal_matrix

NEWS_SENTENCES_FILE = "news_sentences.json"
#: The layer sees the ClaimBuster logit clipped and scaled to the range of its 0/1 signals.
LOGIT_CLIP = 6.0
LOGIT_SCALE = 3.0
#: The grid searched; a positive class weight above 1 encodes that a missed claim costs the desk more than one
#: extra sentence to dismiss.
C_GRID = (0.5, 1.0, 2.0, 4.0)
POSITIVE_WEIGHT_GRID = (1.0, 1.5, 2.0)
CV_REPEATS = 5
#: Cross-validated F1s closer than this are a tie: the spread between repeats is larger. On a tie the layer takes the
#: smallest positive class weight, so a difference the data cannot show does not raise every score.
CV_F1_TOLERANCE = 0.001
#: The part of ``news_sentences.json`` the layer may learn from; the other part ("held_out") is the test.
FIT_PART = "fit"
SEED = 0


def load_sentences(calibration: Path, sentences: Path | None) -> tuple[list[str], np.ndarray, dict]:
    """The texts and 0/1 labels the layer learns from, calibration first, each text once, and where they came from.

    A text in both files keeps the calibration label (a test checks the two files agree).
    """
    texts: list[str] = []
    labels: list[int] = []
    seen: set[str] = set()

    def add(rows: list[dict]) -> int:
        added = 0
        for row in rows:
            if row["text"] not in seen:
                seen.add(row["text"])
                texts.append(row["text"])
                labels.append(int(row["label"] == "check"))
                added += 1
        return added

    origin = {calibration.name: add(json.loads(calibration.read_text(encoding="utf-8"))["sentences"])}
    if sentences is not None and sentences.exists():
        rows = json.loads(sentences.read_text(encoding="utf-8"))["sentences"]
        origin[f"{sentences.name} ({FIT_PART})"] = add([row for row in rows if row["part"] == FIT_PART])
    digest = hashlib.sha256("\n".join(f"{label}\t{text}" for text, label in zip(texts, labels, strict=True)).encode())
    return texts, np.array(labels, dtype=int), {"sentences": origin, "sha256": digest.hexdigest()}


def features(
    claimbuster_logits: np.ndarray, texts: list[str], clip: float = LOGIT_CLIP, scale: float = LOGIT_SCALE
) -> np.ndarray:
    """The layer's inputs: the scaled ClaimBuster logit first, then the signals in ``SIGNAL_NAMES`` order."""
    scaled = np.clip(claimbuster_logits, -clip, clip) / scale
    return np.hstack([scaled[:, None], signal_matrix(texts)])


def _model(c: float, positive_weight: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight={0: 1.0, 1: positive_weight}, max_iter=2000, random_state=SEED)


def cross_validated_f1(features: np.ndarray, labels: np.ndarray, c: float, weight: float, repeats: int) -> float:
    """Mean F1 at 0.5 of out-of-fold probabilities over ``repeats`` differently shuffled 5-fold splits."""
    f1s = []
    for repeat in range(repeats):
        splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED + repeat)
        predicted = np.zeros(len(labels))
        for train_index, test_index in splitter.split(features, labels):
            model = _model(c, weight).fit(features[train_index], labels[train_index])
            predicted[test_index] = model.predict_proba(features[test_index])[:, 1]
        f1s.append(f1_score(labels, predicted >= 0.5))
    return round(float(np.mean(f1s)), 4)


def choose(results: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The (cv F1, C, weight) to ship: of those within ``CV_F1_TOLERANCE`` of the best, the smallest positive class
    weight, then the best F1 (the first in grid order on an exact tie)."""
    best = max(f1 for f1, _, _ in results)
    tied = [item for item in results if item[0] >= best - CV_F1_TOLERANCE]
    lowest = min(weight for _, _, weight in tied)
    return max((item for item in tied if item[2] == lowest), key=lambda item: item[0])


def fit_layer(
    features: np.ndarray,
    labels: np.ndarray,
    *,
    c_grid: Sequence[float],
    weight_grid: Sequence[float],
    repeats: int,
    logit_clip: float,
    logit_scale: float,
) -> dict:
    """Pick C and class weight by cross-validated F1, fit on all rows (``choose`` says how a tie is broken)."""
    results = [
        (cross_validated_f1(features, labels, c, weight, repeats), c, weight) for c in c_grid for weight in weight_grid
    ]
    best_f1, c, weight = choose(results)
    model = _model(c, weight).fit(features, labels)
    return {
        "format": 1,
        "inputs": ["claimbuster_logit", *SIGNAL_NAMES],
        "logit_clip": logit_clip,
        "logit_scale": logit_scale,
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "c": c,
        "positive_class_weight": weight,
        "calibration_sentences": int(len(labels)),
        "calibration_cv_f1": best_f1,
        "grid": [{"cv_f1": f1, "c": gc, "positive_class_weight": gw} for f1, gc, gw in results],
    }


def refit(directory: Path) -> dict:
    """Re-fit ``news_layer.json`` in ``directory`` on top of the ClaimBuster weights there, and write it."""
    from .model import NEWS_CALIBRATION_FILE, NEWS_LAYER_FILE, ClaimBusterModel
    from .stacking import TwoStageScorer

    texts, labels, fitted_on = load_sentences(directory / NEWS_CALIBRATION_FILE, directory / NEWS_SENTENCES_FILE)
    # As ``CheckWorthinessModel.claimbuster_logits``, without the old layer (it may name other signals).
    logits = ClaimBusterModel(directory).logits(texts)
    stack = TwoStageScorer.load(directory)
    if stack is not None:
        logits = stack.logits(texts, logits)
    fitted = fit_layer(
        features(logits, texts),
        labels,
        c_grid=C_GRID,
        weight_grid=POSITIVE_WEIGHT_GRID,
        repeats=CV_REPEATS,
        logit_clip=LOGIT_CLIP,
        logit_scale=LOGIT_SCALE,
    )
    layer = {**fitted, "fitted_on": fitted_on}
    (directory / NEWS_LAYER_FILE).write_text(json.dumps(layer, indent=2) + "\n", encoding="utf-8")
    return layer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-fit the news layer on the ClaimBuster weights in a directory.")
    parser.add_argument("--models", type=Path, required=True, help="the model directory (fixtures/models/)")
    layer = refit(parser.parse_args(argv).models)
    print(
        f"News layer: C={layer['c']} positive weight={layer['positive_class_weight']} "
        f"CV F1={layer['calibration_cv_f1']:.4f} on {layer['calibration_sentences']} news sentences"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
