"""Figures must agree for two quantity claims to be the same claim."""

import pytest

from factcheck.extraction import numbers_agree
from factcheck.extraction.numbers import extract_figures, share_distinctive_figure


@pytest.mark.parametrize(
    "a, b",
    [
        ("capacity up to 600 units annually", "to manufacture up to 600 personalized cellular products annually"),
        ("in 2026 the center plans 600 units annually", "beginning in 2026-2027, up to 600 products annually"),
        ("60% of 85 patients were cured", "85 patients were treated and 60 percent were cured"),
        ("six drugs are in trials", "6 drugs are in clinical trials"),
        ("it costs $55,000", "the equivalent of 55,000 dollars"),
        ("1.5 million doses", "1,500,000 doses"),
        ("The vaccine cures melanoma", "A vaccine that cures 80% of melanoma"),
        ("about 100 patients", "about 101 patients"),
    ],
)
def test_agreeing_figures(a, b):
    assert numbers_agree(a, b)
    assert numbers_agree(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("600 a year", "60 a year"),
        ("60% were cured", "40% were cured"),
        ("60% were cured", "60 were cured"),
        ("production starts in 2026", "production starts in 2028"),
        ("$55,000 in Belarus", "$500,000 in Belarus"),
    ],
)
def test_disagreeing_figures(a, b):
    assert not numbers_agree(a, b)
    assert not numbers_agree(b, a)


def test_extract_figures_keeps_years_apart_and_ignores_names_with_digits():
    figures = extract_figures("In 2026-2027, COVID-19 and 3D printing: 600 units, 60%, €500,000, over 150 patients")
    assert figures.years == frozenset({2026, 2027})
    assert sorted(figures.quantities) == [(60.0, True), (150.0, False), (600.0, False), (500000.0, False)]


def test_small_numbers_are_not_distinctive():
    assert not share_distinctive_figure(extract_figures("two doses"), extract_figures("two weeks"))
    assert share_distinctive_figure(extract_figures("48 volunteers"), extract_figures("48 solutions"))
