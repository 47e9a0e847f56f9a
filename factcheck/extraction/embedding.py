"""Sentence meaning for matching: the shipped all-MiniLM-L6-v2 encoder and a compact code per stored claim.

Two claims that say the same thing in different words ("the plant will make up to 600 units a year" and
"from 2026 it plans to manufacture 600 products annually") share few rare words but have close
embeddings. The matcher mixes this cosine with its word/character tf-idf (see ``matching``).

A stored claim keeps its vector as a *code*: 384 signed bytes (each component of the unit vector times
127, rounded), 384 bytes instead of 1,536. Decoding divides by 127; the cosine of two decoded codes is
within about 0.005 of the float one, far below what moves a match across the threshold.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from .encoder import Encoder

#: The folder of the shipped encoder inside the model directory (``FACTDESK_MODEL_DIR`` or fixtures/models).
ENCODER_NAME = "all-minilm-l6-v2"
ENCODER_DIR_ENV = "FACTDESK_ENCODER_DIR"
MODEL_DIR_ENV = "FACTDESK_MODEL_DIR"
DIMENSION = 384
CODE_SCALE = 127.0

_lock = threading.Lock()
_default: Encoder | None = None


def encoder_dir() -> Path:
    """Where the shipped encoder is read from: ``FACTDESK_ENCODER_DIR``, else the model directory's copy."""
    if os.environ.get(ENCODER_DIR_ENV):
        return Path(os.environ[ENCODER_DIR_ENV])
    base = os.environ.get(MODEL_DIR_ENV)
    root = Path(base) if base else Path(__file__).resolve().parents[2] / "fixtures" / "models"
    return root / ENCODER_NAME


def default_encoder() -> Encoder:
    """The shipped encoder, loaded once per process (checksums checked) on first use; one thread each."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Encoder(encoder_dir(), threads=1)
    return _default


def to_codes(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors (n, 384) as int8 codes (n, 384)."""
    return np.clip(np.rint(np.asarray(vectors, dtype=np.float32) * CODE_SCALE), -127, 127).astype(np.int8)


def code_bytes(vector: np.ndarray) -> bytes:
    """One unit vector as the 384 bytes stored beside its claim."""
    return to_codes(vector.reshape(1, -1))[0].tobytes()


def from_code(code: bytes | memoryview | None) -> np.ndarray | None:
    """The unit vector a stored code stands for (float32), or None for no code or one of another size."""
    if code is None:
        return None
    array = np.frombuffer(bytes(code), dtype=np.int8)
    if array.size != DIMENSION:
        return None
    vector = array.astype(np.float32) / CODE_SCALE
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None
