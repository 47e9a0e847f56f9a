"""The fine-tuned check-worthiness transformer at run time: onnxruntime + ``tokenizers``, no PyTorch.

``claimbuster-minilm/`` holds all-MiniLM-L6-v2 fine-tuned on ClaimBuster's ``train`` part
(``transformer_training``) as one ONNX graph whose output is a check-worthiness logit per sentence. Every file
is checked against the SHA-256 in its ``manifest.json`` when it is loaded (``encoder.verify_files``), so a
damaged or swapped file is refused rather than scored with.

It is the expensive half of a two-stage scorer (see ``model.ClaimBusterModel``): the cheap n-gram model reads
every sentence, and only the sentences it does not rule out reach this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import kernels
from .encoder import EncoderError, open_worker_session, read_manifest, shared_tokenizer, verify_files

MODEL_NAME = "claimbuster-minilm"


def f1_at(labels: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class (plain NumPy, so training and evaluation agree without scikit-learn)."""
    labels, predicted = np.asarray(labels).astype(bool), np.asarray(predicted).astype(bool)
    true_positive = float(np.sum(labels & predicted))
    if not true_positive:
        return 0.0
    precision, recall = true_positive / float(predicted.sum()), true_positive / float(labels.sum())
    return 2 * precision * recall / (precision + recall)


class TransformerScorer:
    """Logits of the fine-tuned graph in ``directory``; one onnxruntime thread, loaded once per process."""

    def __init__(self, directory: str | Path, *, threads: int = 1) -> None:
        try:
            import onnxruntime  # noqa: F401 - checked here so a missing install is a clear EncoderError
            import tokenizers  # noqa: F401
        except ImportError as exc:  # pragma: no cover - both are install requirements
            raise EncoderError(f"{exc.name} is not installed: run `pip install -e .` in the project.") from exc
        self.directory = Path(directory)
        manifest = read_manifest(self.directory)
        verify_files(self.directory, manifest, ["model.onnx", "tokenizer.json"])
        self.manifest = manifest
        self._tokenizer = shared_tokenizer(self.directory, manifest, int(manifest.get("max_length") or 128))
        self._session = open_worker_session(
            self.directory / "model.onnx", threads, rounds_activations=kernels.rounds_activations(manifest)
        )

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """One logit per text, in the order given; one text per onnxruntime call, always.

        The graph quantizes each matrix's input to int8 with one scale per call (``encoder_export.build_graph``),
        so in a batch a sentence's logit would depend on the sentences beside it; alone, it is a function of the
        sentence. One at a time also cost no more CPU per sentence than batches of 8 did with the weights-only
        graph (4.1 ms against 4.8 on 160 news sentences, one thread) and touches ~0.4 MB of fresh buffers per
        call against ~24 MB, which glibc kept, growing a worker by tens of MB.
        """
        out = np.zeros(len(texts), dtype=np.float64)
        for row, encoding in enumerate(self._tokenizer.encode_batch([text or "" for text in texts])):
            out[row] = self._run(encoding.ids)
        return out

    def _run(self, pieces: list[int]) -> float:
        ids = np.array([pieces], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        return float(self._session.run(None, feeds)[0][0, 0])
