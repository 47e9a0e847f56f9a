"""Sentence embeddings from a transformer exported to ONNX: onnxruntime + ``tokenizers``, no PyTorch.

A model directory holds ``model.onnx``, ``tokenizer.json`` and ``manifest.json``; the manifest lists the
SHA-256 of every file the encoder reads, and loading refuses a file that does not match it (a truncated
copy or a swapped model would otherwise embed silently wrong). ``manifest.json`` may also say
``max_length`` (tokens kept per text) and ``pooling``.

The model's first output is either token states (batch, tokens, dim), mean-pooled over the attention
mask here, or sentence vectors (batch, dim) pooled inside the graph. Vectors come out L2-normalised, so
the dot product of two is their cosine. Where a graph may run batches (float32 arithmetic), texts are encoded
in batches sorted by length, so a batch pads to a similar length and a long text does not slow down the short
ones.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import kernels

MANIFEST = "manifest.json"
_CHUNK = 1 << 20
_tokenizers: dict[tuple[str, int], object] = {}
_tokenizers_lock = threading.Lock()


class EncoderError(RuntimeError):
    """The model directory cannot be used; the message says what to do."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(model_dir: Path) -> dict:
    path = model_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EncoderError(
            f"No {MANIFEST} in {model_dir}: rebuild the model directory with its build command "
            "(see fixtures/models/README.md)."
        ) from exc
    except json.JSONDecodeError as exc:
        raise EncoderError(f"{path} is not valid JSON ({exc}); rebuild the model directory.") from exc
    if not isinstance(manifest.get("files"), dict) or not manifest["files"]:
        raise EncoderError(f"{path} lists no files with their SHA-256; rebuild the model directory.")
    return manifest


def verify_files(model_dir: Path, manifest: dict, needed: Sequence[str]) -> None:
    """Check every file the manifest lists (and that ``needed`` ones are listed) against its SHA-256."""
    files: dict[str, str] = manifest["files"]
    for name in needed:
        if name not in files:
            raise EncoderError(f"{model_dir / MANIFEST} does not list {name}; rebuild the model directory.")
    for name, expected in files.items():
        path = model_dir / name
        if not path.is_file():
            raise EncoderError(f"{path} is missing; rebuild the model directory (see fixtures/models/README.md).")
        actual = file_sha256(path)
        if actual != expected:
            raise EncoderError(
                f"{path} has SHA-256 {actual}, but {MANIFEST} expects {expected}: the file is damaged or was "
                "replaced. Restore it from the repository or rebuild the model directory."
            )


