"""Who makes each claim: the quoted or reported speaker, or None when it is the publication's own.

News copy attributes in a handful of shapes, all read by patterns (``attribution_phrases``) rather than
a parser, with word lists kept as data (``attribution_lexicon``):

* a quote followed by its attribution: “...,” Sergei Krasny said / '...,' Novak told reporters
* a quote introduced by its speaker: The scientist said: “...” / Arjun Mehta put it bluntly: "..."
* reported speech: NAME said that ... / ..., NAME said / The health minister, Maria Novak, said ...
* "according to NAME", "in her words", "a claim made by NAME", headlines ("Novak: ...", "..., says WHO")
* organisations ("the Ministry of Health said"), and "the company said" for the one named earlier

A quotation spanning several sentences belongs to whoever is named where it opens or closes, else to
the speaker of the sentence right after it, else to the person last spoken of. Surnames ("Novak told
reporters") resolve to the full name given earlier in the article; pronouns ("she added") and role
nouns ("the minister") to a person whose title matches the role, else to the most recent speaker or
sentence subject within the current and the two previous paragraphs. Generic sources ("experts say",
"officials said") and unnamed ones ("a senior official") give no speaker: the publication carries
the claim. Names are returned without their titles ("Maria Novak", not "Health Minister Maria Novak").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .attribution_foreign import ForeignMemory, reader_for
from .attribution_languages import LEXICONS, ForeignLexicon
from .attribution_lexicon import ENGLISH
from .attribution_phrases import (
    NAME,
    NOBODY,
    ORGANISATION,
    ORGANISATION_ROLE,
    PERSON,
    PERSON_ROLE,
    Cue,
    PhraseReader,
)
from .attribution_quotes import QuotedSentence, scan_quotes
from .crosslang import language_of
from .language import detect_language
from .wordlists import words

_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "sr", "kk", "be"})
#: How many paragraphs back a pronoun may reach for its antecedent.
PARAGRAPH_WINDOW = 2
#: How many recent mentions a role noun or surname is compared with (keeps long articles linear).
RECENT_MENTIONS = 50
#: Organisation kinds that stand for any organisation named earlier ("the company", "the firm").
ANY_ORGANISATION = words("company firm group business maker manufacturer retailer airline carrier insurer lender")

_NOT_IN_NAMES = (
    ENGLISH.titles
    | ENGLISH.organisation_words
    | ENGLISH.places
    | ENGLISH.function_words
    | ENGLISH.not_speakers
    | {"of", "the", "for", "and", "in", "at"}
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
#: Organisation words that make a capitalised run an organisation on their own ("National" alone does not).
_ORGANISATION_HEADS = ENGLISH.organisation_words - {"national", "state", "city", "region"}


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
    return lowered not in _NOT_IN_NAMES and any(c.islower() for c in word)


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
            and text[tokens[run_end].end() : tokens[run_end + 1].start()] in (" ", "\u00a0")
            and not tokens[run_end].group(0).endswith(".")
        ):
            run_end += 1
        run = tokens[index : run_end + 1]
        after = tokens[run_end + 1].group(0).lower().rstrip(".") if run_end + 1 < len(tokens) else ""
        adjacent = run_end + 1 < len(tokens) and text[run[-1].end() : tokens[run_end + 1].start()] == " "
        if len(run) >= 2 and not (adjacent and after in ENGLISH.organisation_words):
            run = run[-3:]
            words = [t.group(0) for t in run]
            if len(words[-1]) > 2 and words[-1].endswith("."):
                words[-1] = words[-1][:-1]
            titles = _titles_around(text, tokens, index, run_end)
            name = " ".join(words)
            names.append(PersonName(name, run[0].start(), run[0].start() + len(name), titles))
        index = run_end + 1
    return names


def find_organisations(text: str) -> list[str]:
    """Capitalised runs holding an organisation word ("Solvera Energy"), and acronyms ("IMF")."""
    found = []
    run: list[str] = []
    for token in [*text.split(), ""]:
        word = token.strip(",;:()“”\"'‘’«».")
        if word and word[0].isupper() or (run and word.lower() in ENGLISH.name_connectors):
            run.append(word)
            if token.endswith((",", ";", ":", ")", ".")) and not word.endswith("."):
                token = ""
            else:
                continue
        if not run:
            continue
        while run and not run[-1][:1].isupper():
            run.pop()
        lowered = {w.lower() for w in run}
        if len(run) >= 2 and lowered & _ORGANISATION_HEADS:
            start = 1 if run[0].lower() in ENGLISH.function_words else 0
            found.append(" ".join(run[start:]))
        elif len(run) == 1 and run[0].isupper() and 2 <= len(run[0]) <= 6 and run[0].isalpha():
            found.append(run[0])
        run = []
    return found


def _titles_around(text: str, tokens: list[re.Match[str]], first: int, last: int) -> frozenset[str]:
    before = []
    for token in reversed(tokens[max(0, first - 12) : first]):
        word = token.group(0).lower().rstrip(".")
        if token.group(0)[0].isupper() or word in {"of", "the", "for", "and"} or word in ENGLISH.titles:
            before.append(word)
        else:
            break
    apposition = re.match(r"\s*,\s*([^,.;:]{3,120})", text[tokens[last].end() :])
    after = [w.lower() for w in _TOKEN.findall(apposition.group(1))] if apposition else []
    return frozenset(w for w in before + after if w not in {"of", "the", "for", "and", "who", "is"})


_SUBJECT_LEAD = frozenset({"of", "the", "for", "and", "in", "at"}) | ENGLISH.titles | ENGLISH.person_roles


def _is_subject_position(text: str, name: PersonName) -> bool:
    """Whether only titles, organisations and function words stand before the name ("Deputy Director ... X")."""
    for token in _TOKEN.findall(text[: name.start]):
        word = token.rstrip(".")
        if word[0].islower() and word.lower() not in _SUBJECT_LEAD:
            return False
    return True


@dataclass
class _Memory:
    """Who was named, and who was spoken of as speaker or subject, while reading, with their paragraph."""

    mentions: list[tuple[str, int]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    titles: dict[str, set[str]] = field(default_factory=dict)

    def remember(self, names: list[PersonName], organisations: list[str]) -> None:
        for person in names:
            self.titles.setdefault(person.name, set()).update(person.titles)
            self.people.append(person.name)
        self.organisations.extend(organisations)

    def resolve_pronoun(self, paragraph: int) -> str | None:
        """The most recent speaker or subject no more than ``PARAGRAPH_WINDOW`` paragraphs back."""
        for name, seen in reversed(self.mentions):
            if paragraph - seen <= PARAGRAPH_WINDOW:
                return name
        return None

    def resolve_role(self, role: str, paragraph: int) -> str | None:
        """A recent person whose title holds the role noun ("the president"), else as a pronoun."""
        for name, seen in reversed(self.mentions[-RECENT_MENTIONS:]):
            if paragraph - seen <= 3 * PARAGRAPH_WINDOW and role in self.titles.get(name, set()):
                return name
        return self.resolve_pronoun(paragraph)

    def resolve_surname(self, surname: str) -> str:
        """The full name a surname stands for ("Novak" -> "Maria Novak"), else the surname itself."""
        for name in reversed(self.people[-RECENT_MENTIONS:]):
            parts = name.split()
            if len(parts) > 1 and (parts[-1] == surname or surname in parts[1:]):
                return name
        return surname

    def resolve_organisation(self, kind: str) -> str | None:
        """The organisation "the ministry" or "the company" refers to: the last one named of that kind."""
        for name in reversed(self.organisations[-RECENT_MENTIONS:]):
            lowered = name.lower()
            if kind in lowered or (kind in ("organisation", "organization") and "organi" in lowered):
                return name
        if kind in ANY_ORGANISATION and self.organisations:
            return self.organisations[-1]
        return None


def _resolve(cue: Cue | None, memory: _Memory, paragraph: int) -> str | None:
    if cue is None or cue.kind == NOBODY:
        return None
    if cue.kind in (PERSON, ORGANISATION):
        return cue.value
    if cue.kind == NAME:
        return memory.resolve_surname(cue.value)
    if cue.kind == PERSON_ROLE:
        return memory.resolve_role(cue.value, paragraph)
    if cue.kind == ORGANISATION_ROLE:
        return memory.resolve_organisation(cue.value)
    return memory.resolve_pronoun(paragraph)


def _scan(sentences: list[tuple[str, int]]) -> list[QuotedSentence]:
    """Each sentence cut into quoted and plain parts; a quotation stays open to the paragraph's end."""
    scanned = []
    open_marks: tuple[str, ...] = ()
    previous_paragraph = None
    for text, paragraph in sentences:
        if paragraph != previous_paragraph:
            open_marks = ()
        quoted = scan_quotes(text, open_marks)
        scanned.append(quoted)
        open_marks, previous_paragraph = quoted.open_after, paragraph
    return scanned


