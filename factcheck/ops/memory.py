"""How a long-lived worker process asks the C heap to hand memory back (glibc only; a no-op elsewhere).

A worker's matching and scoring make short-lived NumPy tables of a few MB (idf tables over 2**20 hashed
columns, a page of claims read into the match index, onnxruntime's run buffers). glibc serves a block that
large with ``mmap`` and returns it on ``free``, but only until the first such block is freed: from then on it
raises its mmap threshold to that block's size (up to 32 MB) and serves the next ones from the heap, whose
freed pages it keeps. A worker's resident memory then grows by the largest temporaries it ever made. Fixing
the threshold (``M_MMAP_THRESHOLD``) keeps every large block on ``mmap``, so its pages go back the moment it
is freed, and one heap arena per process (``M_ARENA_MAX``: the encoder's helper thread would otherwise get
its own, with its own retained pages) keeps the freed small blocks in one place to be reused.
"""

from __future__ import annotations

import ctypes
import logging

logger = logging.getLogger(__name__)

#: glibc's ``mallopt`` parameters (malloc.h).
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
#: Blocks from this size up are mapped and unmapped on their own (glibc's initial default, made fixed).
MMAP_THRESHOLD = 128 * 1024
#: Heap arenas per process.
ARENA_MAX = 1


def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") else None
    except OSError:  # not glibc (musl, macOS): its allocator has its own policy
        return None


def hand_back_large_blocks() -> bool:
    """Fix glibc's mmap threshold and arena count for this process; True when glibc took both settings.

    Call it before the process allocates much (a Celery pool process calls it when it starts, see
    ``factcheck.celery``): the arena count only governs arenas made afterwards.
    """
    libc = _glibc()
    if libc is None:
        return False
    done = bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(_M_ARENA_MAX, ARENA_MAX))
    if not done:
        logger.warning("glibc refused the worker's heap settings; memory freed by large temporaries may be kept")
    return done
