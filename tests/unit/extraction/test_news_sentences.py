"""The hand-written news set: well-formed, reproducibly split, and no copy of the seed articles (they are the test)."""

import hashlib
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
NEWS = json.loads((REPO / "fixtures" / "models" / "news_sentences.json").read_text(encoding="utf-8"))
ROWS = NEWS["sentences"]
SEED_LABELS = json.loads((REPO / "tests" / "fixtures_extraction" / "seed_labels.json").read_text(encoding="utf-8"))
#: Share of words two sentences may have in common (Jaccard) before one counts as a rewrite of the other.
MAX_SEED_OVERLAP = 0.5


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def test_every_row_is_labelled_and_split_by_its_hash():
    assert {row["label"] for row in ROWS} == {"check", "skip"}
    for row in ROWS:
        expected = "held_out" if hashlib.sha256(row["text"].encode()).digest()[0] % 4 == 0 else "fit"
        assert row["part"] == expected, row["text"]


def test_no_duplicates_and_both_labels_in_both_parts():
    texts = [row["text"] for row in ROWS]
    assert len(texts) == len(set(texts))
    assert len(ROWS) >= 600
    for part in ("fit", "held_out"):
        labels = [row["label"] for row in ROWS if row["part"] == part]
        assert labels.count("check") >= 0.3 * len(labels) and labels.count("skip") >= 0.3 * len(labels), part


def test_the_labelling_guideline_is_written_down():
    guideline = " ".join(NEWS["guideline"])
    assert "check:" in guideline and "skip:" in guideline


def test_no_sentence_copies_or_rewrites_a_seed_sentence():
    seeds = [_words(row["text"]) for rows in SEED_LABELS["seeds"].values() for row in rows]
    for row in ROWS:
        words = _words(row["text"])
        overlap = max(len(words & seed) / len(words | seed) for seed in seeds)
        assert overlap < MAX_SEED_OVERLAP, row["text"]


def test_the_shipped_calibration_sentences_are_part_of_the_set():
    calibration = json.loads((REPO / "fixtures" / "models" / "news_calibration.json").read_text(encoding="utf-8"))
    labels = {row["text"]: row["label"] for row in ROWS}
    assert all(labels.get(row["text"]) == row["label"] for row in calibration["sentences"])
