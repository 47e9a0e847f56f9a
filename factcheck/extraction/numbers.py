"""The figures in a claim, and whether two claims state the same ones.

Two claims worded alike but with different figures ("600 a year" and "60 a year") are different
claims: linking them would tell the desk a number was already checked when it was not. Years are kept
apart from quantities because "in 2026" and "beginning in 2026-2027" can both describe one plan.

Figures are read in every language of ``lexicons``: digits with the language's separators ("1 500 000",
"2.500", "3,5"), its scale words and abbreviations ("5 млн", "1,5 млрд", "300 тыс.", "2 δισ.", "4 Mrd."),
its percent words and its spelled-out numbers, compounds included ("six hundred", "шестьсот двадцать",
"doscientos mil", "quatre-vingt-quinze", "zweihundertfünfzig").
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from functools import cache

from .language import detect_language
from .lexicons import Lexicon, fold, lexicon

#: English figures as the desk always read them; the scales after a figure, the word run is ``_number_words``.
_FIGURE = re.compile(
    r"(?<![\w.,-])(?P<number>\d+(?:[.,]\d+)*)(?:\s?(?P<range>[-–])\s?(?P<upper>\d+(?:[.,]\d+)*))?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mln|bn|k|m)\b)?(?P<percent>\s?(?:%|per ?cent\b))?"
    r"(?![\w-])",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_BEFORE = re.compile(_MONTH + r"\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
#: Relative difference under which two figures are the same figure (rounding in reporting).
TOLERANCE = 0.02
#: Percentages too common to single out a claim.
COMMON_PERCENTAGES = frozenset({0.0, 100.0})
#: Languages that write a number as one word ("zweihundertfünfzig"): split it into its parts.
_COMPOUNDING = {"de": ("ein", 1.0)}


@dataclass(frozen=True)
class Figures:
    quantities: tuple[tuple[float, bool], ...]  # (value, is_percentage)
    years: frozenset[int]


def _to_number(text: str, dot_groups_thousands: bool = False) -> float:
    """ "55,000" -> 55000, "1.5" -> 1.5, "1.500.000" -> 1500000, "3,5" -> 3.5; with ``dot_groups_thousands``
    (most of Europe) "2.500" -> 2500 and "2,500" -> 2.5; spaces between groups ("1 500 000") are dropped."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if dot_groups_thousands:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
            return float(text.replace(".", "").replace(",", "."))
        if re.fullmatch(r"\d+,\d+", text):
            return float(text.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):
        return float(text.replace(".", ""))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def _is_year(value: float, has_unit: bool) -> bool:
    return not has_unit and value.is_integer() and 1800 <= value <= 2100


@cache
def _figure_pattern(language: str) -> re.Pattern[str]:
    """Digits, a range, a scale and a percent sign, in the figures ``language`` writes (text folded first)."""
    words = lexicon(language)
    scales = sorted((re.escape(scale) for scale in words.scales), key=len, reverse=True)
    scale = r"(?:\s?(?P<scale>" + "|".join(scales) + r")\.?(?![\w]))?" if scales else r"(?P<scale>(?!x)x)?"
    number = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)*"
    percent = r"(?P<percent>\s?%|\s" + words.percent.pattern + r")?"
    return re.compile(
        rf"(?<![\w.,-])(?P<number>{number})(?:\s?(?P<range>[-–])\s?(?P<upper>{number}))?{scale}{percent}(?![\w-])"
    )


def _is_day_of_month(text: str, match: re.Match, words: Lexicon) -> bool:
    """ "January 6, 2020", "6 January", "21 ноября", "am 5. März": a date's day is no quantity."""
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
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 16]
    if words.code == "en":
        return bool(_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after))
    following = re.match(r"\.?\s+(\S+)", after)
    return bool(following and words.months.fullmatch(following.group(1).rstrip(".,;:")))


def _parts(token: str, words: Lexicon) -> list[float] | None:
    """The number words a token is made of: itself, its hyphenated parts ("vingt-cinq") or, in a compounding
    language, its pieces ("zweihundertfünfzig"); None when it is no number."""
    table = {**words.number_words, **words.scales}
    if token in words.number_words:
        return [words.number_words[token]]
    if "-" in token:
        pieces = token.split("-")
        out: list[float] = []
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):
                joined = "-".join(pieces[i:j])
                if joined in table:
                    out.append(table[joined])
                    i = j
                    break
            else:
                return None
        return out
    extra = _COMPOUNDING.get(words.code)
    if extra is None or len(token) < 6:
        return None
    vocabulary = {**table, extra[0]: extra[1], **dict.fromkeys(words.number_connectors, 0.0)}
    out = []
    rest = token
    while rest:
        for size in range(len(rest), 2, -1):
            if rest[:size] in vocabulary:
                if vocabulary[rest[:size]]:
                    out.append(vocabulary[rest[:size]])
                rest = rest[size:]
                break
        else:
            return None
    return out


