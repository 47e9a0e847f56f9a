"""How many sentences per second the whole ``extract`` pipeline handles on one core.

    python -m factcheck.extraction.speed seeds/*.txt --repeat 20
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .pipeline import extract


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure extract() throughput in sentences per second.")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    texts = [path.read_text(encoding="utf-8") for path in args.paths]
    rate = measure_sentences_per_second(texts, args.repeat)
    print(f"{rate:,.0f} sentences/s over {len(texts)} texts x {args.repeat}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
