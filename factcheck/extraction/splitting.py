"""Sentence splitting that returns offsets, tuned for news prose.

A regular expression finds every "., !, ? or … (plus closing quotes) followed by space" and a few rules
veto the ones that are not sentence ends: abbreviations ("Dr.", "e.g."), initials ("N.N. Alexandrov"),
and a lower-case continuation (“..., it is important,” the president said). It is an order of magnitude
faster than pysbd on long articles and returns exact offsets by construction, which pysbd's re-alignment
does not guarantee on text with odd whitespace.

Each language of ``lexicons`` adds its abbreviations ("проф.", "κ.", "z.B.", "Sra."), its year and place
abbreviations ("в 2025 г. Правительство" ends a sentence, "г. Москва" does not), its punctuation (Greek ends a
question with ";") and its quotes (« ainsi. » with spaces, German „…“, Spanish ¿…? and ¡…!).
"""

from __future__ import annotations

import re
from functools import cache

from .lexicons import lexicon
from .wordlists import words

#: Abbreviations that never end a sentence in news copy: titles and reference words.
ALWAYS_ABBREVIATIONS = words(
    """
    mr mrs ms dr prof st sr jr gen lt col maj capt cmdr adm sgt rev hon pres gov sen rep amb supt
    insp mt ft no nos vol vols fig figs pp ch sec art para approx ca cf vs v e.g i.e viz al ed eds
    """
)
#: Abbreviations that often end a sentence ("... in the U.S. The ..."): they end one only before a
#: word that typically starts a sentence.
AMBIGUOUS_ABBREVIATIONS = words(
    """
    etc inc ltd co corp plc llc bros jan feb mar apr jun jul aug sep sept oct nov dec est min max
    """
)
#: Words that begin a new sentence far more often than they continue a name after an abbreviation.
SENTENCE_STARTERS = words(
    """
    the a an this that these those it its he she we they i you his her our their there here in on at
    for but and or so yet however meanwhile still also as when while if after before since although
    according some many most all no none one two three more other such what who how why
    """
)

_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]]*(?=\s)")
_NEXT_TOKEN = re.compile(r"\s+([\"'“‘«(\[]*)(\S*)")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){1,}[A-Za-z]$")
#: Outside English: openers include „ ‚ ¿ ¡ and the dash of reported speech; « ainsi. » closes after a space.
_NEXT_TOKEN_ANY = re.compile(r"\s+([\"'“‘«„‚¿¡(\[—–-]*)(\S*)")
_DOTTED_ANY = re.compile(r"^(?:[^\W\d_]\.){1,}[^\W\d_]$")
_NUMBER = re.compile(r"^\d[\d.,]*$")


@cache
def _candidate(language: str) -> re.Pattern[str]:
    """Sentence-end candidates in ``language``: its terminators, then closing quotes (German closes with “)."""
    marks = "." + "!?" + lexicon(language).extra_terminators
    closers = "\"'”’»)\\]" + ("“‘" if language == "de" else "")
    return re.compile(rf"(?:[{re.escape(marks)}]+|…)[{closers}]*(?:[\u00a0\u202f ]»)?(?=\s)")


def _word_before(text: str, period_index: int) -> str:
    """The token ending at ``period_index``, found by walking back (a regex search would rescan the prefix)."""
    start = period_index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:period_index].lstrip("\"'“‘«([")


def _is_sentence_starter(word: str) -> bool:
    return word.rstrip(",;:").lower() in SENTENCE_STARTERS


