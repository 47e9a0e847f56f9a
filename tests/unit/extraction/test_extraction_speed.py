"""The speed helper measures something sensible (the figure itself is reported, not asserted)."""

import time
from pathlib import Path

from factcheck.extraction import extract
from factcheck.extraction.speed import measure_sentences_per_second

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


def test_measure_sentences_per_second_is_positive():
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    assert measure_sentences_per_second(texts, repeat=1) > 0


def test_long_paragraphs_stay_linear():
    """One 2,000-sentence paragraph: quadratic scans in the splitter or the speaker memory would show here."""
    started = time.perf_counter()
    result = extract("The hospital treated 85 patients, the minister said. " * 2000)
    assert len(result.sentences) == 2000
    assert time.perf_counter() - started < 5


def test_measure_throughput_times_the_scorer_alone():
    from factcheck.extraction.speed import article_sentences, measure_scoring, measure_throughput

    sentences = article_sentences([path.read_text(encoding="utf-8") for path in SEEDS[:2]])
    assert len(sentences) > 10
    speed = measure_scoring(sentences, repeat=1)
    assert speed.sentences == len(sentences) and speed.sentences_per_second > 0 and speed.sentences_per_cpu_second > 0
    assert measure_throughput(sentences[:5], repeat=1) > 0
