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
import scipy.sparse as sp

from .signals import SIGNAL_LABELS, SIGNAL_NAMES, signal_matrix
from .stacking import TwoStageScorer
from .types import MAX_SIGNALS, Signal
from .vectorizing import BlockSpec, hashed_counts, smooth_idf, tfidf_of_entries

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
    """One n-gram block's weights for the features the model knows (``index``, sorted), as shipped, plus one
    last place for every feature it does not know: the unseen idf and a weight of 0.

    Not dense tables of every hashed column (2 x 2**20 float64 per block, 32 MB per process, and as much again
    for each process that forks after loading): the unknown features were all those tables held apart from
    the ~90,000 known ones (1.8 MB).
    """

    spec: BlockSpec
    index: np.ndarray
    idf: np.ndarray
    coef: np.ndarray

    @classmethod
    def from_arrays(cls, spec: BlockSpec, index: np.ndarray, idf: np.ndarray, coef: np.ndarray, unseen_idf: float):
        index = np.asarray(index, dtype=np.int64)
        order = np.argsort(index, kind="stable")
        return cls(
            spec,
            index[order],
            np.append(np.asarray(idf, dtype=np.float64)[order], unseen_idf),
            np.append(np.asarray(coef, dtype=np.float64)[order], 0.0),
        )

    def places(self, columns: np.ndarray) -> np.ndarray:
        """Where each hashed column's idf and weight are in ``idf``/``coef`` (the last place if unknown)."""
        place = np.searchsorted(self.index, columns)
        known = place < len(self.index)
        known[known] = self.index[place[known]] == columns[known]
        place[~known] = len(self.index)
        return place


class ClaimBusterModel:
    """Hashed word and character n-grams, tf-idf, logistic regression: the debate-trained signal."""

    def __init__(self, directory: Path):
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        self.meta = meta
        unseen_idf = float(smooth_idf(np.zeros(1), meta["n_documents"])[0])
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
            self.intercept = float(arrays["intercept"][0])
            self.blocks = [
                _Block.from_arrays(
                    spec,
                    arrays[f"{spec.name}_index"],
                    arrays[f"{spec.name}_idf"],
                    arrays[f"{spec.name}_coef"],
                    unseen_idf,
                )
                for spec in (BlockSpec(**block) for block in meta["blocks"])
            ]

    def logits(self, texts: list[str]) -> np.ndarray:
        total = np.full(len(texts), self.intercept)
        for block in self.blocks:
            counts = hashed_counts(block.spec, texts)
            weighted = tfidf_of_entries(counts, block.idf[block.places(counts.indices)])
            # The product with the weights as it was with dense tables of every column: the same entries, in the
            # same stored order, times the same weights (an unknown feature's is 0), so the very same sums.
            compact = sp.csr_matrix(
                (weighted.data, block.places(weighted.indices), weighted.indptr),
                shape=(weighted.shape[0], len(block.coef)),
            )
            total += compact @ block.coef
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
