"""Extraction beyond English: check-worthiness per language on the project's own sentence sets, and detection.

``tests/fixtures_extraction/multilingual/<language>.json`` holds news sentences written for Factdesk in each
supported language (Serbian in both scripts), labelled check or skip and split into a tuning half and a
held-out half. The figures are measured on the held-out half only: ``scoring.FIGURES_BASELINE`` was chosen
on the tuning half. Each sentence is scored in its set's language, as ``extract`` scores an article's
sentences in the article's language; English goes through the model, every other language is figures-based.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from ..language import detect_article_language
from ..lexicons import SUPPORTED_LANGUAGES
from ..scoring import score_basis, score_sentences
from ..types import QUEUE_THRESHOLD
from . import Figure

REPO = Path(__file__).resolve().parents[3]
SETS = REPO / "tests" / "fixtures_extraction" / "multilingual"
RECALL_TARGET = 0.85
PRECISION_TARGET = 0.80
NAMES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "sr": "Serbian",
    "el": "Greek",
    "kk": "Kazakh",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
}


@dataclass(frozen=True)
class Part:
    """One language's sentences (in one script, for Serbian) of one half: texts and whether each is check."""

    language: str
    name: str
    texts: list[str]
    check: list[bool]


def load_parts(part: str, sets: Path = SETS) -> list[Part]:
    """The ``part`` ("tuning" or "held_out") of every set, Serbian split by script."""
    parts = []
    for language in SUPPORTED_LANGUAGES:
        rows = json.loads((sets / f"{language}.json").read_text(encoding="utf-8"))["sentences"]
        scripts = sorted({row.get("script", "") for row in rows})
        for script in scripts:
            chosen = [row for row in rows if row["part"] == part and row.get("script", "") == script]
            name = NAMES[language] + (f" ({script})" if script else "")
            parts.append(Part(language, name, [r["text"] for r in chosen], [r["label"] == "check" for r in chosen]))
    return parts


def recall_precision(part: Part) -> tuple[float, float, int, int]:
    """Recall and precision of the queue (score >= ``QUEUE_THRESHOLD``), with the counts behind them."""
    queued = [score >= QUEUE_THRESHOLD for score in score_sentences(part.texts, part.language)]
    hits = sum(1 for q, c in zip(queued, part.check, strict=True) if q and c)
    recall = hits / max(1, sum(part.check))
    precision = hits / max(1, sum(queued))
    return recall, precision, hits, sum(queued)


def figures(shared_dir: Path) -> list[Figure]:
    """Recall, precision and detection per language; and the speed of figures-based scoring."""
    out = []
    for part in load_parts("held_out"):
        recall, precision, hits, queued = recall_precision(part)
        basis = "figures-based score" if score_basis(part.language) else "the model's score"
        detail = (
            f"held-out half of tests/fixtures_extraction/multilingual/{part.language}.json: {len(part.texts)} "
            f"sentences ({sum(part.check)} check), {basis}, scored in {part.language} at {QUEUE_THRESHOLD}"
        )
        out.append(
            Figure(
                f"{part.name}: check sentences queued (recall)",
                round(recall, 4),
                f">= {RECALL_TARGET}",
                recall >= RECALL_TARGET,
                f"{hits} of {sum(part.check)}; {detail}",
            )
        )
        out.append(
            Figure(
                f"{part.name}: queued sentences labelled check (precision)",
                round(precision, 4),
                f">= {PRECISION_TARGET}",
                precision >= PRECISION_TARGET,
                f"{hits} of {queued} queued; {detail}",
            )
        )
    out.append(detection_figure())
    out.append(speed_figure())
    return out


def detection_figure() -> Figure:
    """Each half of each set, joined as one article, detected as its language by ``detect_article_language``."""
    right = total = 0
    wrong = []
    for half in ("tuning", "held_out"):
        for part in load_parts(half):
            total += 1
            found = detect_article_language(" ".join(part.texts), default="xx")
            if found == part.language:
                right += 1
            else:
                wrong.append(f"{part.name} {half} read as {found}")
    return Figure(
        "Article language detected (lingua, low-accuracy mode)",
        right / total,
        "1.00",
        right == total,
        f"{right} of {total} articles (each half of each set joined, Serbian per script)"
        + (f"; wrong: {', '.join(wrong)}" if wrong else ""),
    )


def speed_figure(repeat: int = 5) -> Figure:
    """Sentences per second of figures-based scoring over every non-English sentence (both halves)."""
    parts = [part for half in ("tuning", "held_out") for part in load_parts(half) if score_basis(part.language)]
    count = sum(len(part.texts) for part in parts) * repeat
    started = time.perf_counter()
    for _ in range(repeat):
        for part in parts:
            score_sentences(part.texts, part.language)
    rate = count / (time.perf_counter() - started)
    return Figure(
        "Figures-based scoring throughput, sentences/s",
        round(rate, 1),
        ">= 200",
        rate >= 200,
        f"score_sentences on the {count // repeat} non-English sentences x {repeat}, one process, wall time",
    )