def _is_boundary(text: str, mark: re.Match[str], language: str = "en", start: int = 0) -> bool:
    if language != "en":
        return _is_boundary_in(text, mark, language, start)
    after = _NEXT_TOKEN.match(text, mark.end())
    if not after:
        return False
    opener, next_word = after.group(1), after.group(2)
    if not next_word and not opener:
        return False
    first = next_word[:1]
    if first and not (first.isupper() or first.isdigit() or opener or not first.isalpha()):
        return False  # "“..., it is important,” the president said" continues the sentence
    punctuation = mark.group(0)
    if not punctuation.startswith(".") or punctuation.startswith(".."):
        return True
    word = _word_before(text, mark.start())
    lowered = word.lower()
    if lowered in ALWAYS_ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "N. Alexandrov", "J. Smith"
    if _DOTTED_ACRONYM.match(word):
        # "N.N. Alexandrov" is a name; "the U.S. The" ends a sentence.
        if all(len(part) == 1 for part in word.split(".")) and word.count(".") == 1 and not opener:
            return _is_sentence_starter(next_word)
        return _is_sentence_starter(next_word) or bool(opener)
    if lowered in AMBIGUOUS_ABBREVIATIONS:
        return _is_sentence_starter(next_word) or bool(opener)
    return True


def _word_before_is_number(text: str, period_index: int) -> bool:
    word = _word_before(text, period_index)
    before = text[: period_index - len(word)].rstrip()
    return bool(_NUMBER.match(_word_before(before, len(before)) if before else ""))


#: Words a sentence has before "<year> г." for the abbreviation to end it: "В 2025 г. Правительство выделило"
#: opens a sentence with its date, "Выручка выросла в 2025 г. Правительство..." closes one.
YEAR_END_MIN_WORDS = 4


def _is_boundary_in(text: str, mark: re.Match[str], language: str, start: int = 0) -> bool:
    """``_is_boundary`` for a language other than English, with its lexicon's abbreviations and punctuation."""
    words_of = lexicon(language)
    after = _NEXT_TOKEN_ANY.match(text, mark.end())
    if not after:
        return False
    opener, next_word = after.group(1), after.group(2)
    if not next_word and not opener:
        return False
    first = next_word[:1]
    if first and not (first.isupper() or first.isdigit() or opener or not first.isalpha()):
        return False  # a lower-case continuation: «...», — сказал он
    punctuation = mark.group(0)
    if not punctuation.startswith(".") or punctuation.startswith(".."):
        return True
    word = _word_before(text, mark.start()).lstrip("„‚¿¡—–")
    lowered = word.lower()
    capitalised = bool(first and first.isupper()) or bool(opener)
    if lowered in words_of.abbreviations:
        return False
    if lowered in words_of.year_abbreviations:
        # "в 2025 г. Правительство" ends a sentence; "г. Москва" and "2025 г. в мае" do not.
        opening = len(text[start : mark.start()].split()) < YEAR_END_MIN_WORDS
        return capitalised and not opening and _word_before_is_number(text, mark.start())
    if len(word) == 1 and word.isalpha():
        return False if word.isupper() else capitalised and len(next_word) > 1  # an initial; "т. е."
    if _DOTTED_ANY.match(word):
        return capitalised and word.upper() == word and len(word) > 3  # "т.е." no; "США." / "U.S." before a capital
    if lowered in words_of.ambiguous_abbreviations:
        return capitalised
    # "am 5. März": a German ordinal date, not a sentence end.
    return not (word.isdigit() and len(word) <= 2 and words_of.months.fullmatch(next_word.lower().rstrip(".,")))


def split_spans(text: str, offset: int = 0, language: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, shifted by ``offset``, whitespace trimmed.

    Every character of ``text`` that is not leading or trailing whitespace of a sentence belongs to
    exactly one span, so nothing the reporter wrote is ever lost between sentences. ``language`` (ISO 639-1,
    English when not given) brings that language's abbreviations and punctuation.
    """
    language = (language or "en").split("-")[0]
    candidates = _CANDIDATE if language == "en" else _candidate(language)
    spans = []
    start = 0
    for mark in candidates.finditer(text):
        if _is_boundary(text, mark, language, start):
            spans.append((start, mark.end()))
            start = mark.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        piece = text[begin:end]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        first = offset + begin + lead
        trimmed.append((first, first + len(stripped)))
    return trimmed


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """The sentences of ``text`` as strings (convenience for tests and notebooks)."""
    return [text[start:end] for start, end in split_spans(text, language=language)]
