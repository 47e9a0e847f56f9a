"""Where quotations are in a sentence, so attribution reads only the words around them.

News copy mixes curly quotes, guillemets, straight double quotes and (in British style) single quotes,
and a quotation may open in one sentence and close three sentences later. The scanner carries the
open quotation marks from sentence to sentence and tells apart an apostrophe ("Novak's", "O'Connor",
"teachers' union") from a single quotation mark by the characters around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Opening mark -> the marks that close it. „ closes with “ in German-style copy.
_PAIRS = {"“": "”", "«": "»", "„": "“”", "‘": "’", "‹": "›", '"': '"', "'": "'"}
_MARK = re.compile("[“”«»„‘’‹›\"']")
_OPENERS_BEFORE = " \t\n([{—–-:;/"


@dataclass(frozen=True)
class QuotedSentence:
    """A sentence cut into (text, quoted) parts, and the quotation marks still open after it."""

    parts: tuple[tuple[str, bool], ...]
    open_after: tuple[str, ...]

    @property
    def plain_parts(self) -> list[tuple[int, str]]:
        """(index, text) of the unquoted parts: where an attribution can stand."""
        return [(index, text) for index, (text, quoted) in enumerate(self.parts) if not quoted]

    @property
    def has_quote(self) -> bool:
        return any(quoted and text.strip() for text, quoted in self.parts)

    @property
    def starts_quoted(self) -> bool:
        """Whether the sentence begins inside a quotation (opened here or earlier)."""
        for text, quoted in self.parts:
            if text.strip():
                return quoted
        return False


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _opens_single(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before in _OPENERS_BEFORE or before in '“"') and (_is_word_char(after) or after in "….")


def _closes_single(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and not (_is_word_char(before) and _is_word_char(after))


def scan_quotes(text: str, open_marks: tuple[str, ...] = ()) -> QuotedSentence:
    """Cut ``text`` into quoted and unquoted parts, starting with ``open_marks`` already open."""
    stack = list(open_marks)
    parts: list[tuple[str, bool]] = []
    start = 0
    for mark in _MARK.finditer(text):
        index, char = mark.start(), mark.group(0)
        if stack and char in _PAIRS[stack[-1]] and (char not in "'’" or _closes_single(text, index)):
            stack.pop()
            if not stack:
                parts.append((text[start : index + 1], True))
                start = index + 1
            continue
        opens = char in "“«„‹" or char == '"' or (char in "‘'" and _opens_single(text, index))
        if opens:
            if not stack:
                parts.append((text[start:index], False))
                start = index
            stack.append(char)
    if start < len(text):
        parts.append((text[start:], bool(stack)))
    return QuotedSentence(tuple(part for part in parts if part[0]), tuple(stack))
