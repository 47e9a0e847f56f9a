"""Language identification: a cheap per-line verdict, and lingua for a whole article.

Scraped pages mix the article with navigation in the site's own language (a Greek site republishing an
English story), so the cleaner needs a per-line verdict that costs microseconds and needs no model.
Script alone separates Greek, Cyrillic, Arabic, CJK and so on; within the Latin script a stopword count
tells English from the other common European languages well enough for whole lines; within Cyrillic,
the letters only one orthography has (ў, ә ғ қ ң ө ұ ү һ, ї є ґ і, ђ ћ џ љ њ ј) tell the languages apart.

An article's language, which decides how it is split, read and scored, is ``detect_article_language``:
lingua's n-gram models (``lingua-language-detector``), restricted to the languages extraction reads and built
once per process on first use, in its low-accuracy mode (trigrams only: about 20 MB resident instead of about
120 MB, and whole articles are long enough for it). Two corrections lingua needs: its Serbian model is
Cyrillic only, so Serbian in Latin script is told by its stopwords and letters; and Kazakh written with few
of its own letters is kept apart from Russian by counting them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

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


#: Letters that exist in one Cyrillic orthography only (Kazakh's before Ukrainian's: Kazakh writes "і" too).
_CYRILLIC_MARKERS = (
    ("be", re.compile(r"[ўЎ]")),
    ("kk", re.compile(r"[әӘғҒқҚңҢөӨұҰүҮһҺ]")),
    ("uk", re.compile(r"[їЇєЄґҐіІ]")),
    ("sr", re.compile(r"[ђЂћЋџЏљЉњЊјЈ]")),
)


def _cyrillic_language(text: str) -> str:
    """Letters that exist in only one Cyrillic orthography decide; Russian is the fallback."""
    for language, letters in _CYRILLIC_MARKERS:
        if letters.search(text):
            return language
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


def sentence_language(text: str) -> str:
    """The language of one bare sentence, English unless the text clearly says otherwise.

    For scoring lines without an article around them (``score_sentences``): another script decides at once,
    but a Latin-script line is taken from English only when it has no English stopword and two of another
    language's (of three letters or more), so an English sentence is never scored as something else.
    """
    script = "latin" if text.isascii() else dominant_script(text)  # most lines scored are plain English
    if script is None:
        return "en"
    if script == "cyrillic":
        return _cyrillic_language(text)
    if script != "latin":
        return _SCRIPT_LANGUAGE.get(script, "en")
    counts = latin_stopword_counts(text)
    if counts.get("en", 0):
        return "en"
    # Only stopwords of three letters or more vote: "I", "a", "do", "to" are English words too.
    long_counts = latin_stopword_counts(" ".join(word for word in _WORD.findall(text) if len(word) >= 3))
    language, count = max(long_counts.items(), key=lambda item: item[1], default=("en", 0))
    if count >= 2:
        return language
    if len(text.split()) < SURE_WORDS or text.isascii():
        return "en"  # too short to tell, or without a single letter English does not write
    # No English stopword and no clear vote: lingua decides, when it is sure.
    if _is_serbian_latin(text):
        return "sr"
    confidence = article_detector().compute_language_confidence_values(text)
    best = confidence[0] if confidence else None
    if best is None or best.value < SURE_CONFIDENCE:
        return "en"
    code = _CODE_OF_LINGUA.get(best.language.name, "en")
    return code if script_of_language(code) == "latin" else "en"


def script_of_language(language: str) -> str:
    """The script a language code is normally written in (Latin for anything not listed)."""
    for script, code in _SCRIPT_LANGUAGE.items():
        if code == language:
            return script
    return "cyrillic" if language in {"ru", "uk", "be", "bg", "mk", "kk", "sr"} else "latin"


def is_other_language(text: str, language: str) -> bool:
    """Whether a line is clearly written in a language other than ``language``.

    Lines with no letters, or too few words for the stopword vote, are given the benefit of the doubt:
    dropping a real sentence costs the desk a claim, keeping a stray menu item costs nothing.
    """
    script = dominant_script(text)
    if script is None:
        return False
    if language == "sr" and script in ("latin", "cyrillic"):
        return False  # Serbian is written in both scripts, often on one page
    if script != script_of_language(language):
        return True
    if script != "latin" or language not in _LATIN_STOPWORDS:
        return False
    counts = latin_stopword_counts(text)
    own = counts.get(language, 0)
    other = max((count for code, count in counts.items() if code != language), default=0)
    return other >= 2 and own == 0


#: lingua's name for each language an article may be detected as (Belarusian: so that it is not read as
#: Russian, even though extraction has no lexicon of its own for it).
ARTICLE_LANGUAGES: dict[str, str] = {
    "en": "ENGLISH",
    "ru": "RUSSIAN",
    "uk": "UKRAINIAN",
    "be": "BELARUSIAN",
    "sr": "SERBIAN",
    "kk": "KAZAKH",
    "el": "GREEK",
    "es": "SPANISH",
    "fr": "FRENCH",
    "de": "GERMAN",
}
#: A bare Latin-script line goes to lingua only with this many words, and leaves English only when lingua is
#: at least this sure: short lines ("So what did we do?") are too little to tell.
SURE_WORDS = 5
SURE_CONFIDENCE = 0.9
#: Characters of an article lingua reads: enough for a sure verdict, bounded for long documents.
DETECTION_SAMPLE = 6000
#: Share of a Cyrillic text's letters that are Kazakh-only for it to be Kazakh whatever lingua says.
KAZAKH_LETTER_SHARE = 0.01
_SERBIAN_LATIN_LETTERS = re.compile(r"[đĐ]|\b(?:je|su|će|što|koji|koja|kako|prema|godine|odsto)\b")

_detector: Any = None
_detector_lock = threading.Lock()


def article_detector() -> Any:
    """The process's lingua detector, built on first use (importing lingua costs nothing until then)."""
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                languages = [getattr(Language, name) for name in ARTICLE_LANGUAGES.values()]
                _detector = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
    return _detector


