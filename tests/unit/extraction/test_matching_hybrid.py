"""Matching with the shipped encoder: paraphrases found, figures still decide, the worker index agrees."""

from pathlib import Path

import numpy as np
import pytest

from factcheck.extraction import MATCH_THRESHOLD, extract
from factcheck.extraction.embedding import default_encoder
from factcheck.extraction.matchbench import generated_claims, measure_match_latency
from factcheck.extraction.matchindex import MatchIndex
from factcheck.extraction.matching import NUMBER_DISAGREEMENT_FACTOR, RANKING_DISAGREEMENT_FACTOR, ClaimMatcher
from factcheck.extraction.numbers import distinctive_figures, extract_figures

SEEDS = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))
RECOVERY = "Patients with myeloma (a blood cancer) demonstrate 100% full recovery rate."


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


@pytest.fixture(scope="module")
def seed_items():
    items = []
    for path in SEEDS:
        for index, claim in enumerate(extract(path.read_text(encoding="utf-8")).claims):
            items.append((("claim", int(path.name[:3]) * 1000 + index), claim.text))
    return items


@pytest.mark.parametrize(
    "other",
    [
        "100% of patients were treated free of charge at the clinic.",
        "The clinic says 100% of patients would recommend it to a friend.",
    ],
)
@pytest.mark.parametrize("with_encoder", [False, True])
def test_sharing_only_100_percent_is_not_the_same_claim(other, with_encoder, encoder):
    matcher = ClaimMatcher.from_items([("recovery", RECOVERY)], encoder=encoder if with_encoder else None)
    assert matcher.query(other)[0].score < MATCH_THRESHOLD


def test_100_percent_is_not_a_distinctive_figure():
    assert distinctive_figures(extract_figures("100% of patients")) == set()
    assert distinctive_figures(extract_figures("60% of patients")) == {(60.0, True)}


def test_a_paraphrase_scores_higher_with_the_encoder(encoder):
    items = [
        ("plan", "The plant will produce up to 600 units annually from 2026."),
        ("waits", "Hospital waiting times fell by a third last year."),
    ]
    query = "Waiting lists at hospitals were cut by a third in the past year."
    words = ClaimMatcher.from_items(items).query(query)[0]
    both = ClaimMatcher.from_items(items, encoder=encoder).query(query)[0]
    assert words.key == both.key == "waits"
    assert words.score < MATCH_THRESHOLD <= both.score


def test_figures_that_disagree_never_match_however_close_the_meaning(encoder):
    matcher = ClaimMatcher.from_items(
        [
            ("600", "The plant will produce up to 600 units annually from 2026."),
            ("60", "The plant will produce up to 60 units annually from 2026."),
        ],
        encoder=encoder,
    )
    scores = {m.key: m.score for m in matcher.query("From 2026 the plant plans to make up to 600 units annually.")}
    assert scores["600"] >= MATCH_THRESHOLD and scores["60"] < MATCH_THRESHOLD / 2


def test_the_ranking_rule_keeps_the_candidate_but_never_at_a_linking_score(encoder):
    """Ranking for reading may keep a pair whose figures differ; the linking rule (the default) never links it."""
    matcher = ClaimMatcher.from_items(
        [
            ("60", "The plant will produce up to 60 units annually from 2026."),
            ("waits", "Hospital waiting times fell by a third last year."),
        ],
        encoder=encoder,
    )
    query = "From 2026 the plant plans to make up to 600 units annually."
    ranked = matcher.query(query, disagreement_factor=RANKING_DISAGREEMENT_FACTOR)
    linked = matcher.query(query, min_score=MATCH_THRESHOLD)
    assert ranked[0].key == "60" and ranked[0].score >= MATCH_THRESHOLD
    assert linked == []
    strict = {m.key: m.score for m in matcher.query(query)}
    assert strict["60"] == pytest.approx(ranked[0].score * NUMBER_DISAGREEMENT_FACTOR, abs=1e-3)


def test_seed_links_with_the_encoder_are_exactly_the_production_plan(seed_items, encoder):
    texts = dict(seed_items)
    for matcher in (ClaimMatcher.from_items(seed_items, encoder=encoder), _index(seed_items, encoder)):
        links = set()
        for key, text in seed_items:
            for match in matcher.query(text, top=10, min_score=MATCH_THRESHOLD):
                if match.key[1] // 1000 != key[1] // 1000:
                    links.add(frozenset({key, match.key}))
        assert len(links) == 1, [[texts[k][:60] for k in link] for link in links]
        first, second = sorted(next(iter(links)))
        assert "capacity up to 600 units annually" in texts[first]
        assert "600 personalized cellular products annually" in texts[second]


def _index(items, encoder):
    index = MatchIndex(encoder=encoder)
    index.add_many(items)
    return index


def test_the_worker_index_scores_as_the_matcher_does(seed_items, encoder):
    matcher, index = ClaimMatcher.from_items(seed_items, encoder=encoder), _index(seed_items, encoder)
    for _, text in seed_items[::5]:
        best, found = matcher.query(text, top=1)[0], index.query(text, top=1)[0]
        assert best.key == found.key and abs(best.score - found.score) < 0.01


def test_the_index_uses_stored_codes_and_hands_out_the_query_codes(encoder):
    metro = "The metro line to the airport opened in May."
    stored = {("claim", 0): (metro, MatchIndex(encoder=encoder).codes([metro])[0])}
    stored.update({("claim", 100 + i): (t, None) for i, t in enumerate(generated_claims(1500))})
    fetched = []

    def fetch(keys):
        fetched.extend(keys)
        return {k: stored[k] for k in keys if k in stored}

    index = MatchIndex(fetch_texts=fetch, encoder=encoder)
    index.add_many([(key, text) for key, (text, _) in stored.items()])  # a bulk load: no vectors kept
    found = index.query("The airport metro line opened in May.", top=1)
    assert found[0].key == ("claim", 0) and found[0].score >= MATCH_THRESHOLD
    assert ("claim", 0) in fetched, "the candidate's text and code come from the store"
    code = index.codes(["The airport metro line opened in May."])[0]
    assert isinstance(code, bytes) and len(code) == 384


@pytest.mark.slow  # waits on real sockets, a time budget, a subprocess or a latency sample
def test_match_latency_is_measured(encoder):
    assert 0 < measure_match_latency(3000, queries=20, encoder=encoder) < 1000


def test_plain_cosines_are_the_embedding_side_alone(encoder):
    items = [("a", "The mayor opened 600 new hospital beds."), ("b", "Bus fares rose by a third.")]
    text = "Six hundred hospital beds were opened by the mayor."
    cosines = ClaimMatcher.from_items(items, encoder=encoder).cosines(text)
    expected = encoder.encode([t for _, t in items]) @ encoder.encode([text])[0]
    assert cosines is not None and np.allclose(cosines, expected, atol=1e-5)
    assert cosines[0] > cosines[1]
    assert ClaimMatcher.from_items(items).cosines(text) is None
