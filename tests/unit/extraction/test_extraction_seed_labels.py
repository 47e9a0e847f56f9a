"""Precision and recall on the seed articles against labels an editor wrote before the scorer was tuned.

Borderline sentences (verifiable but low-value or too vague to call) count neither way.
"""

import json
from pathlib import Path

import pytest

from factcheck.extraction import extract
from factcheck.extraction.cleaning import clean

REPO = Path(__file__).resolve().parents[3]
LABELS = json.loads((REPO / "tests" / "fixtures_extraction" / "seed_labels.json").read_text(encoding="utf-8"))
CHROME = [
    "Τελευταία",
    "Ροή",
    "bankingnews",
    "Photo:",
    "Photo Source",
    "Source:",
    "informational purposes",
    "medical advice",
    "licensed physician",
    "Follow us",
    "All news",
    "Government Bodies",
    "Recent news from",
    "Flag Friday",
    "18:59",
]


def _results():
    return {name: extract((REPO / "seeds" / name).read_text(encoding="utf-8")) for name in LABELS["seeds"]}


RESULTS = _results()


def test_every_labelled_sentence_is_found_by_the_splitter():
    for name, rows in LABELS["seeds"].items():
        texts = {s.text for s in RESULTS[name].sentences}
        missing = [row["text"] for row in rows if row["text"] not in texts]
        assert not missing, (name, missing)


def _counts():
    true_positive = false_positive = false_negative = 0
    for name, rows in LABELS["seeds"].items():
        queued = {s.text for s in RESULTS[name].claims}
        labels = {row["text"]: row["label"] for row in rows}
        for row in rows:
            if row["label"] == "check":
                true_positive += row["text"] in queued
                false_negative += row["text"] not in queued
        false_positive += sum(1 for text in queued if labels.get(text, "skip") == "skip")
    return true_positive, false_positive, false_negative


def test_precision_and_recall_on_the_seeds():
    true_positive, false_positive, false_negative = _counts()
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(
        f"seed precision={precision:.3f} recall={recall:.3f} (tp={true_positive} fp={false_positive} "
        f"fn={false_negative})"
    )
    assert recall >= 0.93
    assert precision >= 0.93


@pytest.mark.parametrize("name", sorted(LABELS["seeds"]))
def test_no_page_chrome_or_disclaimer_is_ever_a_claim(name):
    raw = (REPO / "seeds" / name).read_text(encoding="utf-8")
    dropped = [(line.start, line.end) for line, _ in clean(raw).dropped]
    for claim in RESULTS[name].claims:
        assert not any(fragment in claim.text for fragment in CHROME), claim.text
        assert not any(start < claim.end and claim.start < end for start, end in dropped), claim.text


@pytest.mark.parametrize("name", sorted(LABELS["seeds"]))
def test_titles_and_headings_are_not_sentences(name):
    result = RESULTS[name]
    texts = {s.text for s in result.sentences}
    if result.title:
        assert result.title not in texts
    for heading in ("The treatment protocol and guarantees", "Financial details and international cooperation"):
        assert heading not in texts


def test_seed_titles_and_language():
    titles = {name[:3]: result.title for name, result in RESULTS.items()}
    assert titles["001"] == "Belarusian scientists inform Lukashenko about cutting-edge cancer treatment method"
    assert titles["003"] == "Kazakh blood cancer drug testing to begin in 2026"
    assert titles["002"] is None and titles["004"] is None
    assert {result.language for result in RESULTS.values()} == {"en"}


def _ranked() -> list[tuple[float, str]]:
    return sorted(((s.score, s.text) for result in RESULTS.values() for s in result.sentences), key=lambda x: -x[0])


def _rank(fragment: str) -> int:
    return next(i + 1 for i, (_, text) in enumerate(_ranked()) if fragment in text)


def test_no_two_sentences_tie_among_the_top_20():
    """The desk orders its queue by score: a tie at the top leaves the order to chance."""
    top = _ranked()[:20]
    assert len({score for score, _ in top}) == 20, top


def test_medical_outcomes_and_regulatory_status_rank_with_the_figures():
    """A cure that leaves immunity and a treatment's approved status are what a desk checks first, with the figures."""
    checks = sum(row["label"] == "check" for rows in LABELS["seeds"].values() for row in rows)
    for fragment in ("they acquire permanent immunity", "an officially approved therapeutic practice"):
        assert _rank(fragment) <= checks, (fragment, _rank(fragment))


def test_trivia_does_not_top_the_queue():
    """A count of products on a register, with no effect claimed, is checkable but not the desk's first job."""
    assert _rank("48 medical AI solutions are registered in Russia") > 1
