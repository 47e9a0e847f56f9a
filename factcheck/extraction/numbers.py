"""The figures in a claim, and whether two claims state the same ones.

Two claims worded alike but with different figures ("600 a year" and "60 a year") are different
claims: linking them would tell the desk a number was already checked when it was not. Years are kept
apart from quantities because "in 2026" and "beginning in 2026-2027" can both describe one plan.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

_WORD_VALUES = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_FIGURE = re.compile(
    r"(?<![\w.,-])(?P<number>\d+(?:[.,]\d+)*)(?:\s?(?P<range>[-–])\s?(?P<upper>\d+(?:[.,]\d+)*))?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mln|bn|k|m)\b)?(?P<percent>\s?(?:%|per ?cent\b))?"
    r"(?![\w-])"
    r"|\b(?P<word>" + "|".join(_WORD_VALUES) + r")\b"
    r"(?:\s(?P<word_scale>thousand|million|billion))?(?P<word_percent>\s?per ?cent\b)?",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_BEFORE = re.compile(_MONTH + r"\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b", re.IGNORECASE)
#: Relative difference under which two figures are the same figure (rounding in reporting).
TOLERANCE = 0.02
#: Percentages too common to single out a claim.
COMMON_PERCENTAGES = frozenset({0.0, 100.0})


@dataclass(frozen=True)
class Figures:
    quantities: tuple[tuple[float, bool], ...]  # (value, is_percentage)
    years: frozenset[int]


def _to_number(text: str) -> float:
    """ "55,000" -> 55000, "1.5" -> 1.5, "1.500.000" -> 1500000, "3,5" -> 3.5."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):
        return float(text.replace(".", ""))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def _is_year(value: float, has_unit: bool) -> bool:
    return not has_unit and value.is_integer() and 1800 <= value <= 2100


def _is_day_of_month(text: str, match: re.Match) -> bool:
    """ "January 6, 2020" or "6 January": a date's day is no quantity (the year still counts as a year)."""
    number = match.group("number")
    if (
        not number
        or not number.isdigit()
        or not 1 <= int(number) <= 31
        or match.group("upper")
        or match.group("scale")
        or match.group("percent")
    ):
        return False
    return bool(
        _MONTH_BEFORE.search(text[max(0, match.start() - 12) : match.start()])
        or _MONTH_AFTER.match(text[match.end() : match.end() + 16])
    )


def extract_figures(text: str) -> Figures:
    quantities: list[tuple[float, bool]] = []
    years: set[int] = set()
    for match in _FIGURE.finditer(text):
        if _is_day_of_month(text, match):
            continue
        if match.group("word"):
            value = float(_WORD_VALUES[match.group("word").lower()])
            scale = match.group("word_scale")
            value *= _SCALES[scale.lower()] if scale else 1
            quantities.append((value, bool(match.group("word_percent"))))
            continue
        try:
            value = _to_number(match.group("number"))
        except ValueError:
            continue
        scale, percent = match.group("scale"), bool(match.group("percent"))
        upper = match.group("upper")
        if upper and _is_year(value, False):
            last = _to_number(upper)
            if last < 100:  # "2026-27"
                last += value // 100 * 100
            if _is_year(last, False) and last >= value:
                years.update(range(int(value), int(last) + 1))
                continue
        if _is_year(value, bool(scale or percent)):
            years.add(int(value))
            continue
        factor = _SCALES[scale.lower()] if scale else 1
        quantities.append((value * factor, percent))
        if upper:
            with contextlib.suppress(ValueError):
                quantities.append((_to_number(upper) * factor, percent))
    return Figures(tuple(quantities), frozenset(years))


def _same(a: tuple[float, bool], b: tuple[float, bool]) -> bool:
    if a[1] != b[1]:
        return False
    largest = max(abs(a[0]), abs(b[0]))
    return largest == 0 or abs(a[0] - b[0]) / largest <= TOLERANCE


def figures_agree(first: Figures, second: Figures) -> bool:
    """``numbers_agree`` on figures already extracted (the matcher keeps them per stored claim)."""
    if first.quantities and second.quantities:
        # Distinct figures: a claim that states "58,000" twice does not state two figures.
        fewer, more = sorted((tuple(dict.fromkeys(first.quantities)), tuple(dict.fromkeys(second.quantities))), key=len)
        if not all(any(_same(x, y) for y in more) for x in fewer):
            return False
    return not (first.years and second.years and not first.years & second.years)


def numbers_agree(a: str, b: str) -> bool:
    """Whether two claims state compatible figures.

    Every figure of the claim with fewer figures must appear in the other (within 2%), and if both
    name years they must share one. A claim without figures agrees with anything: the text decides.
    """
    return figures_agree(extract_figures(a), extract_figures(b))


def distinctive_figures(figures: Figures) -> set[tuple[float, bool]]:
    """Figures specific enough to identify a claim: percentages and quantities of 10 or more.

    "Two" or "three" turn up everywhere; "600 units a year" or "60%" rarely do by chance. "100%" (and
    "0%") do: "100% of patients", "100% sure", "a 100% recovery rate" say nothing about being one claim.
    """
    return {
        (round(value, 2), percent)
        for value, percent in figures.quantities
        if (percent and value not in COMMON_PERCENTAGES) or (not percent and value >= 10)
    }


def share_distinctive_figure(first: Figures, second: Figures) -> bool:
    return bool(distinctive_figures(first) & distinctive_figures(second))
