"""Who makes each claim, in Russian, Ukrainian, Serbian, Greek, Kazakh, Spanish, French and German copy.

The shapes are the English ones (``attribution``), read with each language's words
(``attribution_languages``):

* a quote and its attribution: «...», — заявила министр Мария Новак / “...”, dijo Novak / „...“, so Novak;
* dialogue dashes: — Мы не допустим этого, — сказал Новак. (the parts between dashes alternate);
* a speaker introducing a quote or reported speech: Новак заявила: «...» / Novak a déclaré que ...;
* a source after "по словам", "según", "selon", "laut", "σύμφωνα με", "за словами", "prema rečima",
  or before Kazakh "айтуынша"; "по её словам", "según ella": the last speaker;
* a speech verb with no subject (Spanish, Greek, Serbian and Ukrainian drop it: "Añadió que ..."): the
  last speaker, as a pronoun would be;
* titles and appositions ("министр здравоохранения Мария Новак", "María Novak, ministra de Sanidad,"):
  the name without its titles; a role noun alone ("министр заявил") is the person last given that title;
* plural sources without a name ("эксперты считают") and sentences without a speaker: the publication's.

Names are inflected in most of these languages ("по словам Марии Новак", "σύμφωνα με τον Γιώργο
Παπαδόπουλο"): a name is matched to one given earlier when the words share their stem, and a name met
first in an oblique case is put back into the nominative by a few endings rules, per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .attribution_languages import ForeignLexicon
from .attribution_phrases import NAME, NOBODY, ORGANISATION, PERSON, PERSON_ROLE, PRONOUN, Cue
from .attribution_quotes import QuotedSentence

#: How many paragraphs back a pronoun (or a verb without a subject) may reach for its speaker.
PARAGRAPH_WINDOW = 2
_TOKEN = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_DIALOGUE_DASH = re.compile(r"(?:^|\s)[—–]\s*")
_CLAUSE_BREAK = re.compile(r"[,;:—–()«»“”„\"]")
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|ович|евич|ұлы|қызы)$", re.IGNORECASE)
#: Languages whose portfolio or institution in the genitive stands between a title and a name
#: ("глава Роспотребнадзора Иван Петров", "υπουργός Ναυτιλίας Βασίλης Κικίλιας").
_GENITIVE_BEFORE_NAME = frozenset({"ru", "uk", "kk", "el"})
_CASE_ENDINGS = {"kk": re.compile(r"(?:ке|қа|ға|ге|та|те|да|де|дан|ден|тан|тен|нан|нен|ға|ге)$")}
#: Lower-case words inside a name in Latin-script languages ("François Villeroy de Galhau").
_NAME_CONNECTORS = frozenset({"de", "del", "van", "von", "da", "di", "du", "der", "dos", "das"})
#: The longest ending a stem takes ("министр" -> "министрами"); longer words are other words ("Мартиновић").
_ENDING = 4
#: Stems this short match whole words only: "ма" must not hide "Мария".
_SHORT_STEM = 3


def _matches(word: str, stems: frozenset[str], compounds: bool = False) -> bool:
    """Whether ``word`` starts with one of ``stems`` (short stems: is one of them); with ``compounds``
    (German), whether it holds one ("Gesundheitsministerin", "Bundesbankpräsident")."""
    word = word.rstrip(".").lower()
    if word in stems or f"{word}." in stems:
        return True
    if compounds:
        return any(len(stem) > 4 and stem in word for stem in stems)
    return any(len(stem) > _SHORT_STEM and word.startswith(stem) and len(word) - len(stem) <= _ENDING for stem in stems)


def same_name(first: str, second: str) -> bool:
    """Two forms of one name word: "Новак"/"Новака", "Παπαδόπουλος"/"Παπαδόπουλο", "Марии"/"Мария"."""
    a, b = first.lower().rstrip("."), second.lower().rstrip(".")
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    shorter, longer = sorted((len(a), len(b)))
    return common >= max(3, shorter - 2) and longer - common <= 3


# Oblique case -> nominative guesses for a name met first after "по словам", "σύμφωνα με τον" ...
_NOMINATIVE: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (
        ("ии", "ия"),
        ("ьи", "ья"),
        ("ой", "а"),
        ("ого", "ий"),
        ("ея", "ей"),
        ("ая", "ай"),
        ("ы", "а"),
        ("ги", "га"),
        ("ки", "ка"),
        ("хи", "ха"),
        ("ова", "ов"),
        ("ева", "ев"),
        ("ина", "ин"),
        ("а", ""),
    ),
    "uk": (
        ("ії", "ія"),
        ("ої", "а"),
        ("ого", "ий"),
        ("ея", "ей"),
        ("и", "а"),
        ("ова", "ов"),
        ("ева", "ев"),
        ("іна", "ін"),
        ("а", ""),
    ),
    "sr": (("ића", "ић"), ("ića", "ić"), ("ије", "ија"), ("ije", "ija"), ("е", "а"), ("e", "a")),
    "el": (("ο", "ος"), ("η", "ης"), ("α", "ας")),
    "kk": (("тың", ""), ("тің", ""), ("дың", ""), ("дің", ""), ("ның", ""), ("нің", "")),
}
_FEMININE_SURNAME_SAFE = re.compile(r"[бвгдзклмнпрстфхцчшщ]$")


def nominative(name: str, language: str) -> str:
    """A best guess at the nominative of a person's name found in an oblique case (the dictionary form)."""
    rules = _NOMINATIVE.get(language)
    if not rules:
        return name
    words = name.split()
    out = []
    for position, word in enumerate(words):
        if language in ("ru", "uk") and position > 0 and _FEMININE_SURNAME_SAFE.search(word.lower()):
            out.append(word)  # "Марии Новак": a woman's surname in a consonant does not decline
            continue
        if language == "el" and words and words[0].lower().endswith(("α", "η")) and len(words) > 1:
            out.append(word)  # "την Μαρία Νόβακ": a woman's name, already in the form the desk writes
            continue
        for ending, replacement in rules:
            if word.lower().endswith(ending) and len(word) > len(ending) + 2:
                word = word[: len(word) - len(ending)] + replacement
                break
        out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class ForeignName:
    name: str
    start: int
    end: int
    titles: frozenset[str]


