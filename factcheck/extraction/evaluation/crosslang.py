"""Matching across languages on ``crosslang_pairs.json``: top-1 of each claim's restatement, links, wrong links.

The archive holds every pair's restatement and its hard negative (the restatement with another figure). It is
measured with ``ClaimMatcher`` (the ``match_claims`` command and evaluation), with and without the shipped
encoder, and with ``MatchIndex`` (the desk's worker index). A query scores a hit when its restatement ranks
first; it is linked when that score reaches ``MATCH_THRESHOLD``; a wrong link is any match at or above the
threshold whose figures disagree with the query's.

    python -m factcheck.extraction.evaluation.crosslang [SHARED_DIR]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from ..matchindex import MatchIndex
from ..matching import MATCH_THRESHOLD, ClaimMatcher
from ..numbers import numbers_agree
from ..types import Match
from . import Figure

TOP1_TARGET = 0.90
PAIRS = Path(__file__).resolve().parents[3] / "tests" / "fixtures_extraction" / "crosslang_pairs.json"
Query = Callable[[str], list[Match]]


def load_pairs(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def archive(pairs: list[dict], distractors: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The restatements, their hard negatives and (``distractors``) unrelated verified claims."""
    return (
        [(f"{p['id']}:target", p["target"]["text"]) for p in pairs]
        + [(f"{p['id']}:negative", p["negative"]["text"]) for p in pairs]
        + [(f"distractor:{number}", text) for number, text in enumerate(distractors)]
    )


def checkthat_claims(shared_dir: Path | None) -> list[str]:
    """CheckThat! 2020's 10,389 verified claims (English), as distractors, when the shared data sets are there."""
    path = shared_dir / "datasets" / "checkthat2020-task2" / "verified_claims.docs.tsv" if shared_dir else None
    if path is None or not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[1].strip('"') for line in lines if line.count("\t") >= 1]


def measure(pairs: list[dict], query: Query, texts: dict[str, str]) -> tuple[float, float, list[str], list[str]]:
    """(top-1 rate, share of targets linked, ids of the pairs missed, "query -> item" of each wrong link)."""
    missed, wrong, linked = [], [], 0
    for pair in pairs:
        text = pair["query"]["text"]
        found = query(text)
        target = f"{pair['id']}:target"
        if not found or found[0].key != target:
            missed.append(pair["id"])
        linked += any(m.key == target and m.score >= MATCH_THRESHOLD for m in found)
        for match in found:
            if match.score >= MATCH_THRESHOLD and not numbers_agree(text, texts[str(match.key)]):
                wrong.append(f"{pair['id']} -> {match.key}")
    return 1 - len(missed) / len(pairs), linked / len(pairs), missed, wrong


def _matchers(items: list[tuple[str, str]], encoder) -> list[tuple[str, Query]]:
    runs: list[tuple[str, Query]] = [("ClaimMatcher, words and neutral tokens", ClaimMatcher.from_items(items).query)]
    if encoder is not None and len(items) < 1000:  # with the CheckThat! distractors, encoding them twice is minutes
        runs.append(("ClaimMatcher with the shipped encoder", ClaimMatcher.from_items(items, encoder=encoder).query))
    index = MatchIndex(encoder=encoder)
    index.add_many([(("claim", number), text) for number, (_, text) in enumerate(items)])
    names = {number: key for number, (key, _) in enumerate(items)}

    def desk(text: str) -> list[Match]:
        return [Match(names[m.key[1]], m.score) for m in index.query(text, top=5)]  # type: ignore[index]

    runs.append(("MatchIndex (the desk's index)" + (" with the encoder" if encoder is not None else ""), desk))
    return runs


def crosslang_figures(path: Path, encoder=None, shared_dir: Path | None = None) -> list[Figure]:
    pairs = load_pairs(path)
    distractors = checkthat_claims(shared_dir)
    items = archive(pairs, distractors)
    if encoder is None:
        try:
            from ..embedding import default_encoder

            encoder = default_encoder()
        except Exception:  # noqa: BLE001 (the figures without the encoder still stand)
            encoder = None
    result = []
    detail = (
        f"{path.name}: {len(pairs)} pairs, archive of {len(items)} ({len(pairs)} restatements, as many hard "
        f"negatives, {len(distractors)} CheckThat! 2020 verified claims as distractors)"
    )
    for label, query in _matchers(items, encoder):
        top1, linked, missed, wrong = measure(pairs, query, dict(items))
        result += [
            Figure(
                f"Cross-language matching top-1 ({label})",
                round(top1, 3),
                f">= {TOP1_TARGET:.2f}",
                top1 >= TOP1_TARGET,
                f"{detail}; linked at MATCH_THRESHOLD {MATCH_THRESHOLD}: {linked:.3f}; "
                f"missed: {', '.join(missed) or 'none'}",
            ),
            Figure(
                f"Cross-language pairs linked with disagreeing figures ({label})",
                float(len(wrong)),
                "0",
                not wrong,
                f"{detail}; {', '.join(wrong) or 'none'}",
            ),
        ]
    return result


def figures(shared_dir: Path | None = None, path: Path = PAIRS) -> list[Figure]:
    """The cross-language figures (``make eval``): with CheckThat! 2020's verified claims as distractors when
    ``shared_dir`` holds the data sets."""
    return crosslang_figures(path, shared_dir=shared_dir)


if __name__ == "__main__":
    import sys

    for figure in figures(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(f"{'ok ' if figure.passed else 'LOW'} {figure.value:.3f}  {figure.measure}  ({figure.detail})")
