"""The two-stage ClaimBuster scorer: n-grams on every sentence, the fine-tuned transformer past a gate.

The n-gram model (``model.ClaimBusterModel``) scores thousands of sentences a second; the fine-tuned MiniLM
(``transformer.TransformerScorer``) reads ClaimBuster better but costs a few milliseconds a sentence. So every
sentence gets its n-gram logit, and only those whose n-gram logit reaches ``gate_logit`` go through the
transformer. The two logits are combined by a logistic regression fitted on the ``dev`` part of ClaimBuster
(which neither model trained on), so the result is a calibrated log-odds; a sentence stopped at the gate gets the
``floor`` in place of the transformer's logit (the median transformer logit of the ``dev`` sentences the gate
stops), so its score still moves with its n-gram logit and ranks without ties.

``gate_logit`` is chosen on ``dev`` (``stack_training``): the highest cut at which no ``dev`` sentence that the
ungated combination calls check-worthy is stopped, less a safety margin; ``stack_training`` also reports how
many sentences pass it.

The file ``claimbuster_stack.json`` holds the weights, the gate, the transformer's folder and the figures.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from .transformer import TransformerScorer

STACK_FILE = "claimbuster_stack.json"


class TwoStageScorer:
    """ClaimBuster log-odds from the n-gram logit and, past the gate, the transformer's logit."""

    def __init__(self, directory: Path, stack: dict) -> None:
        self.directory = Path(directory)
        self.stack = stack
        self.weights = np.array(stack["weights"], dtype=np.float64)  # (n-gram, transformer)
        self.intercept = float(stack["intercept"])
        self.gate_logit = float(stack["gate"]["ngram_logit_cut"])
        self.floor = float(stack["gate"]["transformer_floor"])
        self._transformer: TransformerScorer | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path) -> TwoStageScorer | None:
        """The stack in ``directory``, or None when there is none (the n-gram model then scores alone)."""
        path = Path(directory) / STACK_FILE
        if not path.exists():
            return None
        return cls(directory, json.loads(path.read_text(encoding="utf-8")))

    @property
    def transformer(self) -> TransformerScorer:
        """Loaded on first use: a process that never scores a sentence past the gate never pays its memory."""
        if self._transformer is None:
            with self._lock:
                if self._transformer is None:
                    self._transformer = TransformerScorer(self.directory / self.stack["transformer"])
        return self._transformer

    def passes(self, ngram_logits: np.ndarray) -> np.ndarray:
        return np.asarray(ngram_logits) >= self.gate_logit

    def transformer_logits(self, texts: list[str], ngram_logits: np.ndarray, *, gate: bool = True) -> np.ndarray:
        """The transformer's logit for the texts past the gate (all of them with ``gate=False``), else the floor."""
        passed = self.passes(ngram_logits) if gate else np.ones(len(texts), dtype=bool)
        out = np.full(len(texts), self.floor)
        if passed.any():
            # A text repeated (a boilerplate line, a refrain) is run once: the logit depends on the text alone.
            unique = sorted({texts[i] for i in np.flatnonzero(passed)})
            by_text = dict(zip(unique, self.transformer.logits(unique), strict=True))
            out[passed] = [by_text[texts[i]] for i in np.flatnonzero(passed)]
        return out

    def combine(self, ngram_logits: np.ndarray, transformer_logits: np.ndarray) -> np.ndarray:
        return self.weights[0] * np.asarray(ngram_logits) + self.weights[1] * transformer_logits + self.intercept

    def logits(self, texts: list[str], ngram_logits: np.ndarray, *, gate: bool = True) -> np.ndarray:
        return self.combine(ngram_logits, self.transformer_logits(texts, ngram_logits, gate=gate))
