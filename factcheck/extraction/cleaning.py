"""Turning a scraped page into the article's paragraphs without losing track of where they were.

The cleaner works line by line and never rewrites text: every kept block is a (start, end) slice of
the raw text, so sentence offsets found later still point at what the reporter wrote. Each kind of
page chrome is recognised by one small rule below so it can be tested, and blamed, on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .language import detect_language, is_other_language

PARAGRAPH = "paragraph"
HEADING = "heading"
LIST_ITEM = "list_item"

#: Headings are short; a longer unpunctuated line is more likely a sentence whose full stop was lost.
MAX_HEADING_WORDS = 14
#: Menu entries ("All news", "Government Bodies") are shorter than any heading worth keeping.
MAX_NAVIGATION_WORDS = 4


@dataclass(frozen=True)
class Line:
    """One non-empty line of the raw text, whitespace trimmed, with its offsets in the raw text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A kept line: a paragraph, a list item or a section heading.

    ``body_start`` skips what belongs to the page rather than the prose (a list marker, a
    "MINSK, 21 November (BelTA) –" dateline) so sentences start at the first word of the prose.
    """

    kind: str
    text: str
    start: int
    end: int
    body_start: int


@dataclass(frozen=True)
class CleanedArticle:
    """The kept blocks plus every dropped line with the rule that dropped it, so a wrong drop can be traced."""

    title: str | None
    language: str
    blocks: tuple[Block, ...]
    dropped: tuple[tuple[Line, str], ...]

    @property
    def cleaned_text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


def split_lines(raw: str) -> list[Line]:
    """Non-blank lines with the offsets of their first and last visible character."""
    lines = []
    position = 0
    for chunk in raw.splitlines(keepends=True):
        stripped = chunk.strip()
        if stripped:
            start = position + (len(chunk) - len(chunk.lstrip()))
            lines.append(Line(stripped, start, start + len(stripped)))
        position += len(chunk)
    return lines


def join_soft_wraps(raw: str, lines: list[Line]) -> list[Line]:
    """Re-join a sentence that a hard-wrapped source broke over lines ("...treated 85" / "patients in 2024.").

    A line continues the previous one when they are adjacent (no blank line between), the previous one
    has no sentence punctuation at its end, and this one starts in lower case. The joined line spans
    both in the raw text, newline included, so offsets stay exact.
    """
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and line.text[:1].islower()
            and not ends_like_sentence(previous.text)
            and raw.count("\n", previous.end, line.start) == 1
        ):
            joined[-1] = Line(raw[previous.start : line.end], previous.start, line.end)
        else:
            joined.append(line)
    return joined


# --- Small text predicates shared by the rules -------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def ends_like_sentence(text: str) -> bool:
    """Whether the line ends with sentence punctuation (a colon counts: it introduces a list)."""
    return bool(_TERMINAL.search(text))


def normalise_for_comparison(text: str) -> str:
    """Lower-case, single-spaced, without trailing punctuation: how repeats are recognised."""
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"[\s.!?…:;,\"'”’»]+$", "", text)


# --- Drop rules: each says why a line is page chrome rather than article ----------------------------

_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(
    r"^(?:©|\(c\)|(?:photo|image|picture|illustration|video|graphic|foto|credit)s?"
    r"(?:\s+(?:source|credit|courtesy|by))?\s*[:©/|])",
    re.IGNORECASE,
)
_AGENCY_CREDIT = re.compile(r"\b(?:getty images|shutterstock|istock|depositphotos|freepik|unsplash)\b", re.I)
_SOURCE_LINE = re.compile(r"^(?:sources?|via|read (?:more|also)|see also|related)\s*:", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"for (?:general )?informational purposes only|does not constitute (?:medical|legal|financial) advice"
    r"|not (?:intended|meant) (?:as|to be) a substitute for|consult (?:a|your) (?:licensed |qualified )?"
    r"(?:physician|doctor|medical professional|healthcare provider)|all rights reserved"
    r"|we do not guarantee any specific results|this (?:site|website) uses cookies",
    re.IGNORECASE,
)
_SOCIAL = re.compile(
    r"^(?:follow us|share (?:this|on)|subscribe|sign up|like us|join us|download (?:our|the) app"
    r"|click here|tap here|read the full|comments?\b)",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTHS}(?:,?\s+\d{{4}})?|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})\b",
    re.IGNORECASE,
)
_DATELINE_NOISE = re.compile(
    rf"{_DATE.pattern}|\b{_WEEKDAYS}\b|\b\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?\b|\b(?:updated|published|posted)\b"
    r"|[,|·•–—-]",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?i:by|author|written by|reporting by|edited by|text by)\s*:?\s+"
    r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|,))*$"
)
_BREADCRUMB = re.compile(r"\s(?:>|»|›|\|)\s")
_LIST_MARKER = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-•*–—▪●])\s+")
_DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40},?\s+(?:[^()\n–—]{0,40}?\s*)?\([A-Za-z][^()\n]{0,40}\)\s*[–—-]+\s+"
    r"|^[A-Z][A-Z.'’ -]{1,40},\s+\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?\s*[–—-]+\s+"
)


def is_bare_domain(text: str) -> bool:
    """ "www.bankingnews.gr": the site's own address printed under the article."""
    return bool(_DOMAIN.match(text))


