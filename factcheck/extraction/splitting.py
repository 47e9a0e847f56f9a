"""Sentence splitting that returns offsets, tuned for news prose.

A regular expression finds every "., !, ? or … (plus closing quotes) followed by space" and a few rules
veto the ones that are not sentence ends: abbreviations ("Dr.", "e.g."), initials ("N.N. Alexandrov"),
and a lower-case continuation (“..., it is important,” the president said). It is an order of magnitude
faster than pysbd on long articles and returns exact offsets by construction, which pysbd's re-alignment
does not guarantee on text with odd whitespace.
"""

from __future__ import annotations

import re

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


def _word_before(text: str, period_index: int) -> str:
    """The token ending at ``period_index``, found by walking back (a regex search would rescan the prefix)."""
    start = period_index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:period_index].lstrip("\"'“‘«([")


def _is_sentence_starter(word: str) -> bool:
    return word.rstrip(",;:").lower() in SENTENCE_STARTERS


def _is_boundary(text: str, mark: re.Match[str]) -> bool:
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


def split_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, shifted by ``offset``, whitespace trimmed.

    Every character of ``text`` that is not leading or trailing whitespace of a sentence belongs to
    exactly one span, so nothing the reporter wrote is ever lost between sentences.
    """
    spans = []
    start = 0
    for mark in _CANDIDATE.finditer(text):
        if _is_boundary(text, mark):
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


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience for tests and notebooks)."""
    return [text[start:end] for start, end in split_spans(text)]
