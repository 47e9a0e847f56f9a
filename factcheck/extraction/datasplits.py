"""The fixed split of ClaimBuster that training and evaluation share.

Stratified by label with NumPy's legacy ``RandomState`` (its stream is frozen across NumPy versions), so the
parts are the same on every machine: ``train`` (70%), ``dev`` (10%, for fitting what combines models on
logits they did not train on) and ``test`` (20%), which ``make eval`` scores. Weights trained on ``train``
(and ``dev``) leave ``test`` unseen; the model's metadata says whether it did (``held_out_for_evaluation``),
and ``make eval`` refuses to call a figure held out when it did not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SPLIT_SEED = 20190
#: Sentences every build scores into its metadata, so a test can check the run time reproduces the training run.
PROBE_SENTENCES = (
    "The technology has already been used to treat 85 patients.",
    "Unemployment fell to 3.5 percent last year, the lowest rate since 1969.",
    "We hope to succeed.",
    "Thank you very much, it is a pleasure to be here tonight.",
    "The president signed the law in 2010 and it cost $1.5 trillion.",
)
TEST_FRACTION = 0.2
DEV_FRACTION = 0.1


@dataclass(frozen=True)
class ClaimBusterSplit:
    train: np.ndarray
    dev: np.ndarray
    test: np.ndarray


def load_claimbuster(path: Path) -> tuple[list[str], np.ndarray]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [row["text"] for row in rows], np.array([int(row["label"]) for row in rows])


def split_claimbuster(labels: np.ndarray, seed: int = SPLIT_SEED) -> ClaimBusterSplit:
    """Indices of each part, sorted; every label is split in the same proportions."""
    rng = np.random.RandomState(seed)
    parts: dict[str, list[np.ndarray]] = {"train": [], "dev": [], "test": []}
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        rng.shuffle(members)
        n_test = int(round(len(members) * TEST_FRACTION))
        n_dev = int(round(len(members) * DEV_FRACTION))
        parts["test"].append(members[:n_test])
        parts["dev"].append(members[n_test : n_test + n_dev])
        parts["train"].append(members[n_test + n_dev :])
    return ClaimBusterSplit(**{name: np.sort(np.concatenate(chunks)) for name, chunks in parts.items()})