_CODE_OF_LINGUA = {name: code for code, name in ARTICLE_LANGUAGES.items()}
_KAZAKH_ONLY = re.compile(r"[әӘғҒқҚңҢөӨұҰүҮһҺ]")
_LETTER = re.compile(r"[^\W\d_]")


def _is_serbian_latin(text: str) -> bool:
    counts = latin_stopword_counts(text)
    if not counts:
        return False
    serbian = counts.get("sr", 0)
    others = max((count for code, count in counts.items() if code != "sr"), default=0)
    return serbian > others and len(_SERBIAN_LATIN_LETTERS.findall(text)) >= 2


def detect_article_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the language a whole article is written in (``default`` when it has no letters).

    Greek and the scripts no supported language shares are told by their script alone; Latin and Cyrillic
    text goes to lingua, with the Serbian-Latin and Kazakh corrections of the module docstring.
    """
    sample = (text or "")[:DETECTION_SAMPLE]
    script = dominant_script(sample)
    if script is None:
        return default
    if script not in ("latin", "cyrillic"):
        return _SCRIPT_LANGUAGE.get(script, default)
    found = article_detector().detect_language_of(sample)
    code = _CODE_OF_LINGUA.get(found.name, default) if found is not None else detect_language(sample, default)
    if script == "latin":
        if _is_serbian_latin(sample):
            return "sr"
        stopwords = detect_language(sample, default)
        if stopwords not in ARTICLE_LANGUAGES:
            return stopwords  # Italian, Portuguese, Dutch, Polish: lingua was not asked about them, its stopwords tell
        return code if script_of_language(code) == "latin" else stopwords
    letters = len(_LETTER.findall(sample)) or 1
    if code != "kk" and len(_KAZAKH_ONLY.findall(sample)) / letters >= KAZAKH_LETTER_SHARE:
        return "kk"
    return code if code in {"ru", "uk", "be", "sr", "kk"} else _cyrillic_language(sample)