def _group_end(sentences: list[tuple[str, int]], scanned: list[QuotedSentence], start: int) -> int:
    """Index of the sentence where a quotation opened in ``sentences[start]`` closes (same paragraph)."""
    position = start
    while (
        scanned[position].open_after
        and position + 1 < len(sentences)
        and sentences[position + 1][1] == sentences[start][1]
    ):
        position += 1
    return position


def attribute_speakers(sentences: list[tuple[str, int]], language: str | None = None) -> list[str | None]:
    """The speaker of each (text, paragraph index) sentence, read in article order.

    ``language`` (ISO 639-1) picks the words the sentences are read with; None: told from the text itself.
    Languages without a lexicon of their own (``attribution_languages.LEXICONS``) are read as English.
    """
    if language is None:
        sample = " ".join(text for text, _ in sentences[:40])
        language = detect_language(sample)
        if language in _CYRILLIC_LANGUAGES:
            language = language_of(sample)  # Kazakh, Ukrainian and Serbian letters tell them from Russian
    lexicon = LEXICONS.get((language or "en").split("-")[0].lower())
    if lexicon is not None:
        return _attribute_foreign(sentences, lexicon)
    reader = _english_reader()
    memory = _Memory()
    names = [find_person_names(text) for text, _ in sentences]
    scanned = _scan(sentences)
    speakers: list[str | None] = [None] * len(sentences)
    index = 0
    while index < len(sentences):
        end, paragraph = _group_end(sentences, scanned, index), sentences[index][1]
        for position in range(index, end + 1):
            memory.remember(names[position], find_organisations(sentences[position][0]))
        speaker, nobody = None, False
        for position in dict.fromkeys((end, index, *range(index + 1, end))):
            cue = reader.cue(scanned[position])
            if cue and cue.kind == NOBODY:
                nobody = True
                break
            speaker = _resolve(cue, memory, paragraph)
            if speaker:
                break
        if speaker is None and not nobody and (end != index or scanned[index].starts_quoted):
            speaker = _speaker_named_next(sentences, scanned, end, reader, memory) or memory.resolve_pronoun(paragraph)
        for position in range(index, end + 1):
            speakers[position] = speaker
            text, sentence_paragraph = sentences[position]
            for person in names[position]:
                if _is_subject_position(text, person):
                    memory.mentions.append((person.name, sentence_paragraph))
        if speaker and speaker in memory.titles or (speaker and speaker not in memory.organisations):
            memory.mentions.append((speaker, sentences[end][1]))
        index = end + 1
    return speakers


