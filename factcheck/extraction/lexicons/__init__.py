"""Per-language word lists for splitting, figures, claim types and check-worthiness signals.

The English signals keep their hand-tuned expressions in ``signals`` and ``claim_types`` (the shipped model was
fitted on them); every other supported language has a module here whose ``LEXICON`` says, in that language's
words, what the English expressions say: which abbreviations never end a sentence, how numbers are spelled and
scaled ("млн", "εκατ.", "Mrd."), and which words mark a record, an approval, a medical outcome, a wish.

Entries are written one per word, separated by spaces (see ``wordlists``): a trailing ``*`` matches any ending
("рекорд*": рекорд, рекорда, рекордный), a leading ``*`` any beginning (German compounds: "*gericht*" finds
"Landgericht"), ``_`` stands for the space inside a phrase ("по_словам"). Inflected
languages need the stems; exact words stay exact so a stem never swallows an unrelated word.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

#: The languages extraction reads natively, as ISO 639-1 codes (Serbian in both its scripts).
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ru", "uk", "sr", "el", "kk", "es", "fr", "de")
#: Languages whose words are compared without accents or diacritics ("εκατομμύρια" = "εκατομμυρια", ё = е):
#: Greek is written with and without its accents; in the others the marks never tell two words apart.
FOLDED_LANGUAGES = frozenset({"el", "ru", "uk", "kk", "be"})

_NEVER = re.compile(r"(?!x)x")  # matches nothing: a list left empty fires no signal


def fold(text: str, language: str) -> str:
    """``text`` as the lexicons of ``language`` are written: lower case, typographic apostrophes straightened,
    and for ``FOLDED_LANGUAGES`` without accents."""
    lowered = text.lower().replace("’", "'").replace("ʼ", "'")
    if language not in FOLDED_LANGUAGES:
        return lowered
    decomposed = unicodedata.normalize("NFD", lowered)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _entry(word: str) -> str:
    stem, compound = word.endswith("*"), word.startswith("*") and len(word) > 1
    core = re.escape(word.strip("*")).replace("_", r"\s+").replace("\\ ", r"\s+")
    return (r"[\w'-]*" if compound else "") + core + (r"[\w'-]*" if stem else "")


def alternation(text: str, language: str, *raw: str) -> re.Pattern[str]:
    """A pattern matching any entry of ``text`` (see the module docstring) as a whole word, or any ``raw`` regex.

    Entries are folded like the text they run on, so a list may be written with its accents.
    """
    entries = [_entry(fold(word, language)) for word in text.split()]
    entries.sort(key=len, reverse=True)  # longest first: "по_словам" before "по"
    parts = [*entries, *raw]
    if not parts:
        return _NEVER
    return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w'])")


def not_followed_by(pattern: re.Pattern[str], raw: str) -> re.Pattern[str]:
    """``pattern`` where the text after its match does not begin with the regex ``raw``: a participle that is
    not a passive infinitive ("eröffnet werden": to be opened, not opened)."""
    return re.compile(f"(?:{pattern.pattern})(?!{raw})")


def values(text: str, language: str) -> dict[str, float]:
    """``"2 два две двух; 3 три"`` -> {"два": 2, "две": 2, "двух": 2, "три": 3}: each group a value and its forms."""
    table: dict[str, float] = {}
    for group in text.split(";"):
        parts = group.split()
        if not parts:
            continue
        value = float(parts[0])
        for word in parts[1:]:
            table[fold(word, language)] = value
    return table


@dataclass(frozen=True)
class Lexicon:
    """What extraction needs to know about one language, written in its own words (see the module docstring)."""

    code: str
    #: Abbreviations never ending a sentence ("проф", "κ", "Dr"), lower case, without their final dot.
    abbreviations: frozenset[str] = frozenset()
    #: Abbreviations that end a sentence only before a capitalised word ("etc", "и др").
    ambiguous_abbreviations: frozenset[str] = frozenset()
    #: Year and place abbreviations ("г." for год and for город): a sentence ends after one only when it
    #: follows a number and a capitalised word comes next ("в 2025 г. Правительство...").
    year_abbreviations: frozenset[str] = frozenset()
    #: Extra sentence-ending marks besides . ! ? … (Greek writes its question mark as ";").
    extra_terminators: str = ""
    #: Spelled-out numbers: every form of each number ("шестьсот", "шестисот" -> 600).
    number_words: Mapping[str, float] = field(default_factory=dict)
    #: Multipliers after a figure or a number word ("тыс", "млн", "εκατ", "Mrd", "millones").
    scales: Mapping[str, float] = field(default_factory=dict)
    #: Words joining number words ("y" in "treinta y cinco", "and" in "two hundred and fifty").
    number_connectors: frozenset[str] = frozenset()
    #: Whether "2.500" is two thousand five hundred (most of Europe) rather than two and a half.
    dot_groups_thousands: bool = True
    percent: re.Pattern[str] = _NEVER
    currency: re.Pattern[str] = _NEVER
    months: re.Pattern[str] = _NEVER
    record: re.Pattern[str] = _NEVER
    outcome: re.Pattern[str] = _NEVER
    laws: re.Pattern[str] = _NEVER
    trials: re.Pattern[str] = _NEVER
    causation: re.Pattern[str] = _NEVER
    money: re.Pattern[str] = _NEVER
    according_to: re.Pattern[str] = _NEVER
    attribution: re.Pattern[str] = _NEVER
    hedge_or_wish: re.Pattern[str] = _NEVER
    vague: re.Pattern[str] = _NEVER
    first_person: re.Pattern[str] = _NEVER
    speech_event: re.Pattern[str] = _NEVER
    future: re.Pattern[str] = _NEVER
    accomplishment: re.Pattern[str] = _NEVER


#: The language a module of this package is named after (Serbian's one module covers both its scripts).
_MODULES = {code: code for code in SUPPORTED_LANGUAGES}


@cache
def lexicon(language: str | None) -> Lexicon:
    """The lexicon of ``language`` (an ISO 639-1 code, a region or script suffix ignored: "sr-Latn" is "sr");
    a language without one gets an empty lexicon: figures, percentages and currency symbols still count."""
    code = (language or "en").split("-")[0].split("_")[0].lower()
    module = _MODULES.get(code)
    if module is None:
        return Lexicon(code)
    return importlib.import_module(f"{__name__}.{module}").LEXICON
