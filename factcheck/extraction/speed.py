"""How many sentences per second ``extract`` (or ``score_sentences`` alone) handles on one core.

    python -m factcheck.extraction.speed seeds/*.txt --repeat 20             # the whole pipeline
    taskset -c 0 env OMP_NUM_THREADS=1 python -m factcheck.extraction.speed --scoring seeds/*.txt

``--scoring`` times only the check-worthiness scorer on the sentences of the given articles; pin the
process to one core (``taskset``) and one thread to read the figure as "per core". Both wall time and
the process's CPU time are reported: on a shared machine the wall figure drops with the load while the
CPU figure says what one free core would do.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .model import load_model
from .pipeline import extract
from .scoring import score_sentences


def measure_sentences_per_second(texts: list[str], repeat: int = 10) -> float:
    """Sentences extracted per second of wall time over ``repeat`` passes of ``texts`` (after a warm-up).

    The warm-up pass loads the model, so the figure is the steady-state rate a worker sees.
    """
    for text in texts:
        extract(text)
    sentences = 0
    started = time.perf_counter()
    for _ in range(max(1, repeat)):
        for text in texts:
            sentences += len(extract(text).sentences)
    elapsed = time.perf_counter() - started
    return sentences / elapsed if elapsed > 0 else float("inf")


@dataclass(frozen=True)
class ScoringSpeed:
    sentences: int
    repeat: int
    sentences_per_second: float
    sentences_per_cpu_second: float
    #: Share of the sentences the n-gram model lets through to the transformer (1.0 without a two-stage model).
    passing_gate: float


def gate_share(sentences: list[str]) -> float:
    """Share of ``sentences`` that reach the fine-tuned transformer (the rest are scored by n-grams alone)."""
    model = load_model()
    if model.stack is None or not sentences:
        return 1.0
    return float(np.mean(model.stack.passes(model.claimbuster.logits(sentences))))


def measure_scoring(sentences: list[str], repeat: int = 10) -> ScoringSpeed:
    """``score_sentences`` over ``sentences``, ``repeat`` times, after a warm-up call that loads the model.

    Each pass scores the whole list in one call, as ``extract`` does for an article.
    """
    score_sentences(sentences)
    repeat = max(1, repeat)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        score_sentences(sentences)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    total = len(sentences) * repeat
    return ScoringSpeed(
        len(sentences),
        repeat,
        total / wall if wall > 0 else float("inf"),
        total / cpu if cpu > 0 else float("inf"),
        gate_share(sentences),
    )


def measure_throughput(sentences: list[str], repeat: int = 10) -> float:
    """Sentences per second (wall time) of ``score_sentences``: the figure ``make bench`` reports."""
    return measure_scoring(sentences, repeat).sentences_per_second


def article_sentences(texts: list[str]) -> list[str]:
    """The sentences ``extract`` finds in each text, in order: what the scorer sees at ingest."""
    return [sentence.text for text in texts for sentence in extract(text).sentences]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure extract() or score_sentences() throughput.")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--scoring", action="store_true", help="time score_sentences alone")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    texts = [path.read_text(encoding="utf-8") for path in args.paths]
    if args.scoring:
        speed = measure_scoring(article_sentences(texts), args.repeat)
        if args.json:
            print(json.dumps(speed.__dict__))
        else:
            print(
                f"{speed.sentences_per_second:,.0f} sentences/s ({speed.sentences_per_cpu_second:,.0f} per "
                f"CPU-second) scoring {speed.sentences} sentences x {speed.repeat}; "
                f"{speed.passing_gate:.1%} reached the transformer"
            )
        return 0
    rate = measure_sentences_per_second(texts, args.repeat)
    print(
        json.dumps({"sentences_per_second": rate})
        if args.json
        else f"{rate:,.0f} sentences/s over {len(texts)} texts x {args.repeat}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
