"""Who makes each claim: the quoted or reported speaker, or None when it is the publication's own.

News copy attributes in a handful of shapes, all handled by patterns rather than a parser:

* a quote followed by its attribution: “...,” Sergei Krasny said / «...», noted Vyacheslav Ogay, ...
* a quote introduced by its speaker: The scientist said: “...”
* reported speech: According to NAME, ... / NAME emphasized ... / he clarified that ... / In his words, ...
* a passive announcement: The initiative was announced by Deputy Mayor NAME.

A quotation spanning several sentences belongs to whoever is named where it opens or closes. Pronouns
("he", "her statement") and role nouns ("the scientist", "the head of state") are resolved to a person
whose title matches the role, else to the most recent speaker or sentence subject within the current
and the two previous paragraphs. Names are returned without
their titles ("Sergei Krasny", not "Deputy Director ... Sergei Krasny").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .wordlists import words

#: How many paragraphs back a pronoun may reach for its antecedent.
PARAGRAPH_WINDOW = 2
#: How many recent mentions a role noun is compared with (keeps long articles linear).
RECENT_MENTIONS = 50

SPEECH_VERBS = (
    "said|says|say|noted|notes|stated|states|told|tells|added|adds|emphasi[sz]ed|emphasi[sz]es|stressed|stresses"
    "|explained|explains|clarified|clarifies|announced|announces|claimed|claims|reported|reports|argued|argues"
    "|warned|warns|confirmed|confirms|insisted|insists|believes|believed|pointed out|informed|reminded|recalled"
    "|remarked|observed|underlined|underscored|shared|asserted|declared|continued|concluded|wrote|writes"
    "|drew attention|talked|spoke|replied|answered|assured|admitted|is convinced|was convinced|expressed"
)
_SPEECH = rf"(?:{SPEECH_VERBS})"
TITLE_WORDS = words(
    """
    mr mrs ms dr prof professor president vice prime minister deputy director general acting
    chairman chairwoman chair head chief mayor governor senator secretary spokesman spokeswoman
    spokesperson ambassador academician doctor chancellor king queen prince minister's commissioner
    manager founder ceo officer leader member presidium council board science sciences for of the
    and in at
    """
)
ORG_WORDS = words(
    """
    university institute center centre hospital clinic academy agency office organization
    organisation ministry department council committee company corporation bank group media news
    party union association foundation school college laboratory service services government
    parliament court fund society federation republic city region state nmrc cancer medical research
    national federal international chemistry
    """
)
PLACE_WORDS = words(
    """
    europe asia africa america eastern western northern southern central russia belarus kazakhstan
    serbia moscow minsk china usa ukraine germany france britain united kingdom states
    """
)
LEADING_WORDS = words(
    """
    the a an according after before although while when if in on at for but and or as during
    speaking this that these those it its he she they we our his her their however meanwhile
    nevertheless also
    """
)
ROLE_NOUNS = (
    "scientist|president|leader|head|minister|doctor|expert|official|director|chairman|chairwoman|mayor"
    "|spokesperson|spokesman|spokeswoman|researcher|professor|physician|governor|chief|specialist|academician"
    "|oncologist|surgeon|author|manager|ceo|founder|deputy|source|representative|analyst|economist"
)

_ROLE_NOUN = re.compile(rf"\b(?:{ROLE_NOUNS})\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_ROLE_PHRASE = re.compile(
    rf"\bthe\s+((?:[\w’'-]+\s+){{0,8}}?(?:{ROLE_NOUNS})(?:\s+of\s+(?:the\s+)?[\w’' -]{{1,80}}?)?)\s+"
    rf"(?:also\s+)?{_SPEECH}\b",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(r"\baccording to\s+(.{1,160})", re.IGNORECASE)
_IN_WORDS = re.compile(
    r"\b(?:in|according to)\s+(his|her|their)\s+(?:words|view|opinion|statement|estimate|assessment)\b", re.I
)
_PRONOUN_SPEECH = re.compile(rf"\b(he|she|they)\s+(?:also\s+|further\s+|then\s+)?{_SPEECH}\b", re.IGNORECASE)
_BY_NAME = re.compile(r"\b(?:announced|stated|reported|said|made|presented|proposed)\s+by\s+(.{1,120})", re.I)
_OPENERS = "“«„"
_CLOSERS = "”»"


@dataclass(frozen=True)
class PersonName:
    name: str
    start: int
    end: int
    titles: frozenset[str]


def _is_name_token(token: str) -> bool:
    word = token.rstrip(".")
    if len(word) < 2 or not word[0].isupper() or word.isupper():
        return False
    lowered = word.lower()
    if lowered.endswith(("'s", "’s")):
        return False
    return lowered not in TITLE_WORDS | ORG_WORDS | PLACE_WORDS | LEADING_WORDS and any(c.islower() for c in word)


def find_person_names(text: str) -> list[PersonName]:
    """Runs of two or three capitalised words that are not titles, organisations or places.

    A run followed directly by an organisation word ("Eurasian Patent Office") is an organisation's
    name, not a person's. Title words right before a name, and an apposition after it, are kept as the
    person's titles, used to resolve "the president" or "the head of the Academy".
    """
    tokens = list(_TOKEN.finditer(text))
    names = []
    index = 0
    while index < len(tokens):
        if not _is_name_token(tokens[index].group(0)):
            index += 1
            continue
        run_end = index
        while (
            run_end + 1 < len(tokens)
            and _is_name_token(tokens[run_end + 1].group(0))
            and text[tokens[run_end].end():tokens[run_end + 1].start()] in (" ", "\u00a0")
            and not tokens[run_end].group(0).endswith(".")
        ):
            run_end += 1
        run = tokens[index:run_end + 1]
        after = tokens[run_end + 1].group(0).lower() if run_end + 1 < len(tokens) else ""
        adjacent = run_end + 1 < len(tokens) and text[run[-1].end():tokens[run_end + 1].start()] == " "
        if len(run) >= 2 and not (adjacent and after in ORG_WORDS):
            run = run[-3:]
            words = [t.group(0) for t in run]
            if len(words[-1]) > 2 and words[-1].endswith("."):
                words[-1] = words[-1][:-1]
            titles = _titles_around(text, tokens, index, run_end)
            name = " ".join(words)
            names.append(PersonName(name, run[0].start(), run[0].start() + len(name), titles))
        index = run_end + 1
    return names


def _titles_around(text: str, tokens: list[re.Match[str]], first: int, last: int) -> frozenset[str]:
    before = []
    for token in reversed(tokens[max(0, first - 12):first]):
        word = token.group(0).lower().rstrip(".")
        if token.group(0)[0].isupper() or word in {"of", "the", "for", "and"}:
            before.append(word)
        else:
            break
    apposition = re.match(r"\s*,\s*([^,.;:]{3,120})", text[tokens[last].end():])
    after = [w.lower() for w in _TOKEN.findall(apposition.group(1))] if apposition else []
    return frozenset(w for w in before + after if w not in {"of", "the", "for", "and", "who", "is"})


def _is_subject_position(text: str, name: PersonName) -> bool:
    """Whether only titles, organisations and function words stand before the name ("Deputy Director ... X")."""
    for token in _TOKEN.findall(text[:name.start]):
        word = token.rstrip(".")
        if word[0].islower() and word.lower() not in {"of", "the", "for", "and", "in", "at"}:
            return False
    return True


@dataclass
class _Memory:
    """Who was mentioned as speaker or subject while reading, in order, with their paragraph."""

    mentions: list[tuple[str, int]] = field(default_factory=list)
    titles: dict[str, set[str]] = field(default_factory=dict)

    def remember_titles(self, names: list[PersonName]) -> None:
        for person in names:
            self.titles.setdefault(person.name, set()).update(person.titles)

    def resolve_pronoun(self, paragraph: int) -> str | None:
        """The most recent speaker or subject no more than ``PARAGRAPH_WINDOW`` paragraphs back."""
        for name, seen in reversed(self.mentions):
            if paragraph - seen <= PARAGRAPH_WINDOW:
                return name
        return None

    def resolve_role(self, role: str, paragraph: int) -> str | None:
        """A recent person whose title holds the role noun ("the president"), else as a pronoun."""
        role_words = {w.lower() for w in _TOKEN.findall(role)} - {"the", "of", "and"}
        head = _ROLE_NOUN.search(role)
        if head:
            for name, seen in reversed(self.mentions[-RECENT_MENTIONS:]):
                titles = self.titles.get(name, set())
                if paragraph - seen <= 3 * PARAGRAPH_WINDOW and head.group(0).lower() in titles and role_words & titles:
                    return name
        return self.resolve_pronoun(paragraph)


def _quote_depths(text: str, depth: int) -> tuple[int, int]:
    """Quotation depth after ``text`` given the depth before it, and the lowest depth reached inside."""
    lowest = depth
    straight_open = False
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
            lowest = min(lowest, depth)
        elif char == '"':
            straight_open = not straight_open
    return depth, lowest


def _first_name_from(names: list[PersonName], position: int) -> PersonName | None:
    return next((name for name in names if name.start >= position), None)


def _speaker_after_quote(sentence: str, names: list[PersonName]) -> tuple[str, str] | None:
    """("name", X) or ("role", phrase) or ("pronoun", word) from the clause after a closing quote."""
    closing = max(sentence.rfind(c) for c in _CLOSERS + '"')
    if closing < 0:
        return None
    clause_start = closing + 1 + (len(sentence[closing + 1:]) - len(sentence[closing + 1:].lstrip(" ,–—-")))
    clause = sentence[clause_start:]
    if not clause:
        return None
    name = _first_name_from(names, clause_start)
    if name:
        lead = sentence[clause_start:name.start]
        if name.start - clause_start <= 40 and re.match(rf"^(?:{_SPEECH}\s+)?(?:[A-Z][\w.-]*\s+){{0,6}}$", lead):
            return ("name", name.name)
    role = re.match(rf"^(?:{_SPEECH}\s+)?(the\s+[^,.;]{{1,80}}?)(?:\s+{_SPEECH}\b|[,.]|$)", clause, re.I)
    if role and _ROLE_NOUN.search(role.group(1)):
        return ("role", role.group(1))
    pronoun = re.match(rf"^(?:{_SPEECH}\s+)?(he|she|they)\b", clause, re.IGNORECASE)
    if pronoun:
        return ("pronoun", pronoun.group(1))
    return None


def _reported_speaker(sentence: str, names: list[PersonName]) -> tuple[str, str] | None:
    """The speaker of reported speech or of a quote introduced before its opening mark."""
    opening = min((sentence.find(c) for c in _OPENERS if c in sentence), default=-1)
    head = sentence if opening < 0 else sentence[:opening]
    names = [name for name in names if name.end <= len(head)]
    in_words = _IN_WORDS.search(head)
    if in_words:
        return ("pronoun", in_words.group(1))
    according = _ACCORDING_TO.search(head)
    if according:
        name = _first_name_from(names, according.start(1))
        if name and not re.search(r"[,;]", head[according.start(1):name.start]):
            return ("name", name.name)
        pronoun = re.match(r"(his|her|their|him|them)\b", according.group(1), re.IGNORECASE)
        if pronoun:
            return ("pronoun", pronoun.group(1))
        return None
    by_name = _BY_NAME.search(head)
    if by_name:
        name = _first_name_from(names, by_name.start(1))
        if name and not re.search(r"[,;.]", head[by_name.start(1):name.start]):
            return ("name", name.name)
    for name in names:
        rest = re.sub(r"^\s*,[^,]{1,160},", "", head[name.end:])
        if re.match(rf"\s+(?:also\s+|further\s+|then\s+)?{_SPEECH}\b", rest, re.IGNORECASE):
            return ("name", name.name)
    role = _ROLE_PHRASE.search(head)
    if role:
        return ("role", role.group(1))
    pronoun = _PRONOUN_SPEECH.search(head)
    if pronoun and pronoun.start() <= 40:
        return ("pronoun", pronoun.group(1))
    return None


def _resolve(found: tuple[str, str] | None, memory: _Memory, paragraph: int) -> str | None:
    if found is None:
        return None
    kind, value = found
    if kind == "name":
        return value
    if kind == "role":
        return memory.resolve_role(value, paragraph)
    return memory.resolve_pronoun(paragraph)


def attribute_speakers(sentences: list[tuple[str, int]]) -> list[str | None]:
    """The speaker of each (text, paragraph index) sentence, read in article order."""
    memory = _Memory()
    names = [find_person_names(text) for text, _ in sentences]
    speakers: list[str | None] = [None] * len(sentences)
    index = 0
    while index < len(sentences):
        group_end, paragraph = _quote_group_end(sentences, index), sentences[index][1]
        speaker = None
        for position in (group_end, index) if group_end != index else (index,):
            text = sentences[position][0]
            memory.remember_titles(names[position])
            found = _speaker_after_quote(text, names[position]) if position == group_end else None
            found = found or _reported_speaker(text, names[position])
            speaker = speaker or _resolve(found, memory, paragraph)
        if speaker is None and (group_end != index or _opens_quote(sentences[index][0])):
            speaker = memory.resolve_pronoun(paragraph)  # a quotation always has a speaker
        for position in range(index, group_end + 1):
            speakers[position] = speaker
            text, sentence_paragraph = sentences[position]
            for person in names[position]:
                if _is_subject_position(text, person):
                    memory.mentions.append((person.name, sentence_paragraph))
        if speaker:
            memory.mentions.append((speaker, sentences[group_end][1]))
        index = group_end + 1
    return speakers


def _opens_quote(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in _OPENERS + '"'


def _quote_group_end(sentences: list[tuple[str, int]], start: int) -> int:
    """Index of the sentence where a quotation opened in ``sentences[start]`` closes (same paragraph)."""
    depth, _ = _quote_depths(sentences[start][0], 0)
    position = start
    while depth > 0 and position + 1 < len(sentences) and sentences[position + 1][1] == sentences[start][1]:
        position += 1
        depth, _ = _quote_depths(sentences[position][0], depth)
    return position
