"""Which kind of claim a sentence makes, in Full Fact's taxonomy.

Rules, tried in this order; the first that fires wins, because that is the order in which they
change how the desk checks the claim:

1. ``prediction``: a forecast or plan ("will", "plans to", "expected to", "by 2026") cannot be
   verified yet, whatever else it contains; the desk tracks it instead.
2. ``laws_rules``: a claim about a law, decree, approval or licence is checked against the legal text
   or the regulator's register, even when it contains a number.
3. ``quantity``: a figure, amount, percentage or sum of money (years alone do not count).
4. ``correlation_causation``: one thing causes, cures, reduces or prevents another.
5. ``personal_experience``: the speaker's own experience in the first person ("we have", "I saw").
6. ``other``: any remaining claim (records, firsts and onlys, descriptions of fact).

Outside English the same rules, in the same order, read the language's lexicon (``lexicons``): its future and
plan words, its laws and approvals, its figures and scale words, its causal verbs and its first person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .lexicons import fold, lexicon
from .signals import MONEY, PERCENT, foreign_signal_vector, has_quantity

PREDICTION = re.compile(
    r"\b(?:will|won't|shall|plans?(?:,[^,]{1,40},)?\s+to|planned\s+to|planning\s+to|(?:is|are)\s+expected"
    r"|expected\s+to|expects\s+to|is\s+to\s+be"
    r"|are\s+to\s+be|going\s+to|set\s+to|due\s+to\s+(?:start|begin|open|be|launch)|aims?\s+to|intends?\s+to"
    r"|may\s+become|could\s+become|is\s+likely\s+to|forecast\w*|predict\w*|projected\s+to|by\s+20\d\d)\b",
    re.IGNORECASE,
)
LAWS_RULES = re.compile(
    r"\b(?:laws?|decree\w*|legislation|legal(?:ly)?|illegal|regulat\w*|approv\w*|licen[cs]\w*|bans?|banned"
    r"|bill|statute|constitution\w*|court|ruling|authori[sz]ation|authori[sz]ed|mandatory|obliged|obliges"
    r"|prohibit\w*|permitted|guidelines|officially)\b",
    re.IGNORECASE,
)
CAUSATION = re.compile(
    r"\b(?:cause[sd]?|causing|leads?\s+to|led\s+to|results?\s+in|resulted\s+in|reduc\w+|increas\w+|prevent\w*"
    r"|cur(?:e|es|ed|ing)|linked\s+to|associated\s+with|because\s+of|thanks\s+to|due\s+to|effective\s+(?:at|in|against)"
    r"|destroy\w*|kills?|improv\w+|boosts?|lowers?|protects?|responsible\s+for"
    r"|contribut\w+\s+to|saves?\s+lives)\b",
    re.IGNORECASE,
)
#: First person; "us" only in lower case, so "the US" is not the speaker.
PERSONAL = re.compile(r"\b(?:I|[Ww]e|[Mm]y|[Oo]ur|me|us)\b")
_CURRENCY_AMOUNT = re.compile(r"[$€£¥₽]\s?\d|\d\s?(?:dollars|euros|pounds|rubles|roubles)\b", re.IGNORECASE)


def is_quantity_claim(text: str) -> bool:
    """A figure, a percentage or an amount of money; a year on its own is not a quantity."""
    lower = text.lower()
    return (
        has_quantity(text)
        or bool(PERCENT.search(lower) and re.search(r"\d", lower))
        or bool(_CURRENCY_AMOUNT.search(lower) and MONEY.search(lower))
    )


RULES: tuple[tuple[str, object], ...] = (
    ("prediction", lambda text: bool(PREDICTION.search(text))),
    ("laws_rules", lambda text: bool(LAWS_RULES.search(text))),
    ("quantity", is_quantity_claim),
    ("correlation_causation", lambda text: bool(CAUSATION.search(text))),
    ("personal_experience", lambda text: bool(PERSONAL.search(text))),
)


@cache
def _foreign_rules(language: str) -> tuple[tuple[str, Callable[[str], bool]], ...]:
    words = lexicon(language)

    def is_quantity(text: str) -> bool:
        quantity, percent = foreign_signal_vector(text, words.code)[:2]
        return bool(quantity) or (bool(percent) and bool(re.search(r"\d", text)))

    return (
        ("prediction", lambda text: bool(words.future.search(fold(text, words.code)))),
        ("laws_rules", lambda text: bool(words.laws.search(fold(text, words.code)))),
        ("quantity", is_quantity),
        ("correlation_causation", lambda text: bool(words.causation.search(fold(text, words.code)))),
        ("personal_experience", lambda text: bool(words.first_person.search(fold(text, words.code)))),
    )


def classify_claim_type(text: str, language: str = "en") -> str:
    """The first type in ``RULES`` order whose rule fires, else "other" (``language``: ISO 639-1)."""
    rules: tuple[tuple[str, object], ...] = RULES if language == "en" else _foreign_rules(language)
    for name, rule in rules:
        if rule(text):
            return name
    return "other"