def open_worker_session(model_path: Path, threads: int, *, rounds_activations: bool = False):
    """An onnxruntime session for a long-lived worker (this encoder and ``transformer``'s classifier).

    onnxruntime's own arena, without a memory pattern: each run's buffers are reused from the arena instead
    of coming from malloc. With the arena off, glibc kept the freed run buffers of both sessions: a process
    holding the two MiniLM sessions and running each 150 times, one sentence a call, stood 98 MB above
    Python; with the arena and no pattern 89 MB, at the same CPU and with identical outputs. The memory
    pattern would pre-allocate the largest run's whole plan and keep it. The load's freed pages go back at once.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, int(threads))
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.enable_cpu_mem_arena = True
    options.enable_mem_pattern = False
    # int8 activations only where the CPU multiplies int8 fast, or where the graph rounds them itself
    kernels.configure(options, rounds_activations=rounds_activations)
    session = onnxruntime.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
    release_freed_memory()
    return session


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``; nothing elsewhere).

    Building a session parses the whole model and copies its weights; the parse is freed, but glibc keeps
    the pages: 15 MB per MiniLM session. Called once after each load, so it costs nothing per run.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


def shared_tokenizer(model_dir: Path, manifest: dict, max_length: int, tokenizer_file: str = "tokenizer.json"):
    """The model directory's tokenizer, truncating at ``max_length`` tokens and padding nothing; one object per
    process for each file content (its manifest SHA-256) and length.

    The sentence encoder and the check-worthiness classifier are both MiniLM and ship the same vocabulary file:
    parsed once instead of twice, 8 MB less in every worker. A ``tokenizers.Tokenizer`` encodes from several
    threads at once, and neither model changes its settings after this.
    """
    from tokenizers import Tokenizer

    key = (manifest["files"][tokenizer_file], int(max_length))
    with _tokenizers_lock:
        tokenizer = _tokenizers.get(key)
        if tokenizer is None:
            tokenizer = Tokenizer.from_file(str(Path(model_dir) / tokenizer_file))
            tokenizer.enable_truncation(max_length=int(max_length))
            tokenizer.no_padding()  # padded per batch by the caller, to that batch's longest text
            _tokenizers[key] = tokenizer
        return tokenizer


class Encoder:
    """Embed texts with the ONNX model in ``model_dir``; thread-safe (onnxruntime sessions run concurrently).

    ``max_length`` caps the tokens read per text (default: the manifest's, else 128); ``threads`` is
    onnxruntime's intra-op thread count (1 suits a worker process that runs beside others);
    ``batch_size`` is how many texts run through the model at once, for a graph that computes in float32
    (padding is masked out of attention and pooling, so batching does not change a text's vector). It bought
    little on one thread and cost memory: on 300 archive texts batches of 8 took 1.36 s against 1.53 s one at a
    time (32: 1.46 s), while encoding 2,300 texts raised peak RSS by 28 MB one at a time, 40 MB in fours, 68 MB
    in eights and 170 MB in 32s. A worker's memory is the scarcer resource, so the default is 1.

    The shipped graph rounds each matrix's input to int8 with one scale per call (its manifest says "int8
    activations": ``kernels.rounds_activations``), twice as fast as float32 arithmetic on a CPU with int8 dot
    products. In a batch a text's vector would then depend on the texts beside it, so such a graph is always
    run one text a call, whatever ``batch_size`` asks.
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        max_length: int | None = None,
        threads: int = 1,
        batch_size: int = 1,
        model_file: str = "model.onnx",
        tokenizer_file: str = "tokenizer.json",
    ) -> None:
        try:
            import onnxruntime  # noqa: F401 - checked here so a missing install is a clear EncoderError
            import tokenizers  # noqa: F401
        except ImportError as exc:  # pragma: no cover - both are install requirements
            raise EncoderError(f"{exc.name} is not installed: run `pip install -e .` in the project.") from exc
        self.model_dir = Path(model_dir)
        manifest = read_manifest(self.model_dir)
        verify_files(self.model_dir, manifest, [model_file, tokenizer_file])
        self.manifest = manifest
        self.max_length = int(max_length or manifest.get("max_length") or 128)
        rounds = kernels.rounds_activations(manifest)
        self.batch_size = 1 if rounds else max(1, int(batch_size))
        self._tokenizer = shared_tokenizer(self.model_dir, manifest, self.max_length, tokenizer_file)
        self._session = open_worker_session(self.model_dir / model_file, threads, rounds_activations=rounds)
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(manifest.get("dimension") or self._session.get_outputs()[0].shape[-1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in the order given); an empty text gets a zero row."""
        texts = [t or "" for t in texts]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run([encodings[i] for i in rows])
        out[[i for i, t in enumerate(texts) if not t.strip()]] = 0.0
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def _run(self, encodings: list) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = encoding.attention_mask
            types[row, :n] = encoding.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        feeds = {name: value for name, value in feeds.items() if name in self._inputs}
        output = self._session.run(None, feeds)[0]
        if output.ndim == 3:  # token states: mean over the real tokens
            weights = mask[:, :, None].astype(np.float32)
            output = (output * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(output, axis=1, keepdims=True)
        return (output / np.maximum(norms, 1e-12)).astype(np.float32)
