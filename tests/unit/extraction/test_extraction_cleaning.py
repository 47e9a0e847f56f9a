"""Each cleaning rule on its own, then the whole cleaner on the seed articles."""

from pathlib import Path

import pytest

from factcheck.extraction.cleaning import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    clean,
    dateline_prefix_length,
    find_title,
    is_bare_domain,
    is_byline,
    is_dateline,
    is_disclaimer,
    is_heading,
    is_navigation,
    is_photo_credit,
    is_social_prompt,
    is_source_line,
    join_soft_wraps,
    list_marker_length,
    make_foreign_language_rule,
    repeated_line_indexes,
    split_lines,
)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_split_lines_keeps_offsets_of_the_visible_text():
    raw = "  first line \n\n\u00a0second\u00a0\r\nthird"
    lines = split_lines(raw)
    assert [line.text for line in lines] == ["first line", "second", "third"]
    assert all(raw[line.start : line.end] == line.text for line in lines)


@pytest.mark.parametrize("text", ["www.bankingnews.gr", "https://example.com/news/1", "example.org"])
def test_bare_domain(text):
    assert is_bare_domain(text)


@pytest.mark.parametrize("text", ["The site www.example.com was hacked.", "e.g. this"])
def test_not_bare_domain(text):
    assert not is_bare_domain(text)


@pytest.mark.parametrize(
    "text",
    ["Photo: Freepik", "Photo Source: Morozov Children's Hospital", "© Getty Images", "Image credit: Reuters"],
)
def test_photo_credit(text):
    assert is_photo_credit(text)


def test_photo_in_a_sentence_is_not_a_credit():
    assert not is_photo_credit("Photos of the patient were published by the hospital on Monday.")


@pytest.mark.parametrize("text", ["Source: TASS", "Source: Presidential Decree of the Russian Federation"])
def test_source_line(text):
    assert is_source_line(text)


def test_source_in_prose_is_kept():
    assert not is_source_line("A source in the ministry said the plan was ready.")


def test_disclaimer():
    assert is_disclaimer(
        "All information on this website is provided for informational purposes only and does not "
        "constitute medical advice."
    )
    assert is_disclaimer("Always consult a medical professional before making any healthcare decisions.")
    assert not is_disclaimer("The ministry said the information was accurate.")


@pytest.mark.parametrize("text", ["Follow us on:", "Share this article", "Subscribe to our newsletter"])
def test_social_prompt(text):
    assert is_social_prompt(text)


@pytest.mark.parametrize("text", ["21 November 2025, 18:59", "Flag Friday, 12 December 2025", "Nov 21, 2025"])
def test_dateline(text):
    assert is_dateline(text)


@pytest.mark.parametrize(
    "text", ["The law came into force on 1 January 2025.", "Treatment started on 21 November in Minsk hospitals"]
)
def test_sentences_with_dates_are_not_datelines(text):
    assert not is_dateline(text)


def test_byline():
    assert is_byline("By Jane Smith and John Doe")
    assert not is_byline("By 2026 the plant will produce 600 units.")


@pytest.mark.parametrize("text", ["All news", "Projects", "Government Bodies", "Recent news from Belarus", "X"])
def test_navigation(text):
    assert is_navigation(text)


def test_breadcrumb_is_navigation():
    assert is_navigation("Home > Health > Oncology news today")


@pytest.mark.parametrize("text", ["One dose every two weeks.", "Scientists are focusing primarily on:"])
def test_short_sentences_are_not_navigation(text):
    assert not is_navigation(text)


def test_foreign_language_rule_drops_greek_menu_in_english_article():
    rule = make_foreign_language_rule("en")
    assert rule("Τελευταία Νέα")
    assert rule("Ρoή Ειδήσεων")  # a Latin "o" inside Greek words
    assert not rule("Jovana Aleksić from Serbia has been selected.")
    assert not rule("12:30")


def test_foreign_language_rule_drops_latin_script_lines_in_another_language():
    rule = make_foreign_language_rule("en")
    assert rule("Die Regierung hat das Gesetz nicht mit der Opposition abgestimmt")
    assert not rule("The government did not agree the law with the opposition")


def test_heading():
    assert is_heading("The treatment protocol and guarantees")
    assert is_heading("Financial details and international cooperation")
    assert not is_heading("The therapeutic procedure is strictly defined and includes:")