def is_photo_credit(text: str) -> bool:
    """ "Photo: Freepik", "Photo Source: Morozov Children's Hospital", "© Getty Images"."""
    if _PHOTO_CREDIT.match(text):
        return True
    return word_count(text) <= 8 and not ends_like_sentence(text) and bool(_AGENCY_CREDIT.search(text))


def is_source_line(text: str) -> bool:
    """ "Source: TASS": where the story came from, not something the story claims."""
    return bool(_SOURCE_LINE.match(text))


def is_disclaimer(text: str) -> bool:
    """Site-wide legal and medical boilerplate; one such phrase condemns the whole paragraph."""
    return bool(_DISCLAIMER.search(text))


def is_social_prompt(text: str) -> bool:
    """ "Follow us on:", "Share this article": calls to action, short by nature."""
    return word_count(text) <= 8 and bool(_SOCIAL.match(text))


def is_dateline(text: str) -> bool:
    """A line that is a date or timestamp plus at most two stray words ("Flag Friday, 12 December 2025")."""
    if ends_like_sentence(text) and not text.endswith(":"):
        return False
    if not (_DATE.search(text) or re.search(rf"\b{_WEEKDAYS}\b|\b\d{{1,2}}:\d{{2}}\b", text, re.I)):
        return False
    leftover = _DATELINE_NOISE.sub(" ", text)
    return word_count(leftover) <= 2


def is_byline(text: str) -> bool:
    """ "By Jane Smith and John Doe": who wrote the piece, not a claim."""
    return word_count(text) <= 10 and bool(_BYLINE.match(text))


def is_navigation(text: str) -> bool:
    """Menu entries and breadcrumbs: a few words with no sentence punctuation ("All news", "X")."""
    if _BREADCRUMB.search(text) and not ends_like_sentence(text):
        return True
    return word_count(text) <= MAX_NAVIGATION_WORDS and not ends_like_sentence(text)


def make_foreign_language_rule(language: str) -> Callable[[str], bool]:
    """The rule for lines in another language than the article's (a Greek menu over an English story)."""

    def is_foreign_language(text: str) -> bool:
        return is_other_language(text, language)

    is_foreign_language.__doc__ = f"Lines not written in {language!r}."
    return is_foreign_language


