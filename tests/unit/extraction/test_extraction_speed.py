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
