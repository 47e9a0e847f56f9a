"""Matching across languages without translation: neutral tokens (concepts, transliterated names, figures),
the figures rule in every language, and the set of cross-language pairs written for Factdesk."""

from __future__ import annotations

from factcheck.extraction import matching
from factcheck.extraction.crosslang import language_of, name_key, neutral_tokens
from factcheck.extraction.evaluation import crosslang as evaluation
from factcheck.extraction.matchindex import MatchIndex
from factcheck.extraction.matching import MATCH_THRESHOLD, ClaimMatcher

RUSSIAN = "Министр здравоохранения Мария Новак заявила, что в 2025 году от кори умерли 1200 детей."
ENGLISH = "Health minister Maria Novak said 1200 children died of measles in 2025."
OTHER_FIGURE = "Health minister Maria Novak said 600 children died of measles in 2025."


def test_names_keep_one_key_across_scripts_and_cases():
    assert name_key("Новак") == name_key("Novak") == name_key("Νόβακ") == name_key("Новака")
    assert name_key("Новак") != name_key("Петров")


def test_a_claim_and_its_restatement_share_concepts_names_and_figures():
    shared = set(neutral_tokens(RUSSIAN)) & set(neutral_tokens(ENGLISH))
    assert {"c:measles", "n:novak", "f:1200", "f:2025"} <= shared


def test_languages_are_told_apart_by_script_and_clear_evidence_only():
    assert language_of(RUSSIAN) == "ru"
    assert language_of("Безробіття в Україні зросло до 18%.") == "uk"
    assert language_of("El paro en España bajó al 11,2% en 2024.") == "es"
    assert language_of("Las Vegas shooter Stephen Paddock died in 2013.") == "en"


def test_a_russian_claim_finds_its_english_restatement_and_not_the_one_with_other_figures():
    matcher = ClaimMatcher.from_items([("same", ENGLISH), ("other", OTHER_FIGURE)])
    found = matcher.query(RUSSIAN, min_score=MATCH_THRESHOLD)
    assert [m.key for m in found] == ["same"]


def test_scale_words_are_read_per_language_before_figures_are_compared():
    matcher = ClaimMatcher.from_items(
        [
            ("same", "The 2025 grain harvest was 135 million tonnes."),
            ("other", "The 2025 grain harvest was 135 tonnes."),
        ]
    )
    found = matcher.query("Урожай зерна в 2025 году составил 135 млн тонн.", min_score=MATCH_THRESHOLD)
    assert [m.key for m in found] == ["same"]


def test_english_pairs_score_as_before_the_neutral_tokens(monkeypatch):
    """Claims in one language never take the neutral-token score: English ranking is what it was."""
    archive = [("a", ENGLISH), ("b", OTHER_FIGURE), ("c", "Las Vegas shooter Stephen Paddock died in 2013.")]
    queries = ["Maria Novak: 1200 children died of measles", "Paddock died in 2013, police said"]
    with_neutral = [ClaimMatcher.from_items(archive).query(q) for q in queries]
    monkeypatch.setattr(matching, "is_cross_language", lambda first, second: False)
    without = [ClaimMatcher.from_items(archive).query(q) for q in queries]
    assert with_neutral == without


def test_the_desk_index_takes_candidates_in_other_languages():
    index = MatchIndex()
    index.add_many([(("claim", 1), ENGLISH), (("claim", 2), OTHER_FIGURE), (("claim", 3), "Bread prices rose by 12%.")])
    found = index.query(RUSSIAN, min_score=MATCH_THRESHOLD)
    assert [m.key for m in found] == [("claim", 1)]


def test_the_pairs_set_ranks_every_restatement_first_and_links_no_other_figure():
    pairs = evaluation.load_pairs(evaluation.PAIRS)
    assert len(pairs) >= 40
    items = evaluation.archive(pairs)
    top1, linked, missed, wrong = evaluation.measure(pairs, ClaimMatcher.from_items(items).query, dict(items))
    assert top1 >= evaluation.TOP1_TARGET, missed
    assert wrong == []


def test_a_text_without_words_names_no_concept_and_matches_without_error():
    from factcheck.extraction import crosslang

    assert crosslang.concepts("") == []
    assert crosslang.concepts("%% 42 ... !!") == []