class ForeignReader:
    """Finds names and speaker cues in one language's sentences."""

    def __init__(self, lexicon: ForeignLexicon) -> None:
        self.lexicon = lexicon
        self._not_names = lexicon.not_names | lexicon.organisations | lexicon.titles | lexicon.generic
        self._compounds = lexicon.code == "de"
        self._case_ending = _CASE_ENDINGS.get(lexicon.code)
        self._verb = self._alternation(lexicon.verbs)
        self._after_quote_verb = self._alternation(lexicon.after_quote_verbs) if lexicon.after_quote_verbs else None
        self._according = self._alternation(lexicon.according, start=True) if lexicon.according else None
        self._own = self._alternation(lexicon.own_words, start=True) if lexicon.own_words else None
        self._according_after = (
            re.compile(rf"([^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*){{0,2}})\s+(?:{'|'.join(lexicon.according_after)})\b")
            if lexicon.according_after
            else None
        )

    @staticmethod
    def _alternation(entries: frozenset[str], start: bool = False) -> re.Pattern[str]:
        forms = sorted((re.escape(e).replace("_", r"\s+") for e in entries), key=len, reverse=True)
        lead = r"(?:^|(?<=[\s,(«“„\"—–-]))" if start else r"(?<![\w’'-])"
        return re.compile(rf"{lead}(?:{'|'.join(forms)})(?![\w’'-])", re.IGNORECASE)

    # -- names -----------------------------------------------------------------------------------

    def _is_name_token(self, token: str, *, sentence_start: bool) -> bool:
        word = token.rstrip(".")
        if len(word) < 2 or not word[0].isupper() or word.isupper():
            return False
        lowered = word.lower()
        if lowered in self.lexicon.function_words or lowered in self.lexicon.pronouns:
            return False
        if self._case_ending and not sentence_start and self._case_ending.search(lowered):
            return False  # "Шымкентке": a place in the dative, not the end of a name
        return not _matches(lowered, self._not_names, self._compounds)

    def find_names(self, text: str) -> list[ForeignName]:
        """Runs of two or three capitalised words that are not titles, institutions, places or months."""
        tokens = list(_TOKEN.finditer(text))
        names = []
        index = 0
        while index < len(tokens):
            if not self._is_name_token(tokens[index].group(0), sentence_start=index == 0):
                index += 1
                continue
            end = index
            while end + 1 < len(tokens) and text[tokens[end].end() : tokens[end + 1].start()] in (" ", "\u00a0"):
                following = tokens[end + 1].group(0)
                if self._is_name_token(following, sentence_start=False):
                    end += 1
                elif (
                    following in _NAME_CONNECTORS
                    and end + 2 < len(tokens)
                    and end > index - 1
                    and self._is_name_token(tokens[end + 2].group(0), sentence_start=False)
                ):
                    end += 2
                else:
                    break
            run = tokens[index : end + 1]
            if not any(t.group(0) in _NAME_CONNECTORS for t in run):
                run = run[-3:]
            if len(run) == 3 and self.lexicon.code in _GENITIVE_BEFORE_NAME and not _PATRONYMIC.search(run[1].group(0)):
                run = run[1:]  # "глава Роспотребнадзора Иван Петров": an institution in the genitive, then the name
            if len(run) >= 2:
                name = text[run[0].start() : run[-1].end()].rstrip(".")
                names.append(
                    ForeignName(name, run[0].start(), run[-1].end(), self._titles_around(text, tokens, index, end))
                )
            index = end + 1
        return names

    def _titles_around(self, text: str, tokens, first: int, last: int) -> frozenset[str]:
        before = [t.group(0).lower().rstrip(".") for t in tokens[max(0, first - 4) : first]]
        apposition = re.match(r"\s*,\s*([^,.;:]{3,80})", text[tokens[last].end() :])
        after = [w.lower() for w in _TOKEN.findall(apposition.group(1))] if apposition else []
        return frozenset(w for w in before + after if _matches(w, self.lexicon.titles))

    # -- phrases -----------------------------------------------------------------------------------

    def _words(self, phrase: str) -> list[str]:
        return [t.rstrip(".") for t in _TOKEN.findall(phrase)]

    def _organisation(self, phrase: str) -> str | None:
        """ "Министерство здравоохранения", "ВОЗ", "el Ministerio de Sanidad": from its head word on."""
        tokens = list(_TOKEN.finditer(phrase))
        for position, token in enumerate(tokens):
            word = token.group(0).rstrip(".")
            acronym = word.isupper() and 2 <= len(word) <= 6
            if acronym or _matches(word, self.lexicon.organisations, self._compounds):
                if self.lexicon.subject_first:  # "Денсаулық сақтау министрлігі", "Ұлттық банк": the head ends it
                    while position + 1 < len(tokens) and _matches(
                        tokens[position + 1].group(0), self.lexicon.organisations
                    ):
                        position += 1
                    return phrase[: tokens[position].end()].strip(" ,.;:—–-")
                return phrase[token.start() :].strip(" ,.;:—–-")
            if position >= 4:
                break
        return None

    def classify(self, phrase: str, *, after: bool = False) -> Cue | None:
        """What a noun phrase standing where a speaker stands names: a person, a surname, a role ..."""
        phrase = phrase.strip(" ,.;:—–-")
        if not phrase:
            return None
        names = self.find_names(phrase)
        if names:
            return Cue(PERSON, (names[0] if after else names[-1]).name)
        words = self._words(phrase)
        lowered = [w.lower() for w in words]
        if (
            lowered
            and lowered[-1] in self.lexicon.pronouns
            or (after and lowered and lowered[0] in self.lexicon.pronouns)
        ):
            return Cue(PRONOUN, lowered[-1] if not after else lowered[0])
        if any(w in self.lexicon.generic for w in lowered[:3]):
            return Cue(NOBODY)
        organisation = self._organisation(phrase)
        if organisation:
            return Cue(ORGANISATION, organisation)
        candidates = [w for i, w in enumerate(words) if self._is_name_token(w, sentence_start=i == 0)]
        if candidates:
            return Cue(NAME, candidates[0] if after else candidates[-1])
        for word in lowered:
            if _matches(word, self.lexicon.titles):
                return Cue(PERSON_ROLE, word)
        return None

    def _strip_lead(self, phrase: str) -> str:
        tokens = phrase.split()
        while tokens and tokens[0].lower().strip(",") in self.lexicon.conjunctions:
            tokens.pop(0)
        return " ".join(tokens)

    def subject_before(self, left: str) -> Cue | None:
        """The speaker before a verb: the clause right before it, else a name in an apposition."""
        segments = _CLAUSE_BREAK.split(left)
        last = self._strip_lead(segments[-1].strip())
        if self.lexicon.subject_first:
            found = self.classify(self._strip_lead(left.strip()), after=True)
            if found:
                return found
        if last:
            found = self.classify(last)
            if found:
                return found
            if len(last.split()) > 6:
                return None
        found_any = None
        for segment in reversed(segments[:-1][-3:]):
            found = self.classify(self._strip_lead(segment.strip()))
            if found and found.kind == PERSON:
                return found
            if found and found.kind in (NAME, ORGANISATION, PERSON_ROLE) and found_any is None:
                found_any = found
        return found_any

    def phrase_after(self, right: str) -> Cue | None:
        """The speaker right after a verb or "по словам": up to a comma, "что", or eight words."""
        pieces = re.split(r"[,;:.!?()«»“”„\"—–]", right)
        taken: list[str] = []
        for token in pieces[0].split():
            if token.lower() in self.lexicon.complementisers or len(taken) >= 8:
                break
            taken.append(token)
        found = self.classify(" ".join(taken), after=True) if taken else None
        if (found is None or found.kind in (PERSON_ROLE, ORGANISATION)) and len(pieces) > 1:
            named = self.find_names(pieces[1])  # "dijo la ministra de Sanidad, Mónica García"
            if named and len(pieces[1].split()) <= 4:
                return Cue(PERSON, named[0].name)
        return found

    # -- sentences ---------------------------------------------------------------------------------

    def parts(self, sentence: QuotedSentence) -> list[tuple[str, bool]]:
        """The sentence's parts, with dialogue dashes read as quotation marks (— quote, — said X. — quote)."""
        parts = list(sentence.parts)
        if len(parts) == 1 and not parts[0][1] and re.match(r"^\s*[—–]", parts[0][0]):
            pieces = _DIALOGUE_DASH.split(parts[0][0])[1:]
            return [(piece, index % 2 == 0) for index, piece in enumerate(pieces) if piece.strip()]
        return parts

    def cue(self, sentence: QuotedSentence) -> Cue | None:
        """The first speaker cue outside quotation marks, left to right."""
        parts = self.parts(sentence)
        for index, (text, quoted) in enumerate(parts):
            if quoted:
                continue
            after_quote = index > 0 and parts[index - 1][1]
            found = self._cue_in(text, after_quote=after_quote, at_start=index == 0)
            if found:
                return found
            stripped = text.rstrip()
            if index + 1 < len(parts) and stripped.endswith(":"):
                found = self.classify(stripped[:-1].split(".")[-1])  # "Новак: «...»"
                if found and found.kind != PRONOUN:
                    return found
        return None

    def _cue_in(self, text: str, *, after_quote: bool, at_start: bool) -> Cue | None:
        if self._own and self._own.search(text):
            return Cue(PRONOUN, "own")
        if self._according:
            according = self._according.search(text)
            if according:
                return _oblique(self.phrase_after(text[according.end() :])) or Cue(NOBODY)
        if self._according_after:
            according = self._according_after.search(text)
            if according:
                phrase = according.group(1).split()
                phrase[-1] = nominative(phrase[-1], self.lexicon.code)  # "Новактың" -> "Новак"
                return self.classify(" ".join(phrase)) or Cue(NOBODY)
        verbs = list(self._verb.finditer(text))
        if after_quote and self._after_quote_verb:
            verbs += [m for m in self._after_quote_verb.finditer(text) if not text[: m.start()].strip(" ,—–-")]
        for verb in sorted(verbs, key=lambda m: m.start()):
            left, right = text[: verb.start()], text[verb.end() :]
            bare_left = left.strip(" ,—–-")
            if not bare_left or after_quote and not bare_left.strip():
                found = self.phrase_after(right)
                if found:
                    return found
                if at_start or after_quote:
                    return Cue(PRONOUN, "dropped")  # "Añadió que ...", "«...», — добавила она" without "она"
                continue
            if left.rstrip().endswith((",", "—", "–")):
                # The statement first, then who made it: "Правительство выделит 12 млрд рублей, сообщил
                # вице-премьер Татьяна Голикова"; the clause before the comma is what was said, not a speaker.
                found = self.phrase_after(right)
                if found and found.kind != PRONOUN:
                    return found
            found = self.subject_before(left)
            if found:
                return found
            found = self.phrase_after(right)  # "El paro bajó, dijo Novak", "Am Montag sagte Ministerin X"
            if found and found.kind != PRONOUN or found and left.rstrip().endswith((",", "—", "–")):
                return found
        return None


