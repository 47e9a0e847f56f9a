"""Cheap language identification: Unicode script first, then a handful of stopwords.

Scraped pages mix the article with navigation in the site's own language (a Greek site republishing an
English story), so the cleaner needs a per-line verdict that costs microseconds and needs no model.
Script alone separates Greek, Cyrillic, Arabic, CJK and so on; within the Latin script a stopword count
tells English from the other common European languages well enough for whole lines.
"""

from __future__ import annotations

import re
from collections import Counter

from .wordlists import words

_SCRIPT_PATTERNS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]"),
    "greek": re.compile(r"[\u0370-\u03FF\u1F00-\u1FFF]"),
    "cyrillic": re.compile(r"[\u0400-\u052F]"),
    "arabic": re.compile(r"[\u0600-\u06FF\u0750-\u077F]"),
    "hebrew": re.compile(r"[\u0590-\u05FF]"),
    "han": re.compile(r"[\u4E00-\u9FFF]"),
    "kana": re.compile(r"[\u3040-\u30FF]"),
    "hangul": re.compile(r"[\uAC00-\uD7AF]"),
    "devanagari": re.compile(r"[\u0900-\u097F]"),
    "thai": re.compile(r"[\u0E00-\u0E7F]"),
    "georgian": re.compile(r"[\u10A0-\u10FF]"),
    "armenian": re.compile(r"[\u0530-\u058F]"),
}

_SCRIPT_LANGUAGE = {
    "greek": "el",
    "arabic": "ar",
    "hebrew": "he",
    "han": "zh",
    "kana": "ja",
    "hangul": "ko",
    "devanagari": "hi",
    "thai": "th",
    "georgian": "ka",
    "armenian": "hy",
}

# Words frequent in running text of one language and rare in the others' (short, lower-case).
_LATIN_STOPWORDS: dict[str, frozenset[str]] = {
    "en": words("the and of to in is that for with was are on as by this it from at be have has not"),
    "de": words("der die das und ist nicht mit den von ein eine auch sich dem des auf für wird"),
    "fr": words("le la les et est des une dans pour que qui pas sur du au avec ce sont par"),
    "es": words("el los las y es del una por para con que se su como más pero sus fue"),
    "it": words("il della che di è per una sono non gli nel alla con del anche più"),
    "pt": words("o os das dos uma para com não que se mais pelo pela são foi também"),
    "nl": words("de het een en van is dat niet op zijn met voor ook aan er worden"),
    "pl": words("się nie jest że na w z do to jak przez oraz dla być"),
    "sr": words("je i u da se na su od za sa koji kao što ili biti"),
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_ASCII = re.compile(r"[\x00-\x7f]+")


def dominant_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in, or None when it has no letters."""
    latin = len(_ASCII_LETTERS.findall(text))
    rest = _ASCII.sub("", text)  # only the non-ASCII characters need the per-script patterns
    counts = {name: len(pattern.findall(rest)) for name, pattern in _SCRIPT_PATTERNS.items()}
    counts["latin"] += latin
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count else None


def _cyrillic_language(text: str) -> str:
    """Letters that exist in only one Cyrillic orthography decide; Russian is the fallback."""
    if re.search(r"[ўЎ]", text):
        return "be"
    if re.search(r"[їЇєЄґҐ]", text):
        return "uk"
    if re.search(r"[ђЂћЋџЏљЉњЊ]", text):
        return "sr"
    return "ru"


_LANGUAGES_OF_STOPWORD: dict[str, tuple[str, ...]] = {}
for _language, _words in _LATIN_STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF_STOPWORD[_word] = (*_LANGUAGES_OF_STOPWORD.get(_word, ()), _language)


def latin_stopword_counts(text: str) -> Counter[str]:
    """How many words of ``text`` are stopwords of each Latin-script language."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        for language in _LANGUAGES_OF_STOPWORD.get(word, ()):
            counts[language] += 1
    return counts


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the language ``text`` is most likely written in (``default`` when unsure)."""
    script = dominant_script(text)
    if script is None:
        return default
    if script == "cyrillic":
        return _cyrillic_language(text)
    if script != "latin":
        return _SCRIPT_LANGUAGE[script]
    counts = latin_stopword_counts(text)
    if not counts:
        return default
    best = max(counts.values())
    leaders = [language for language, count in counts.items() if count == best]
    return default if default in leaders else leaders[0]


def script_of_language(language: str) -> str:
    """The script a language code is normally written in (Latin for anything not listed)."""
    for script, code in _SCRIPT_LANGUAGE.items():
        if code == language:
            return script
    return "cyrillic" if language in {"ru", "uk", "be", "bg", "mk"} else "latin"


def is_other_language(text: str, language: str) -> bool:
    """Whether a line is clearly written in a language other than ``language``.

    Lines with no letters, or too few words for the stopword vote, are given the benefit of the doubt:
    dropping a real sentence costs the desk a claim, keeping a stray menu item costs nothing.
    """
    script = dominant_script(text)
    if script is None:
        return False
    if script != script_of_language(language):
        return True
    if script != "latin" or language not in _LATIN_STOPWORDS:
        return False
    counts = latin_stopword_counts(text)
    own = counts.get(language, 0)
    other = max((count for code, count in counts.items() if code != language), default=0)
    return other >= 2 and own == 0