@lru_cache(maxsize=1)
def _english_reader() -> PhraseReader:
    """Built once: compiling the speech-verb alternation costs more than attributing a short article."""
    return PhraseReader(find_person_names)


def _speaker_named_next(sentences, scanned, end: int, reader: PhraseReader, memory: _Memory) -> str | None:
    """A quotation with no attribution of its own, followed by "Councillor Tom Baxter said ...": his."""
    following = end + 1
    if following >= len(sentences) or sentences[following][1] != sentences[end][1]:
        return None
    cue = reader.cue(scanned[following])
    if cue and cue.kind in (PERSON, NAME, ORGANISATION):
        return _resolve(cue, memory, sentences[end][1])
    return None


def _attribute_foreign(sentences: list[tuple[str, int]], lexicon: ForeignLexicon) -> list[str | None]:
    """``attribute_speakers`` for a language with its own lexicon: the same reading order and quote groups."""
    reader = reader_for(lexicon)
    memory = ForeignMemory(lexicon.code)
    names = [reader.find_names(text) for text, _ in sentences]
    scanned = _scan(sentences)
    speakers: list[str | None] = [None] * len(sentences)
    index = 0
    while index < len(sentences):
        end, paragraph = _group_end(sentences, scanned, index), sentences[index][1]
        for position in range(index, end + 1):
            memory.remember(names[position])
        speaker, nobody = None, False
        for position in dict.fromkeys((end, index, *range(index + 1, end))):
            cue = reader.cue(scanned[position])
            if cue and cue.kind == NOBODY:
                nobody = True
                break
            speaker = memory.resolve(cue, paragraph)
            if speaker:
                break
        opens_quoted = (
            end != index
            or scanned[index].starts_quoted
            or reader.parts(scanned[index])[:1] == [(p, True) for p, _ in reader.parts(scanned[index])[:1]]
        )
        if speaker is None and not nobody and opens_quoted:
            following = end + 1
            if following < len(sentences) and sentences[following][1] == paragraph:
                cue = reader.cue(scanned[following])
                if cue and cue.kind in (PERSON, NAME, ORGANISATION):
                    speaker = memory.resolve(cue, paragraph)
            speaker = speaker or memory.last_speaker(paragraph)
        for position in range(index, end + 1):
            speakers[position] = speaker
            for person in names[position]:
                # the subject of its sentence: at most a title, a place or a date before it
                if not sentences[position][0][: person.start].strip(' —–-«„“"').split()[5:]:
                    memory.mentions.append((memory.known(person.name) or person.name, sentences[position][1]))
        if speaker:
            memory.mentions.append((speaker, sentences[end][1]))
        index = end + 1
    return speakers