#: A person named in an oblique case ("по словам Марии Новак"): put back into the nominative if unknown.
OBLIQUE_PERSON = "oblique_person"


def _oblique(cue: Cue | None) -> Cue | None:
    return Cue(OBLIQUE_PERSON, cue.value) if cue and cue.kind in (PERSON, NAME) else cue


@lru_cache(maxsize=16)
def reader_for(lexicon: ForeignLexicon) -> ForeignReader:
    """Built once per language: the verb alternations cost more to compile than a short article to read."""
    return ForeignReader(lexicon)


@dataclass
class ForeignMemory:
    """People named so far (with their titles), and who was last spoken of, with their paragraph."""

    language: str
    people: list[str] = field(default_factory=list)
    titles: dict[str, set[str]] = field(default_factory=dict)
    mentions: list[tuple[str, int]] = field(default_factory=list)

    def remember(self, names: list[ForeignName]) -> None:
        for person in names:
            known = self.known(person.name)
            name = known or person.name
            self.titles.setdefault(name, set()).update(person.titles)
            if not known:
                self.people.append(name)

    def known(self, name: str, other_than: str | None = None) -> str | None:
        """The full name given earlier that ``name`` (any case, full or surname) stands for."""
        parts = name.split()
        for candidate in reversed(self.people):
            if candidate == other_than:
                continue
            theirs = candidate.split()
            if len(parts) == len(theirs) and all(same_name(a, b) for a, b in zip(parts, theirs, strict=True)):
                return candidate
            if len(parts) == 1 and len(theirs) > 1 and same_name(parts[0], theirs[-1]):
                return candidate
        return None

    def resolve(self, cue: Cue | None, paragraph: int) -> str | None:
        if cue is None or cue.kind == NOBODY:
            return None
        if cue.kind == ORGANISATION:
            return cue.value
        if cue.kind == PERSON:
            known = self.known(cue.value)
            return known or cue.value
        if cue.kind == NAME:
            return self.known(cue.value)
        if cue.kind == OBLIQUE_PERSON:
            known = self.known(cue.value, other_than=cue.value)
            if known:
                return known
            if " " not in cue.value:
                return None
            guessed = nominative(cue.value, self.language)
            self.people = [guessed if name == cue.value else name for name in self.people]
            return guessed
        if cue.kind == PERSON_ROLE:
            for name, seen in reversed(self.mentions):
                if paragraph - seen <= 3 * PARAGRAPH_WINDOW and any(
                    same_name(cue.value, title) or title.startswith(cue.value[:5])
                    for title in self.titles.get(name, ())
                ):
                    return name
        return self.last_speaker(paragraph)

    def last_speaker(self, paragraph: int) -> str | None:
        for name, seen in reversed(self.mentions):
            if paragraph - seen <= PARAGRAPH_WINDOW:
                return name
        return None