def drop_rules(language: str) -> list[tuple[str, Callable[[str], bool]]]:
    """The drop rules in the order they are tried; the first match names the reason."""
    return [
        ("foreign_language", make_foreign_language_rule(language)),
        ("bare_domain", is_bare_domain),
        ("photo_credit", is_photo_credit),
        ("source_line", is_source_line),
        ("disclaimer", is_disclaimer),
        ("social_prompt", is_social_prompt),
        ("dateline", is_dateline),
        ("byline", is_byline),
        ("navigation", is_navigation),
    ]


# --- Structure: title, repeats, headings, list items, datelines --------------------------------------


def is_heading(text: str) -> bool:
    """A short line without sentence punctuation: a section title, kept for reading but never scored."""
    return not ends_like_sentence(text) and word_count(text) <= MAX_HEADING_WORDS


def looks_like_title(text: str) -> bool:
    """The headline: an unpunctuated line long enough not to be a menu entry."""
    return not ends_like_sentence(text) and 4 <= word_count(text) <= 30


def list_marker_length(text: str) -> int:
    """Characters of a leading "1)", "2.", "a)" or bullet marker (0 when the line has none)."""
    match = _LIST_MARKER.match(text)
    return match.end() if match else 0


def dateline_prefix_length(text: str) -> int:
    """Characters of a leading wire dateline such as "MINSK, 21 November (BelTA) – " (0 when none)."""
    match = _DATELINE_PREFIX.match(text)
    return match.end() if match else 0


def find_title(lines: list[Line]) -> str | None:
    """The first title-like line standing before any prose paragraph, if there is one."""
    for line in lines:
        if looks_like_title(line.text):
            return line.text
        if ends_like_sentence(line.text) and word_count(line.text) > MAX_NAVIGATION_WORDS:
            return None
    return None


def repeated_line_indexes(lines: list[Line]) -> set[int]:
    """Indexes of lines that reappear later (a standfirst repeated as the first paragraph).

    The last copy is kept because it sits in the body, where the reader meets it in context.
    """
    last_index: dict[str, int] = {}
    for index, line in enumerate(lines):
        if word_count(line.text) >= 4:
            last_index[normalise_for_comparison(line.text)] = index
    return {
        index
        for index, line in enumerate(lines)
        if word_count(line.text) >= 4 and last_index[normalise_for_comparison(line.text)] != index
    }


def classify_block(line: Line) -> Block:
    if is_heading(line.text):
        return Block(HEADING, line.text, line.start, line.end, line.start)
    marker = list_marker_length(line.text)
    if marker:
        return Block(LIST_ITEM, line.text, line.start, line.end, line.start + marker)
    prefix = dateline_prefix_length(line.text)
    return Block(PARAGRAPH, line.text, line.start, line.end, line.start + prefix)


def clean(raw: str, *, title: str | None = None, language: str = "en") -> CleanedArticle:
    """Split ``raw`` into kept blocks and dropped lines; ``language`` is the fallback when detection is unsure.

    The title is the caller's when given, otherwise the headline found at the top; every copy of it is
    removed from the body so it is never mistaken for a claim.
    """
    detected = detect_language(raw, default=language)
    rules = drop_rules(detected)
    dropped: list[tuple[Line, str]] = []
    survivors: list[Line] = []
    for line in join_soft_wraps(raw, split_lines(raw)):
        reason = next((name for name, rule in rules if rule(line.text)), None)
        if reason:
            dropped.append((line, reason))
        else:
            survivors.append(line)

    title = title.strip() if title and title.strip() else find_title(survivors)
    if title:
        title_key = normalise_for_comparison(title)
        kept = []
        for line in survivors:
            if normalise_for_comparison(line.text) == title_key:
                dropped.append((line, "title"))
            else:
                kept.append(line)
        survivors = kept

    repeats = repeated_line_indexes(survivors)
    blocks = []
    for index, line in enumerate(survivors):
        if index in repeats:
            dropped.append((line, "repeated_line"))
        else:
            blocks.append(classify_block(line))
    dropped.sort(key=lambda item: item[0].start)
    return CleanedArticle(title or None, detected, tuple(blocks), tuple(dropped))