def _combine(values: list[float], scales: set[float]) -> float:
    """The value of a run of number words: units and tens add, "hundred" and the scales multiply."""
    total = current = 0.0
    last_scale = 0.0
    for value in values:
        if value in scales and value >= 1000:
            if current == 0 and total and value > last_scale:
                total *= value  # "mil millones", "тысяча миллионов"
            else:
                total += (current or 1) * value
            current, last_scale = 0.0, value
        elif value == 100 and 0 < current < 100:
            current *= 100  # "six hundred", "deux cents"
        else:
            current += value
    return total + current


def _number_words(folded: str, words: Lexicon) -> list[tuple[float, bool]]:
    """Spelled-out quantities (a lone "one" is no figure), each with whether a percent word follows it."""
    found = []
    # "por ciento", "τοις εκατό": the hundred in a percent phrase is no figure of its own.
    in_percent = {index for match in words.percent.finditer(folded) for index in range(match.start(), match.end())}
    tokens = [token for token in _WORD.finditer(folded) if token.start() not in in_percent]
    scale_values = set(words.scales.values())
    i = 0
    while i < len(tokens):
        first = _parts(tokens[i].group(0), words)
        if first is None:
            i += 1
            continue
        values = list(first)
        j = i + 1
        while j < len(tokens) and folded[tokens[j - 1].end() : tokens[j].start()].strip() == "":
            token = tokens[j].group(0)
            if token in words.scales:
                values.append(words.scales[token])
            elif token in words.number_connectors and j + 1 < len(tokens) and _parts(tokens[j + 1].group(0), words):
                pass
            else:
                parts = _parts(token, words)
                if parts is None:
                    break
                values += parts
            j += 1
        value = _combine(values, scale_values)
        if value != 1:
            after = folded[tokens[j - 1].end() : tokens[j - 1].end() + 24]
            percent = bool(re.match(r"\s?%", after) or words.percent.match(after.lstrip()))
            found.append((value, percent))
        i = j
    return found


def _language_of(text: str) -> str:
    return "en" if text.isascii() else detect_language(text, default="en")


def extract_figures(text: str, language: str | None = None) -> Figures:
    """The quantities and years ``text`` states; ``language`` (ISO 639-1) is detected from the text when not given."""
    words = lexicon(language or _language_of(text))
    english = words.code == "en"
    folded = text if english else fold(text, words.code)
    pattern = _FIGURE if english else _figure_pattern(words.code)
    quantities: list[tuple[float, bool]] = []
    years: set[int] = set()
    for match in pattern.finditer(folded):
        if _is_day_of_month(folded, match, words):
            continue
        try:
            value = _to_number(match.group("number"), words.dot_groups_thousands)
        except ValueError:
            continue
        scale, percent = match.group("scale"), bool(match.group("percent"))
        upper = match.group("upper")
        if upper and _is_year(value, False):
            last = _to_number(upper, words.dot_groups_thousands)
            if last < 100:  # "2026-27"
                last += value // 100 * 100
            if _is_year(last, False) and last >= value:
                years.update(range(int(value), int(last) + 1))
                continue
        if _is_year(value, bool(scale or percent)):
            years.add(int(value))
            continue
        factor = words.scales.get(scale.lower(), 1) if scale else 1
        if english and scale:
            factor = {"k": 1e3, "m": 1e6, "mln": 1e6, "bn": 1e9}.get(scale.lower(), words.scales.get(scale.lower(), 1))
        quantities.append((value * factor, percent))
        if upper:
            with contextlib.suppress(ValueError):
                quantities.append((_to_number(upper, words.dot_groups_thousands) * factor, percent))
    quantities += _number_words(folded.lower(), words)
    return Figures(tuple(quantities), frozenset(years))


def has_figure(text: str, language: str | None = None) -> bool:
    """Whether ``text`` states a quantity (a year alone is none): digits, a scale or a spelled-out number."""
    return bool(extract_figures(text, language).quantities)


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
