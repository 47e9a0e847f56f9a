"""ClaimMatcher: fast similar-claim lookup, figures respected, and the expected links between seeds."""

import time
from pathlib import Path

import pytest

from factcheck.extraction import MATCH_THRESHOLD, ClaimMatcher, Match, extract

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


def test_empty_matcher_returns_nothing():
    assert ClaimMatcher().query("anything") == []


def test_identical_text_scores_one_and_best_first():
    matcher = ClaimMatcher.from_items([("a", "The vaccine cures melanoma in 80% of cases."), ("b", "Prices rose.")])
    matches = matcher.query("The vaccine cures melanoma in 80% of cases.")
    assert matches[0] == Match("a", 1.0)
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_top_and_min_score():
    matcher = ClaimMatcher.from_items((i, f"claim number {i} about hospitals in Minsk") for i in range(20))
    assert len(matcher.query("claim about hospitals in Minsk", top=3)) == 3
    assert matcher.query("claim about hospitals in Minsk", min_score=1.01) == []
    assert matcher.query("x", top=0) == []


def test_items_added_after_a_query_are_found():
    matcher = ClaimMatcher()
    matcher.add("old", "The bridge cost 3 billion rubles.")
    assert matcher.query("The new metro line opened in Kazan.")[0].score < 0.3
    matcher.add("new", "The new metro line opened in Kazan.")
    assert matcher.query("The new metro line opened in Kazan.")[0].key == "new"
    assert len(matcher) == 2


def test_paraphrase_with_same_figures_matches_and_different_figures_do_not():
    matcher = ClaimMatcher.from_items(
        [
            ("same", "The plant will produce up to 600 units annually from 2026."),
            ("other", "The plant will produce up to 60 units annually from 2026."),
        ]
    )
    scores = {m.key: m.score for m in matcher.query("From 2026 the plant plans to make up to 600 units annually.")}
    assert scores["same"] >= MATCH_THRESHOLD
    assert scores["other"] < MATCH_THRESHOLD / 2


@pytest.mark.slow  # waits on real sockets, a time budget, a subprocess or a latency sample
def test_thousands_of_items_query_quickly():
    matcher = ClaimMatcher.from_items(
        (i, f"Hospital {i} treated {i * 7} patients with therapy type {i % 13} in region {i % 50}") for i in range(5000)
    )
    started = time.perf_counter()
    matcher.query("Hospital 42 treated 294 patients with therapy type 3")
    first = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(20):
        matcher.query("Hospital 42 treated 294 patients with therapy type 3")
    assert first < 5 and (time.perf_counter() - started) / 20 < 0.2


def _seed_claims():
    items = []
    for path in SEEDS:
        for index, claim in enumerate(extract(path.read_text(encoding="utf-8")).claims):
            items.append(((path.name[:3], index), claim.text))
    return items


def test_seed_cross_article_links_are_exactly_the_production_plan():
    items = _seed_claims()
    texts = dict(items)
    matcher = ClaimMatcher.from_items(items)
    links = set()
    for key, text in items:
        for match in matcher.query(text, top=10, min_score=MATCH_THRESHOLD):
            if match.key[0] != key[0]:
                links.add(frozenset({key, match.key}))
    described = {frozenset((k[0], texts[k]) for k in link) for link in links}
    assert len(described) == 1
    ((first_seed, first_text), (second_seed, second_text)) = sorted(next(iter(described)))
    assert (first_seed, second_seed) == ("002", "004")
    assert "capacity up to 600 units annually" in first_text
    assert "manufacture up to 600 personalized cellular products annually" in second_text


def test_seed_claims_sharing_only_a_number_do_not_link():
    items = _seed_claims()
    volunteers = next(k for k, t in items if "48 volunteers" in t)
    solutions = next(k for k, t in items if "48 medical AI solutions" in t)
    matcher = ClaimMatcher.from_items(items)
    scores = {m.key: m.score for m in matcher.query(dict(items)[volunteers], top=len(items))}
    assert scores[solutions] < MATCH_THRESHOLD
