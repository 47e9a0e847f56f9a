"""Train the check-worthiness model on ClaimBuster and write portable weights.

    python -m factcheck.extraction.training --data /work/shared/datasets/claimbuster/train.json \
        --out fixtures/models/

Two stages, because the labelled data is debate speech and the target is news copy:

1. ClaimBuster model: hashed word and character n-grams, tf-idf, logistic regression. Writes
   ``claimbuster_lr.npz`` (idf and coefficients of the hashed columns the training data used; no
   pickle) and ``claimbuster_lr.json`` (settings, cross-validated F1, probe sentences with the
   probabilities the run time must reproduce, the data's licence note).
2. News layer: a small logistic regression over the ClaimBuster logit plus the news signals of
   ``signals.py``, fitted on ``news_calibration.json`` (hand-labelled news sentences), its C and class
   weight chosen by repeated cross-validation on that set alone. Writes ``news_layer.json``.

Everything is seeded, so the same data gives the same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

from .model import META_FILE, NEWS_CALIBRATION_FILE, NEWS_LAYER_FILE, WEIGHTS_FILE
from .signals import SIGNAL_NAMES, signal_matrix
from .vectorizing import BLOCKS, document_frequency, hashed_counts, smooth_idf, tfidf

DEFAULT_NEWS_DATA = Path(__file__).resolve().parents[2] / "fixtures" / "models" / NEWS_CALIBRATION_FILE
#: The news layer sees the ClaimBuster logit clipped and scaled to the range of its 0/1 signals.
LOGIT_CLIP = 6.0
LOGIT_SCALE = 3.0
#: Grid for the news layer; a positive class weight above 1 encodes that a missed claim costs the desk
#: more than one extra sentence to dismiss.
NEWS_C_GRID = (1.0, 2.0, 4.0)
NEWS_POSITIVE_WEIGHT_GRID = (1.0, 1.5, 2.0)
NEWS_CV_REPEATS = 5
#: Chosen by 5-fold cross-validation over C in {1, 3, 4, 6, 10}; F1 is flat between 3 and 6.
REGULARISATION_C = 4.0
SEED = 0
PROBE_SENTENCES = (
    "The technology has already been used to treat 85 patients.",
    "Unemployment fell to 3.5 percent last year, the lowest rate since 1969.",
    "We hope to succeed.",
    "Thank you very much, it is a pleasure to be here tonight.",
    "The president signed the law in 2010 and it cost $1.5 trillion.",
)
LICENCE_NOTE = (
    "Trained on the ClaimBuster dataset (utaresearch, GPL-3.0): Arslan, Hassan, Li, Tremayne, "
    "'A Benchmark Dataset of Check-worthy Factual Claims', ICWSM 2020, doi:10.5281/zenodo.3609356."
)


def load_claimbuster(path: Path) -> tuple[list[str], np.ndarray]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [row["text"] for row in rows], np.array([int(row["label"]) for row in rows])


class FittedFeatures:
    """The idf of each n-gram family as learned from one training set."""

    def __init__(self, texts: list[str]):
        self.n_documents = len(texts)
        self.idf = []
        for spec in BLOCKS:
            df = document_frequency(hashed_counts(spec, texts))
            self.idf.append((df, smooth_idf(df, self.n_documents)))

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        blocks = [tfidf(hashed_counts(spec, texts), idf) for spec, (_, idf) in zip(BLOCKS, self.idf, strict=True)]
        return sp.hstack(blocks).tocsr()


def fit(texts: list[str], labels: np.ndarray) -> tuple[FittedFeatures, LogisticRegression]:
    features = FittedFeatures(texts)
    model = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=5000, random_state=SEED)
    model.fit(features.transform(texts), labels)
    return features, model


def cross_validate(texts: list[str], labels: np.ndarray, folds: int = 5) -> dict:
    """Out-of-fold probabilities, scored at the 0.5 threshold the run time uses."""
    probabilities = np.zeros(len(labels))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train_index, test_index in splitter.split(texts, labels):
        features, model = fit([texts[i] for i in train_index], labels[train_index])
        held_out = features.transform([texts[i] for i in test_index])
        probabilities[test_index] = model.predict_proba(held_out)[:, 1]
    predicted = probabilities >= 0.5
    return {
        "folds": folds,
        "f1_positive": round(float(f1_score(labels, predicted)), 4),
        "precision_positive": round(float(precision_score(labels, predicted)), 4),
        "recall_positive": round(float(recall_score(labels, predicted)), 4),
        # Reported because some published ClaimBuster baselines quote macro-averaged F1.
        "f1_macro": round(float(f1_score(labels, predicted, average="macro")), 4),
    }


def export(features: FittedFeatures, model: LogisticRegression, out_dir: Path) -> dict[str, np.ndarray]:
    """Keep only the columns the training data used: unseen columns have no weight, only an idf."""
    arrays: dict[str, np.ndarray] = {"intercept": np.array([model.intercept_[0]])}
    coefficients = model.coef_[0]
    offset = 0
    for spec, (df, idf) in zip(BLOCKS, features.idf, strict=True):
        used = np.flatnonzero(df).astype(np.int32)
        arrays[f"{spec.name}_index"] = used
        arrays[f"{spec.name}_idf"] = idf[used].astype(np.float64)
        arrays[f"{spec.name}_coef"] = coefficients[offset + used].astype(np.float64)
        offset += spec.n_features
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_dir / WEIGHTS_FILE, **arrays)
    return arrays


def news_features(claimbuster_logits: np.ndarray, texts: list[str]) -> np.ndarray:
    """The news layer's inputs: scaled ClaimBuster logit first, then the signals in ``SIGNAL_NAMES`` order."""
    scaled = np.clip(claimbuster_logits, -LOGIT_CLIP, LOGIT_CLIP) / LOGIT_SCALE
    return np.hstack([scaled[:, None], signal_matrix(texts)])


