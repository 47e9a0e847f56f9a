"""What one sentence says about its speaker: a name, a surname, a role, a pronoun, or explicitly no one.

Patterns, not a parser: around each speech verb outside quotation marks the subject is the noun phrase
before it (walking back over appositions: "The health minister, Maria Novak, said"), or, after a
quote or a comma, the phrase after it ("..., said Tomasz Wójcik"). "According to X", "was given by X",
"in her words", "X disagreed, saying ...", "Name: claim" headlines and "X was blunt: '...'" are read
the same way. The answer is a :class:`Cue`; ``attribution`` resolves surnames, roles and pronouns
against what the article said earlier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution_lexicon import ENGLISH, Lexicon
from .attribution_quotes import QuotedSentence

PERSON, NAME, ORGANISATION, PERSON_ROLE, ORGANISATION_ROLE, PRONOUN, NOBODY = (
    "person",
    "name",
    "organisation",
    "person_role",
    "organisation_role",
    "pronoun",
    "nobody",
)
_WORD = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?$")
_POSSESSIVE = re.compile(r"['’]s$")
_DETERMINERS = {"the", "its", "his", "her", "their", "our", "a", "an", "this", "that"}
_CONJUNCTIONS = {"but", "and", "then", "so", "yet", "however", "as", "while", "now", "meanwhile", "since"}
_QUOTE_END = re.compile(r"[,.!?…]\W?$")
_TEAM = re.compile(r"\s+and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-authors|others|team|researchers)$")


@dataclass(frozen=True)
class Cue:
    """``kind`` is one of the constants above; ``value`` the name, surname, role noun or pronoun."""

    kind: str
    value: str = ""


@dataclass(frozen=True)
class PersonSpan:
    name: str
    start: int
    end: int


def _is_word(token: str) -> bool:
    return bool(_WORD.match(token))


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _bare(token: str) -> str:
    return _POSSESSIVE.sub("", token.rstrip(".")).lower()


class PhraseReader:
    """The cue finder for one language's :class:`Lexicon`; ``find_people`` finds person names in text."""

    def __init__(self, find_people, lexicon: Lexicon = ENGLISH) -> None:
        self.lexicon = lexicon
        self.find_people = find_people
        self._stops_name = lexicon.prepositions | lexicon.speech_verbs
        verbs = "|".join(lexicon.verb_forms())
        self._verb = re.compile(rf"(?<![\w'’-])(?:{verbs})(?![\w'’-])")
        self._capital_verb = re.compile(rf"^\s*(?:{verbs})(?![\w'’-])", re.IGNORECASE)
        participles = "|".join(sorted(lexicon.participles))
        self._participle = re.compile(rf",\s*(?:{participles})\b")
        passives = "|".join(sorted(lexicon.passive_verbs))
        self._by = re.compile(rf"\b(?:{passives})\s+by\s+")
        self._according = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
        opinions = "|".join(sorted(lexicon.opinion_nouns))
        self._opinion = re.compile(
            rf"^\W*(?:(?:in|by)\s+)?(his|her|their)\s+(?:own\s+)?(?:{opinions})\b", re.IGNORECASE
        )

    # -- noun phrases --------------------------------------------------------------------------

    def classify(self, phrase: str) -> Cue | None:
        """What a noun phrase that stands where a speaker stands names: a person, a surname, an organisation."""
        phrase = _TEAM.sub("", phrase.strip())
        people = self.find_people(phrase)
        if people:
            return Cue(PERSON, people[0].name)
        tokens = phrase.split()
        lowered = [_bare(token) for token in tokens]
        if any(word in self.lexicon.generic_sources for word in lowered[:2]) and not any(
            _is_capitalised(t) and _bare(t) not in self.lexicon.generic_sources for t in tokens[1:]
        ):
            return Cue(NOBODY)
        capitalised = self._capitalised_tail(tokens)
        if not capitalised:
            return None
        after_the = len(capitalised) < len(tokens) and tokens[len(tokens) - len(capitalised) - 1].lower() == "the"
        names = [t for t in capitalised if _bare(t) not in self.lexicon.titles]
        while names and names[0].lower() in self.lexicon.name_connectors:
            names.pop(0)
        if not names:
            return None
        words = [_bare(t) for t in names]
        if all(w in self.lexicon.places | self.lexicon.name_connectors for w in words):
            return None
        if len(names) == 1:
            word = names[0].rstrip(".")
            if words[0] in self.lexicon.not_speakers | self.lexicon.function_words | self.lexicon.generic_sources:
                return Cue(NOBODY) if words[0] in self.lexicon.generic_sources else None
            is_acronym = word.isupper() and len(word) >= 2
            if after_the and not is_acronym and words[0] not in self.lexicon.organisation_words:
                return None  # "the Strategy", "the Constitution": a document, not a speaker
            return Cue(NAME, word)
        return Cue(ORGANISATION, " ".join(n.rstrip(".") if i == len(names) - 1 else n for i, n in enumerate(names)))

    def _capitalised_tail(self, tokens: list[str]) -> list[str]:
        """The run of capitalised words (with "of", "for" ... inside) that ends the phrase."""
        run: list[str] = []
        for token in reversed(tokens):
            if _is_word(token) and (_is_capitalised(token) or (run and token.lower() in self.lexicon.name_connectors)):
                run.insert(0, token)
            else:
                break
        while run and not _is_capitalised(run[0]):
            run.pop(0)
        return run

    def is_noun_phrase(self, segment: str) -> bool:
        """A name with at most four describing words before it: "Norwegian transport minister Jon Eriksen"."""
        tokens = _TEAM.sub("", segment.strip()).split()
        if not tokens or not all(_is_word(t) for t in tokens):
            return False
        tail = self._capitalised_tail(tokens)
        if not tail:
            return False
        prefix = tokens[: len(tokens) - len(tail)]
        if prefix and prefix[0].lower() in ("the", "a", "an"):
            prefix = prefix[1:]
        lowers = [t for t in prefix if not _is_capitalised(t)]
        return (
            len(prefix) <= 5
            and len(lowers) <= 4
            and not any(
                t.lower() in self.lexicon.prepositions | self.lexicon.function_words
                or t.lower() in self.lexicon.speech_verbs
                for t in lowers
            )
        )

    def role(self, segment: str) -> Cue | None:
        """ "the education minister", "its chairman", "the company's" (definite), "a senior official" (nobody)."""
        tokens = segment.strip().split()
        if not tokens or tokens[0].lower() not in _DETERMINERS:
            return None
        for position, token in enumerate(tokens[1:6], start=1):
            word = _bare(token)
            if word in self.lexicon.prepositions:
                return None
            kind = (
                PERSON_ROLE
                if word in self.lexicon.person_roles
                else ORGANISATION_ROLE
                if word in self.lexicon.organisation_roles
                else None
            )
            if kind:
                if tokens[0].lower() in ("a", "an"):
                    return Cue(NOBODY)
                rest = tokens[position + 1 :]
                if rest and rest[0].lower() not in ("of", "for", "at", "in") and not _POSSESSIVE.search(token):
                    continue
                return Cue(kind, word)
        return None

    def _pronoun(self, segment: str) -> Cue | None:
        tokens = segment.strip().split()
        if len(tokens) == 1 and tokens[0].lower() in self.lexicon.subject_pronouns:
            return Cue(PRONOUN, tokens[0].lower())
        return None

    def _strip_conjunction(self, segment: str) -> str:
        tokens = segment.split()
        while len(tokens) > 1 and tokens[0].lower() in _CONJUNCTIONS:
            tokens.pop(0)
        return " ".join(tokens)

    def _strip_modifiers(self, left: str) -> str:
        tokens = left.split()
        while tokens and tokens[-1].lower() in self.lexicon.verb_modifiers:
            tokens.pop()
        return " ".join(tokens)

    # -- positions around a verb ---------------------------------------------------------------

    def subject_before(self, left: str) -> Cue | None:
        """The speaker standing before a verb: the phrase right before it, or, when a comma closes an
        apposition ("The health minister, Maria Novak, said"), the name among the comma-enclosed parts."""
        segments = self._strip_modifiers(left).split(",")
        last = self._strip_conjunction(segments[-1].strip())
        if last:
            return self._subject(last)
        fallback: Cue | None = None
        for segment in reversed(segments[:-1]):
            segment = self._strip_conjunction(segment.strip())
            if not segment:
                break
            found = self._pronoun(segment)
            if found:
                return found
            if self.is_noun_phrase(segment):
                found = self.classify(segment)
                if found and found.kind != NOBODY:
                    return found
                return found or fallback
            found = self.role(segment) or self._generic(segment)
            if found:
                fallback = found
            elif not self._is_apposition(segment):
                break
        return fallback

    def _subject(self, phrase: str) -> Cue | None:
        found = self._pronoun(phrase)
        if found:
            return found
        if self.is_noun_phrase(phrase):
            return self.classify(phrase)
        return self.role(phrase) or self._generic(phrase)

    def _generic(self, segment: str) -> Cue | None:
        tokens = [_bare(token) for token in segment.split()[:3]]
        if tokens and (
            tokens[0] in self.lexicon.generic_sources
            or (len(tokens) > 1 and tokens[0] in self.lexicon.quantifiers and tokens[1] in self.lexicon.generic_sources)
        ):
            return Cue(NOBODY)
        if (
            tokens
            and tokens[0] in self.lexicon.quantifiers
            and len(tokens) > 1
            and not _is_capitalised(segment.split()[1])
        ):
            return Cue(NOBODY)  # "some economists", "many parents"
        return None

    def _is_apposition(self, segment: str) -> bool:
        """ "a nurse at the hospital", "who chairs the union", "42": words about a name, not a clause."""
        tokens = segment.strip().split()
        if not tokens:
            return False
        first = tokens[0]
        return first[0].isdigit() or not _is_capitalised(first) or first.lower() in _DETERMINERS | {"who", "whose"}

    def phrase_after(self, right: str) -> Cue | None:
        """The speaker right after a verb, "according to" or "by": "said fire chief Liam O'Connor, ..."."""
        segments = re.split(r"[,;:]", right)
        head = segments[0]
        tokens = head.split()
        if not tokens:
            return None
        first = tokens[0].lower()
        if first in self.lexicon.object_pronouns | self.lexicon.subject_pronouns and len(tokens) <= 2:
            return Cue(PRONOUN, first)
        if first in self.lexicon.possessive_pronouns:
            return Cue(PRONOUN, first)
        taken: list[str] = []
        for token in tokens:
            if not _is_word(token):
                break
            connector = taken and _is_capitalised(taken[-1]) and token.lower() in self.lexicon.name_connectors
            if _is_capitalised(token) or connector:
                taken.append(token)
                continue
            if any(_is_capitalised(t) for t in taken):
                break
            if len(taken) >= 5 or token.lower() in self._stops_name:
                break
            taken.append(token)
        while taken and not _is_capitalised(taken[-1]):
            taken.pop()
        if taken and self.is_noun_phrase(" ".join(taken)):
            return self.classify(" ".join(taken))
        found = self.role(head) or self._generic(head)
        if found and found.kind in (PERSON_ROLE, ORGANISATION_ROLE) and len(segments) > 1:
            apposition = segments[1].strip()
            if self.is_noun_phrase(apposition):
                named = self.classify(apposition)
                if named and named.kind in (PERSON, NAME):
                    return named
        return found

    def source_after(self, right: str) -> Cue | None:
        """The source in "according to a report by Amnesty International" or "to the company's report"."""
        tokens = right.split()
        if not tokens:
            return None
        first = tokens[0].lower().strip(",.;:")
        if first in self.lexicon.possessive_pronouns | self.lexicon.object_pronouns:
            return Cue(PRONOUN, first)
        position, document = 0, False
        while position < min(len(tokens), 8):
            token = tokens[position]
            word = token.lower().strip(",.;:")
            if _POSSESSIVE.search(word) and _bare(word) in self.lexicon.organisation_roles | self.lexicon.person_roles:
                return self.role(f"the {_bare(word)}")
            if word in self.lexicon.document_nouns:
                document = True
            elif word in ("by", "from", "of") and document:
                position += 1
                break
            elif word not in self.lexicon.document_modifiers:
                break
            position += 1
            if token.endswith(","):
                return Cue(NOBODY) if document else None  # "according to the latest data, ..."
        if document:
            if position >= len(tokens) or tokens[position - 1].lower() not in ("by", "from", "of"):
                return Cue(NOBODY)
            tokens = tokens[position:]
        return self.phrase_after(" ".join(tokens))

    def subject_at_start(self, text: str) -> Cue | None:
        """The subject that opens a clause: "Esposito disagreed, ...", "The coach, Marco Bianchi, was clear"."""
        segments = text.split(",")
        tokens = segments[0].split()
        taken = []
        for token in tokens:
            if _is_word(token) and (
                _is_capitalised(token)
                or token.lower() in self.lexicon.titles | self.lexicon.person_roles
                or (taken and token.lower() in self.lexicon.name_connectors)
                or token.lower() in ("the", "a", "an")
            ):
                taken.append(token)
                continue
            break
        phrase = self._strip_conjunction(" ".join(taken))
        if not phrase:
            return None
        if self._pronoun(phrase):
            return self._pronoun(phrase)
        if len(segments) > 1 and len(taken) == len(tokens):
            found = self.role(phrase)
            apposition = segments[1].strip()
            if found and self.is_noun_phrase(apposition):
                named = self.classify(apposition)
                if named and named.kind in (PERSON, NAME):
                    return named
            if found:
                return found
        if self.is_noun_phrase(phrase):
            return self.classify(phrase)
        return self.role(phrase) or self._generic(phrase)

    # -- the sentence --------------------------------------------------------------------------

    def cue(self, sentence: QuotedSentence) -> Cue | None:
        """The first speaker cue outside quotation marks, reading the sentence left to right."""
        parts = sentence.parts
        for index, text in sentence.plain_parts:
            # a quotation ends in punctuation ("...,” she said); scare quotes ("academic" products) do not
            after_quote = index > 0 and bool(_QUOTE_END.search(parts[index - 1][0]))
            before_quote = index + 1 < len(parts)
            found = self._cue_in_part(text, at_start=index == 0, after_quote=after_quote)
            if found:
                return found
            if after_quote:
                found = self.subject_at_start(text.lstrip(" ,–—-"))
                if found and found.kind in (PERSON, NAME):
                    return found  # “Good,” Aleksandr Lukashenko backed the proposal.
            stripped = text.rstrip()
            if before_quote and stripped.endswith(":") and index == 0:
                found = self.subject_at_start(stripped[:-1])
                if found:
                    return found
        return None

    def _cue_in_part(self, text: str, *, at_start: bool, after_quote: bool) -> Cue | None:
        opinion = self._opinion.search(text)
        if opinion:
            return Cue(PRONOUN, opinion.group(1).lower())
        according = self._according.search(text)
        if according:
            return self.source_after(text[according.end() :]) or Cue(NOBODY)
        by = self._by.search(text)
        if by:
            found = self.source_after(text[by.end() :])
            if found:
                return found
        verbs = list(self._verb.finditer(text))
        if at_start:
            capital = self._capital_verb.match(text)
            if capital and not text.lstrip()[:1].islower():
                verbs.insert(0, capital)
        for verb in verbs:
            left = text[: verb.start()]
            found = self.subject_before(left)
            if found:
                return found
            before = self._strip_modifiers(left).rstrip()
            if not before or before.endswith((",", ":", "—", "–")) or (after_quote and not before.strip(" ,")):
                found = self.phrase_after(text[verb.end() :])
                if found:
                    return found
        participle = self._participle.search(text)
        if participle:
            found = self.subject_at_start(text[: participle.start()])
            if found:
                return found
        if at_start:
            headline = re.match(r"^\s*([^:]{2,80}):\s+\S", text)
            if headline and self.is_noun_phrase(headline.group(1)):
                found = self.classify(headline.group(1))
                claim = text[headline.end() - 1]
                # "Oxfam: 50 million face hunger" but not a list item "Glioblastoma: One of the ..."
                if found and (found.kind == PERSON or not claim.isupper()):
                    return found
        return None
