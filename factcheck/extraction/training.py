"""Train the check-worthiness model on ClaimBuster and write portable weights.

    python -m factcheck.extraction.training --data /work/shared/datasets/claimbuster/train.json \
        --out fixtures/models/

Two stages, because the labelled data is debate speech and the target is news copy:

1. ClaimBuster model, learned from the ``train`` part of ``datasplits`` only (``test`` stays unseen, so
   ``make eval``'s figure is held out): hashed word and character n-grams, tf-idf, logistic regression.
   Writes ``claimbuster_lr.npz`` (idf and coefficients of the hashed columns the training data used; no
   pickle) and ``claimbuster_lr.json`` (settings, cross-validated F1, probe sentences with the
   probabilities the run time must reproduce, the data's licence note). If ``--out`` holds the
   fine-tuned transformer (``claimbuster-minilm/``, written before by ``transformer_training``),
   ``stack_training`` fits on the ``dev`` part how the two combine and the gate that spares the
   transformer most sentences, and writes ``claimbuster_stack.json``.
2. News layer: a small logistic regression over the ClaimBuster logit plus the news signals of
   ``signals.py``, fitted on hand-labelled news sentences (``news_calibration.json`` and the ``fit`` part of
   ``news_sentences.json``, see ``news_layer``), its C and class weight chosen by repeated cross-validation
   on those sentences alone. Writes ``news_layer.json``.

Everything is seeded, so the same data (and the same transformer) gives the same weights.
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

from . import news_layer, stack_training
from .datasplits import PROBE_SENTENCES, split_claimbuster
from .model import META_FILE, NEWS_CALIBRATION_FILE, NEWS_LAYER_FILE, WEIGHTS_FILE
from .stacking import STACK_FILE, TwoStageScorer
from .vectorizing import BLOCKS, document_frequency, hashed_counts, smooth_idf, tfidf

DEFAULT_NEWS_DATA = Path(__file__).resolve().parents[2] / "fixtures" / "models" / NEWS_CALIBRATION_FILE
DEFAULT_NEWS_SENTENCES = DEFAULT_NEWS_DATA.parent / news_layer.NEWS_SENTENCES_FILE
#: The news layer's logit scaling and grid (``news_layer``), named here so a test can shrink the grid.
LOGIT_CLIP = news_layer.LOGIT_CLIP
LOGIT_SCALE = news_layer.LOGIT_SCALE
NEWS_C_GRID = news_layer.C_GRID
NEWS_POSITIVE_WEIGHT_GRID = news_layer.POSITIVE_WEIGHT_GRID
NEWS_CV_REPEATS = news_layer.CV_REPEATS
#: Chosen by 5-fold cross-validation over C in {1, 3, 4, 6, 10}; F1 is flat between 3 and 6.
REGULARISATION_C = 4.0
SEED = 0
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
    return news_layer.features(claimbuster_logits, texts, LOGIT_CLIP, LOGIT_SCALE)


def fit_news_layer(features: np.ndarray, labels: np.ndarray) -> dict:
    """Pick C and class weight by repeated 5-fold CV F1 on the news sentences, then fit on all of them."""
    return news_layer.fit_layer(
        features,
        labels,
        c_grid=NEWS_C_GRID,
        weight_grid=NEWS_POSITIVE_WEIGHT_GRID,
        repeats=NEWS_CV_REPEATS,
        logit_clip=LOGIT_CLIP,
        logit_scale=LOGIT_SCALE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="ClaimBuster train.json")
    parser.add_argument("--out", type=Path, required=True, help="directory for the weights")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0 to skip)")
    parser.add_argument("--news-data", type=Path, default=DEFAULT_NEWS_DATA, help="news calibration sentences")
    parser.add_argument(
        "--news-sentences",
        type=Path,
        default=DEFAULT_NEWS_SENTENCES,
        help="labelled news sentences; the layer learns from their 'fit' part",
    )
    args = parser.parse_args(argv)

    all_texts, all_labels = load_claimbuster(args.data)
    # Only the ``train`` part is learned from; ``dev`` fits the two-stage combination; ``test`` stays unseen.
    split = split_claimbuster(all_labels)
    texts, labels = [all_texts[i] for i in split.train], all_labels[split.train]
    dev_texts, dev_labels = [all_texts[i] for i in split.dev], all_labels[split.dev]
    scores = cross_validate(texts, labels, args.folds) if args.folds else None
    if scores:
        print(
            f"{args.folds}-fold CV on the {len(texts)} train sentences: F1(check-worthy)={scores['f1_positive']:.4f} "
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
            "sentences": len(all_texts),
            "positives": int(all_labels.sum()),
            "trained_on": f"datasplits train part ({len(texts)} sentences)",
            "held_out_for_evaluation": int(len(split.test)),
        },
        "cross_validation": scores,
        "probes": [
            {"text": text, "probability": round(float(p), 8)} for text, p in zip(PROBE_SENTENCES, probes, strict=True)
        ],
        "licence": LICENCE_NOTE,
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    news_texts, news_labels, fitted_on = news_layer.load_sentences(args.news_data, args.news_sentences)
    stack = stack_training.build_stack(
        args.out, dev_texts, dev_labels, model.decision_function(features.transform(dev_texts))
    )
    if stack:
        print(
            f"Two-stage on dev: F1 n-grams={stack['dev']['f1_ngram']:.4f} "
            f"transformer={stack['dev']['f1_transformer']:.4f} "
            f"combined={stack['dev']['f1_stack']:.4f} gated={stack['dev']['f1_stack_gated']:.4f}; "
            f"gate at n-gram logit {stack['gate']['ngram_logit_cut']} passes {stack['dev']['passing_gate']:.1%} of dev"
        )
    elif (args.out / STACK_FILE).exists():
        (args.out / STACK_FILE).unlink()  # a stack fitted on other n-gram weights would be wrong
    claimbuster_logits = model.decision_function(features.transform(news_texts))
    if stack:
        claimbuster_logits = TwoStageScorer(args.out, stack).logits(news_texts, claimbuster_logits)
    layer = {**fit_news_layer(news_features(claimbuster_logits, news_texts), news_labels), "fitted_on": fitted_on}
    (args.out / NEWS_LAYER_FILE).write_text(json.dumps(layer, indent=2) + "\n", encoding="utf-8")
    print(
        f"News layer: C={layer['c']} positive weight={layer['positive_class_weight']} "
        f"CV F1={layer['calibration_cv_f1']:.4f} on {layer['calibration_sentences']} news sentences"
    )
    print(f"Wrote {args.out / WEIGHTS_FILE}, {args.out / META_FILE} and {args.out / NEWS_LAYER_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