def load_news_calibration(path: Path) -> tuple[list[str], np.ndarray]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["sentences"]
    return [row["text"] for row in rows], np.array([row["label"] == "check" for row in rows], dtype=int)


def _news_model(c: float, positive_weight: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight={0: 1.0, 1: positive_weight}, max_iter=2000, random_state=SEED)


def fit_news_layer(features: np.ndarray, labels: np.ndarray) -> dict:
    """Pick C and class weight by repeated 5-fold CV F1 on the calibration set, then fit on all of it."""
    results = []
    for c in NEWS_C_GRID:
        for weight in NEWS_POSITIVE_WEIGHT_GRID:
            f1s = []
            for repeat in range(NEWS_CV_REPEATS):
                splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED + repeat)
                predicted = np.zeros(len(labels))
                for train_index, test_index in splitter.split(features, labels):
                    model = _news_model(c, weight).fit(features[train_index], labels[train_index])
                    predicted[test_index] = model.predict_proba(features[test_index])[:, 1]
                f1s.append(f1_score(labels, predicted >= 0.5))
            results.append((round(float(np.mean(f1s)), 4), c, weight))
    best_f1, c, weight = max(results, key=lambda item: item[0])
    model = _news_model(c, weight).fit(features, labels)
    return {
        "format": 1,
        "inputs": ["claimbuster_logit", *SIGNAL_NAMES],
        "logit_clip": LOGIT_CLIP,
        "logit_scale": LOGIT_SCALE,
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "c": c,
        "positive_class_weight": weight,
        "calibration_sentences": int(len(labels)),
        "calibration_cv_f1": best_f1,
        "grid": [{"cv_f1": f1, "c": gc, "positive_class_weight": gw} for f1, gc, gw in results],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="ClaimBuster train.json")
    parser.add_argument("--out", type=Path, required=True, help="directory for the weights")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0 to skip)")
    parser.add_argument("--news-data", type=Path, default=DEFAULT_NEWS_DATA, help="news calibration sentences")
    args = parser.parse_args(argv)

    texts, labels = load_claimbuster(args.data)
    scores = cross_validate(texts, labels, args.folds) if args.folds else None
    if scores:
        print(
            f"{args.folds}-fold CV on {len(texts)} sentences: F1(check-worthy)={scores['f1_positive']:.4f} "
            f"P={scores['precision_positive']:.4f} R={scores['recall_positive']:.4f} "
            f"macro-F1={scores['f1_macro']:.4f}"
        )
    features, model = fit(texts, labels)
    export(features, model, args.out)
    probes = model.predict_proba(features.transform(list(PROBE_SENTENCES)))[:, 1]
    meta = {
        "format": 1,
        "blocks": [spec.as_dict() for spec in BLOCKS],
        "n_documents": features.n_documents,
        "regularisation_c": REGULARISATION_C,
        "class_weight": "balanced",
        "training_data": {
            "path_name": args.data.name,
            "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
            "sentences": len(texts),
            "positives": int(labels.sum()),
        },
        "cross_validation": scores,
        "probes": [
            {"text": text, "probability": round(float(p), 8)} for text, p in zip(PROBE_SENTENCES, probes, strict=True)
        ],
        "licence": LICENCE_NOTE,
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    news_texts, news_labels = load_news_calibration(args.news_data)
    claimbuster_logits = model.decision_function(features.transform(news_texts))
    layer = fit_news_layer(news_features(claimbuster_logits, news_texts), news_labels)
    (args.out / NEWS_LAYER_FILE).write_text(json.dumps(layer, indent=2) + "\n", encoding="utf-8")
    print(
        f"News layer: C={layer['c']} positive weight={layer['positive_class_weight']} "
        f"calibration CV F1={layer['calibration_cv_f1']:.4f} on {layer['calibration_sentences']} sentences"
    )
    print(f"Wrote {args.out / WEIGHTS_FILE}, {args.out / META_FILE} and {args.out / NEWS_LAYER_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
