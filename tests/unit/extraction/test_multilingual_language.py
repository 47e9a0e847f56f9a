"""Telling an article's language (lingua) and a line's (script and stopwords), Kazakh apart from Russian."""

import pytest

from factcheck.extraction import language
from factcheck.extraction.language import (
    article_detector,
    detect_article_language,
    detect_language,
    is_other_language,
    sentence_language,
)

ARTICLES = {
    "kk": "Қазақстан ғалымдары қатерлі ісікке қарсы дәрі жасады. Сынақтар 2026 жылы басталады.",
    "ru": "Казахстанские учёные разработали препарат против рака крови. Испытания начнутся в 2026 году.",
    "uk": "Уряд України затвердив бюджет на 2025 рік. Видатки на освіту зростуть.",
    "be": "Беларускія навукоўцы распрацавалі новы метад лячэння.",
    "sr": "Srbija je u 2025. godini izvezla robu vrednu 30 milijardi evra, što je 12 odsto više nego prošle godine.",
    "el": "Η κυβέρνηση ανακοίνωσε μέτρα 500 εκατ. ευρώ για τα νοικοκυριά.",
    "es": "El Gobierno aprobó ayer la ley de vivienda con el apoyo de sus socios.",
    "fr": "Le gouvernement a annoncé une hausse de 5 % des retraites au 1er janvier.",
    "de": "Der Bundestag hat am Donnerstag das Gesetz zur Cannabis-Legalisierung beschlossen.",
    "en": "The government said unemployment fell to 4% in the third quarter.",
}


@pytest.mark.parametrize("code", ARTICLES)
def test_articles_are_told_apart(code):
    assert detect_article_language(ARTICLES[code]) == code


def test_serbian_cyrillic_is_serbian():
    assert detect_article_language("Влада Србије је усвојила буџет од 1,5 милијарди евра.") == "sr"


def test_kazakh_with_few_kazakh_letters_is_still_kazakh():
    text = "Астана қаласында жаңа мектеп ашылды. Мектеп 1200 оқушыға арналған, деп хабарлады әкімдік."
    assert detect_article_language(text) == "kk"
    assert detect_language(text) == "kk"  # the fast per-line check knows the Kazakh letters too


def test_an_article_without_letters_keeps_the_fallback():
    assert detect_article_language("2025 — 12 %", default="ru") == "ru"


def test_the_detector_is_built_once_and_only_when_needed(monkeypatch):
    monkeypatch.setattr(language, "_detector", None)
    detect_article_language(ARTICLES["el"])  # Greek is told by its script: no detector needed
    assert language._detector is None
    first = article_detector()
    detect_article_language(ARTICLES["ru"])
    assert article_detector() is first


def test_a_bare_english_line_is_never_taken_for_another_language():
    for line in ["So what did we do?", "I vetoed 993 measures.", "Libya's 6 million population; Egypt, 80 million."]:
        assert sentence_language(line) == "en"
    assert sentence_language("Правительство выделило 5 млн рублей.") == "ru"
    assert sentence_language("Le gouvernement a débloqué une aide exceptionnelle pour les agriculteurs.") == "fr"


def test_serbian_and_kazakh_lines_are_not_dropped_as_foreign():
    assert not is_other_language("Влада је усвојила буџет.", "sr")
    assert not is_other_language("Vlada je usvojila budžet.", "sr")
    assert not is_other_language("Үкімет бюджетті бекітті.", "kk")
    assert is_other_language("The government approved the budget.", "ru")


def test_a_language_extraction_does_not_read_is_named_not_forced_into_a_read_one():
    italian = "Il governo ha approvato la legge di bilancio con il voto della maggioranza, confermata anche al Senato."
    assert detect_article_language(italian) == "it"
