"""Loading the shipped weights once and scoring sentences with them.

The weights live in ``fixtures/models`` at the repository root (or wherever ``FACTDESK_MODEL_DIR``
points): a NumPy archive read with ``allow_pickle=False`` and two JSON files, so loading them cannot
execute code and does not depend on scikit-learn's private object layout.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .signals import SIGNAL_LABELS, SIGNAL_NAMES, signal_matrix
from .stacking import TwoStageScorer
from .types import MAX_SIGNALS, Signal
from .vectorizing import BlockSpec, hashed_counts, smooth_idf, tfidf

MODEL_DIR_ENV = "FACTDESK_MODEL_DIR"
WEIGHTS_FILE = "claimbuster_lr.npz"
META_FILE = "claimbuster_lr.json"
NEWS_LAYER_FILE = "news_layer.json"
NEWS_CALIBRATION_FILE = "news_calibration.json"
#: What the desk reads for each input of the news layer when it asks why a sentence scored as it did.
INPUT_LABELS = {"claimbuster_logit": "model: check-worthy language", **SIGNAL_LABELS}
#: Contributions smaller than this (in log-odds) say nothing an editor can use.
MIN_CONTRIBUTION = 0.05


def model_dir() -> Path:
    override = os.environ.get(MODEL_DIR_ENV)
    return Path(override) if override else Path(__file__).resolve().parents[2] / "fixtures" / "models"


@dataclass(frozen=True)
class _Block:
    spec: BlockSpec
    idf: np.ndarray
    coef: np.ndarray


class ClaimBusterModel:
    """Hashed word and character n-grams, tf-idf, logistic regression: the debate-trained signal."""

    def __init__(self, directory: Path):
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        self.meta = meta
        unseen_idf = float(smooth_idf(np.zeros(1), meta["n_documents"])[0])
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
            self.intercept = float(arrays["intercept"][0])
            self.blocks = []
            for block in meta["blocks"]:
                spec = BlockSpec(**block)
                idf = np.full(spec.n_features, unseen_idf)
                coef = np.zeros(spec.n_features)
                index = arrays[f"{spec.name}_index"]
                idf[index] = arrays[f"{spec.name}_idf"]
                coef[index] = arrays[f"{spec.name}_coef"]
                self.blocks.append(_Block(spec, idf, coef))

    def logits(self, texts: list[str]) -> np.ndarray:
        total = np.full(len(texts), self.intercept)
        for block in self.blocks:
            total += tfidf(hashed_counts(block.spec, texts), block.idf) @ block.coef
        return total

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(texts)))


class NewsLayer:
    """Re-weighs the ClaimBuster logit together with the news signals (see ``signals``)."""

    def __init__(self, directory: Path):
        layer = json.loads((directory / NEWS_LAYER_FILE).read_text(encoding="utf-8"))
        if layer["inputs"][1:] != list(SIGNAL_NAMES):
            raise ValueError(f"{directory / NEWS_LAYER_FILE} was trained on other signals; retrain it.")
        self.layer = layer
        self.weights = np.array(layer["weights"])
        self.intercept = float(layer["intercept"])
        self.clip = float(layer["logit_clip"])
        self.scale = float(layer["logit_scale"])

    def features(self, claimbuster_logits: np.ndarray, texts: list[str]) -> np.ndarray:
        scaled = np.clip(claimbuster_logits, -self.clip, self.clip) / self.scale
        return np.hstack([scaled[:, None], signal_matrix(texts)])

    def probabilities(self, claimbuster_logits: np.ndarray, texts: list[str]) -> np.ndarray:
        features = self.features(claimbuster_logits, texts)
        return 1.0 / (1.0 + np.exp(-(features @ self.weights + self.intercept)))

    def reasons(self, features: np.ndarray) -> list[tuple[Signal, ...]]:
        """Per sentence, the inputs that moved its log-odds (weight x value), strongest first.

        The layer is a logistic regression, so these shares add up (with the intercept) to the score's logit:
        the reasons are the model's own arithmetic, not a separate guess at what mattered.
        """
        names = [INPUT_LABELS[name] for name in self.layer["inputs"]]
        out = []
        for row in features * self.weights:
            fired = [i for i, value in enumerate(row) if abs(value) >= MIN_CONTRIBUTION]
            ranked = [i for _, i in sorted((-abs(row[i]), i) for i in fired)]
            out.append(tuple(Signal(names[i], round(float(row[i]), 3)) for i in ranked[:MAX_SIGNALS]))
        return out


@dataclass(frozen=True)
class Scored:
    """A sentence's probability of being a claim the desk would check, and why (``types.Signal``)."""

    probability: float
    signals: tuple[Signal, ...]


class CheckWorthinessModel:
    """ClaimBuster log-odds (n-grams, and the fine-tuned transformer past the gate when the directory ships
    ``stacking.STACK_FILE``) re-weighed by the news layer."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.claimbuster = ClaimBusterModel(directory)
        self.stack = TwoStageScorer.load(directory)
        self.news = NewsLayer(directory)

    def claimbuster_logits(self, texts: list[str], *, gate: bool = True) -> np.ndarray:
        """The news layer's first input: the two-stage log-odds, or the n-gram model's alone without a stack."""
        ngram = self.claimbuster.logits(texts)
        return self.stack.logits(texts, ngram, gate=gate) if self.stack is not None else ngram

    def score(self, texts: list[str]) -> list[Scored]:
        if not texts:
            return []
        features = self.news.features(self.claimbuster_logits(texts), texts)
        probabilities = 1.0 / (1.0 + np.exp(-(features @ self.news.weights + self.news.intercept)))
        reasons = self.news.reasons(features)
        return [Scored(float(p), why) for p, why in zip(probabilities, reasons, strict=True)]

    def scores(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        return self.news.probabilities(self.claimbuster_logits(texts), texts)


_cache: dict[Path, CheckWorthinessModel] = {}
_lock = threading.Lock()


def load_model(directory: Path | None = None) -> CheckWorthinessModel:
    """The model in ``directory`` (default: ``model_dir()``), read from disk only the first time."""
    directory = (directory or model_dir()).resolve()
    with _lock:
        if directory not in _cache:
            _cache[directory] = CheckWorthinessModel(directory)
        return _cache[directory]
