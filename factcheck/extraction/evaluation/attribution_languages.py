"""Speaker attribution per language, on sets written for this project.

``tests/fixtures_extraction/multilingual_attribution/<lang>.json`` holds short news paragraphs in Russian,
Ukrainian, Serbian (both scripts), Greek, Kazakh, Spanish, French and German, one target sentence each and the
speaker an editor would name ("" when the publication asserts it), across the styles of each language (quotes
before and after their attribution, dialogue dashes, "по словам"/"según"/"laut", appositions, pronouns and
dropped subjects, roles, organisations, the publication). Each set has a ``dev`` half (the rules were tuned on
it) and a ``held_out`` half (written with it, before tuning, and only scored): the held-out figure is the honest
one. Each item is read in its set's language, as the pipeline reads an article in the article's language.

    python -m factcheck.extraction.evaluation.attribution_languages [--errors] [--split dev] [--language ru]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..attribution import attribute_speakers
from . import Figure
from .attribution import article_sentences, normalise_speaker

SETS = Path(__file__).resolve().parents[3] / "tests" / "fixtures_extraction" / "multilingual_attribution"
#: Accuracy asked for on each language's held-out half.
TARGET = 0.85

Row = tuple[dict, str, bool]


def load_set(path: Path) -> tuple[str, list[dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["header"]["language"], data["items"]


def predict(item: dict, language: str) -> str:
    """The speaker given to the item's target sentence ("" for the publication's own)."""
    sentences = article_sentences(item["text"])
    for (sentence, _), speaker in zip(sentences, attribute_speakers(sentences, language=language), strict=True):
        if sentence == item["sentence"]:
            return speaker or ""
    return "<target sentence not found by the splitter>"


def outcomes(path: Path) -> tuple[str, list[Row]]:
    """The set's language and, per item, (item, predicted speaker, correct)."""
    language, items = load_set(path)
    rows = []
    for item in items:
        predicted = predict(item, language)
        rows.append((item, predicted, normalise_speaker(predicted) == normalise_speaker(item["speaker"])))
    return language, rows


def accuracy(rows: list[Row]) -> float:
    return sum(ok for _, _, ok in rows) / len(rows) if rows else 0.0


def figures(shared_dir: Path | None = None) -> list[Figure]:
    """Held-out accuracy per language (``shared_dir`` unused: the sets ship with the code)."""
    result = []
    for path in sorted(SETS.glob("*.json")):
        language, rows = outcomes(path)
        held_out = [row for row in rows if row[0]["split"] == "held_out"]
        dev = [row for row in rows if row[0]["split"] == "dev"]
        value = accuracy(held_out)
        result.append(
            Figure(
                f"Speaker attribution accuracy ({language}), held-out half",
                round(value, 3),
                f">= {TARGET:.2f}",
                value >= TARGET,
                f"{path.name}: {len(held_out)} sentences; dev half (tuned on) {accuracy(dev):.3f} of {len(dev)}",
            )
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score speaker attribution per language.")
    parser.add_argument("--errors", action="store_true", help="list every wrong attribution")
    parser.add_argument("--split", choices=("dev", "held_out"), help="only this half (for --errors)")
    parser.add_argument("--language", help="only this language's set (for --errors)")
    args = parser.parse_args(argv)
    for figure in figures():
        mark = "ok " if figure.passed else "LOW"
        print(f"{mark} {figure.value:.3f}  {figure.measure}  ({figure.detail})")
    if not args.errors:
        return 0
    for path in sorted(SETS.glob("*.json")):
        if args.language and path.stem != args.language:
            continue
        for item, predicted, ok in outcomes(path)[1]:
            if not ok and (not args.split or item["split"] == args.split):
                print(f"  {item['id']} [{item['style']}]: expected {item['speaker']!r}, got {predicted!r}:")
                print(f"    {item['sentence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
