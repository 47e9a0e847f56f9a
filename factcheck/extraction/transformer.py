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

from .encoder import EncoderError, open_worker_session, read_manifest, shared_tokenizer, verify_files

MODEL_NAME = "claimbuster-minilm"
#: Sentences per onnxruntime call. One at a time: with the graph's int8 weights (onnxruntime runs them as
#: ``MatMulNBits``) a batch of 8 sentences touched ~24 MB of fresh buffers per call against ~0.4 MB for one,
#: and glibc keeps such freed buffers, so a worker grew by tens of MB after its first batches; one at a time
#: costs no more CPU per sentence (4.1 ms against 4.8 on 160 news sentences, one thread) and gives the same
#: logits to 1e-6 (padding is masked out).
BATCH_SIZE = 1


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

    def __init__(self, directory: str | Path, *, threads: int = 1, batch_size: int = BATCH_SIZE) -> None:
        try:
            import onnxruntime  # noqa: F401 - checked here so a missing install is a clear EncoderError
            import tokenizers  # noqa: F401
        except ImportError as exc:  # pragma: no cover - both are install requirements
            raise EncoderError(f"{exc.name} is not installed: run `pip install -e .` in the project.") from exc
        self.directory = Path(directory)
        manifest = read_manifest(self.directory)
        verify_files(self.directory, manifest, ["model.onnx", "tokenizer.json"])
        self.manifest = manifest
        self.batch_size = max(1, int(batch_size))
        self._tokenizer = shared_tokenizer(self.directory, manifest, int(manifest.get("max_length") or 128))
        self._session = open_worker_session(self.directory / "model.onnx", threads)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """One logit per text, in the order given; batches are formed by length so little is padded."""
        out = np.zeros(len(texts), dtype=np.float64)
        if not len(texts):
            return out
        encodings = self._tokenizer.encode_batch([text or "" for text in texts])
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run([encodings[i] for i in rows])
        return out

    def _run(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self._session.run(None, feeds)[0][:, 0].astype(np.float64)