def test_list_marker_length():
    assert list_marker_length("1) A total of 10 vaccine doses per patient.") == 3
    assert list_marker_length("- item") == 2
    assert list_marker_length("10 vaccine doses") == 0


def test_dateline_prefix_length():
    text = "MINSK, 21 November (BelTA) – Belarusian medical scientists have achieved great results."
    assert text[dateline_prefix_length(text) :].startswith("Belarusian")
    wire = "MOSCOW (Reuters) - Prices rose."
    assert wire[dateline_prefix_length(wire) :] == "Prices rose."
    assert dateline_prefix_length("A total of 10 vaccine doses per patient.") == 0


def test_find_title_is_the_first_headline_before_prose():
    lines = split_lines("All news\nKazakh blood cancer drug testing to begin in 2026\n\nA drug is tested.")
    assert find_title(lines) == "Kazakh blood cancer drug testing to begin in 2026"
    assert find_title(split_lines("The Strategy broadly defines where the state plans to invest.\nMore text")) is None


def test_repeated_line_keeps_the_last_copy():
    raw = "A standfirst that is repeated below\nOther text here please.\nA standfirst that is repeated below."
    lines = split_lines(raw)
    assert repeated_line_indexes(lines) == {0}


def test_clean_seed_000_drops_greek_navigation_domain_and_repeated_title():
    raw = seed("000")
    cleaned = clean(raw)
    assert cleaned.language == "en"
    assert cleaned.title.startswith("Russia’s cancer vaccine breakthrough revealed")
    reasons = {line.text: reason for line, reason in cleaned.dropped}
    assert reasons["Τελευταία Νέα"] == "foreign_language"
    assert reasons["www.bankingnews.gr"] == "bare_domain"
    assert "Τελευταία" not in cleaned.cleaned_text and "bankingnews" not in cleaned.cleaned_text
    assert cleaned.cleaned_text.count("Russia’s cancer vaccine breakthrough revealed") == 0
    assert cleaned.cleaned_text.count("the vaccine is not a general pharmaceutical treatment") == 1
    kinds = {block.text: block.kind for block in cleaned.blocks}
    assert kinds["The treatment protocol and guarantees"] == HEADING
    assert kinds["1) A total of 10 vaccine doses per patient."] == LIST_ITEM
    assert all(raw[block.start : block.end] == block.text for block in cleaned.blocks)


def test_clean_seed_001_drops_menu_datelines_and_social_links():
    cleaned = clean(seed("001"))
    assert cleaned.title == "Belarusian scientists inform Lukashenko about cutting-edge cancer treatment method"
    dropped = {line.text for line, _ in cleaned.dropped}
    for chrome in (
        "Projects",
        "Government Bodies",
        "Flag Friday, 12 December 2025",
        "All news",
        "President",
        "21 November 2025, 18:59",
        "Follow us on:",
        "X",
        "Recent news from Belarus",
    ):
        assert chrome in dropped
    first = cleaned.blocks[0]
    assert first.kind == PARAGRAPH and first.text.startswith("MINSK, 21 November (BelTA)")
    assert seed("001")[first.body_start :].startswith("Belarusian medical scientists")


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_clean_drops_photo_credit_source_and_disclaimer(prefix):
    cleaned = clean(seed(prefix))
    assert cleaned.title is None
    reasons = sorted({reason for _, reason in cleaned.dropped})
    assert reasons == ["disclaimer", "photo_credit", "source_line"]
    assert "informational purposes" not in cleaned.cleaned_text


def test_clean_uses_the_callers_title_and_removes_its_copies():
    raw = "My headline here today\n\nMy headline here today\nThe body says 5 things."
    cleaned = clean(raw, title="My headline here today")
    assert cleaned.title == "My headline here today"
    assert cleaned.cleaned_text == "The body says 5 things."


def test_clean_empty_text():
    cleaned = clean("")
    assert cleaned.blocks == () and cleaned.title is None and cleaned.cleaned_text == ""


def test_hard_wrapped_sentence_is_joined_back():
    raw = "The hospital treated 85\npatients in 2024, the ministry said.\n\nMenu\nNext line"
    lines = join_soft_wraps(raw, split_lines(raw))
    assert [line.text for line in lines] == [
        "The hospital treated 85\npatients in 2024, the ministry said.",
        "Menu",
        "Next line",
    ]
    assert all(raw[line.start : line.end] == line.text for line in lines)
