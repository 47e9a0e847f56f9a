"""Embedding codes for the bench's loaded claims: each distinct text encoded once, on every core."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

CHUNK = 500


def encode_chunk(texts: list[str]) -> list[bytes]:
    """The stored code (``embedding.code_bytes``) of each text, by the shipped encoder."""
    from factcheck.extraction.embedding import code_bytes, default_encoder

    return [code_bytes(vector) for vector in default_encoder().encode(texts)]


def embedding_codes(texts: list[str], threads: int | None = None) -> dict[str, bytes]:
    """The code of each of ``texts`` (distinct). One thread per core: onnxruntime lets go of the interpreter
    while it runs, so the threads' runs of the one session go side by side."""
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    with ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 1) as pool:
        codes = [code for chunk in pool.map(encode_chunk, chunks) for code in chunk]
    return dict(zip(texts, codes, strict=True))
