"""Which of the desk's topics a claim is about, suggested from the words of the claim and of its article.

Pure Python (no Django): the article pipeline hands in the topic list an admin keeps (each topic's
keywords) and the article's claims; editors accept or change the suggestions at the desk, so this only has
to put the likely topics in front of them, never decide.

A topic is suggested for a claim when its keywords are in the claim itself (or its speaker), or when the
article as a whole is about it: named in the title and the body, or again and again in the body. The
article's *entities* count like keywords: an acronym keyword ("NHS", "WHO") matches only in capitals, so
"who" the pronoun never suggests the World Health Organization.

Keywords: a word or phrase ("interest rate"), matched as whole words with an optional plural or possessive
("vaccine" finds "vaccines", "vaccine's"); a trailing ``*`` matches any ending ("immigra*": immigration,
immigrants).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

#: What a keyword found in each place adds to a topic's score.
WEIGHT_CLAIM = 3.0
WEIGHT_SPEAKER = 2.0
WEIGHT_TITLE = 2.0
WEIGHT_BODY = 1.0
#: Body mentions count up to this many times: a long article does not outweigh the claim itself.
BODY_MENTIONS_COUNTED = 2
#: The score a topic needs to be suggested: the claim names it, or the title and the body both do, or the
#: body names it at least twice and the speaker once.
MIN_SCORE = 3.0
#: At most this many topics are suggested for one claim, best first.
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class TopicSpec:
    """A topic as the library sees it: any key the caller knows it by (its id) and its keywords."""

    key: Hashable
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ClaimText:
    """A claim as the suggestion needs it: its sentence and who said it."""

    text: str
    speaker: str = ""


@dataclass(frozen=True)
class TopicSuggestion:
    """A topic suggested for a claim: its key, how strongly, and the keywords that were found (for the desk)."""

    key: Hashable
    score: float
    matched: tuple[str, ...]


def parse_keywords(raw: str) -> tuple[str, ...]:
    """Keywords as an admin types them: one a line or comma-separated; blank and repeated ones dropped."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,\n;]", raw or ""):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return tuple(seen.values())


def _is_acronym(keyword: str) -> bool:
    letters = [c for c in keyword if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    """The regular expression for one keyword (None for a keyword with no letters or digits)."""
    prefix = keyword.endswith("*")
    words = re.findall(r"\w+", keyword.rstrip("*"))
    if not words:
        return None
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    ending = r"\w*" if prefix else r"(?:s|es|'s|’s)?"
    flags = 0 if _is_acronym(keyword) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}{ending}(?!\w)", flags)


class _Topic:
    def __init__(self, spec: TopicSpec):
        self.key = spec.key
        self.patterns = [(k, p) for k in spec.keywords if (p := keyword_pattern(k)) is not None]

    def found(self, text: str) -> tuple[list[str], int]:
        """The keywords found in ``text`` and how many mentions in all."""
        keywords, mentions = [], 0
        for keyword, pattern in self.patterns:
            count = len(pattern.findall(text)) if text else 0
            if count:
                keywords.append(keyword)
                mentions += count
        return keywords, mentions


def suggest_for_article(
    topics: Iterable[TopicSpec],
    claims: Sequence[ClaimText],
    *,
    title: str = "",
    body: str = "",
    limit: int = MAX_SUGGESTIONS,
    min_score: float = MIN_SCORE,
) -> list[list[TopicSuggestion]]:
    """For each claim (in order), the topics suggested for it, best first (ties by the topics' order).

    The article's title and body are read once for all its claims.
    """
    compiled = [_Topic(spec) for spec in topics]
    compiled = [t for t in compiled if t.patterns]
    article: list[tuple[float, list[str]]] = []
    for topic in compiled:
        in_title, _ = topic.found(title)
        in_body, mentions = topic.found(body)
        score = WEIGHT_TITLE * bool(in_title) + WEIGHT_BODY * min(mentions, BODY_MENTIONS_COUNTED)
        article.append((score, in_title + [k for k in in_body if k not in in_title]))
    results = []
    for claim in claims:
        ranked = []
        for position, topic in enumerate(compiled):
            in_claim, _ = topic.found(claim.text)
            in_speaker, _ = topic.found(claim.speaker)
            base, article_words = article[position]
            score = base + WEIGHT_CLAIM * bool(in_claim) + WEIGHT_SPEAKER * bool(in_speaker)
            if score >= min_score:
                matched = list(dict.fromkeys(in_claim + in_speaker + article_words))
                ranked.append((-score, position, TopicSuggestion(topic.key, score, tuple(matched))))
        ranked.sort(key=lambda row: (row[0], row[1]))
        results.append([row[2] for row in ranked[:limit]])
    return results


def suggest_topics(
    topics: Iterable[TopicSpec], claim: str, *, speaker: str = "", title: str = "", body: str = ""
) -> list[TopicSuggestion]:
    """The topics suggested for one claim, best first: ``suggest_for_article`` for a single claim."""
    return suggest_for_article(topics, [ClaimText(claim, speaker)], title=title, body=body)[0]
