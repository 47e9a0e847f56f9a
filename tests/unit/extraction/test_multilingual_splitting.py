"""The splitter in each supported language: its abbreviations, its punctuation and its quotes."""

import pytest

from factcheck.extraction.splitting import split_sentences, split_spans


@pytest.mark.parametrize(
    "language, text, expected",
    [
        (
            "ru",
            "Как сообщил проф. Иванов, рост составил 5%. Экспорт вырос.",
            ["Как сообщил проф. Иванов, рост составил 5%.", "Экспорт вырос."],
        ),
        (
            "ru",
            "Выручка выросла на 5% в 2024 г. Правительство довольно. В 2025 г. Минфин выделил 3 млн руб. на ремонт.",
            [
                "Выручка выросла на 5% в 2024 г.",
                "Правительство довольно.",
                "В 2025 г. Минфин выделил 3 млн руб. на ремонт.",
            ],
        ),
        (
            "ru",
            "Он живёт в г. Москва, т. е. в столице. Сумма составила 5 млн руб. Это рекорд.",
            ["Он живёт в г. Москва, т. е. в столице.", "Сумма составила 5 млн руб.", "Это рекорд."],
        ),
        (
            "ru",
            "Премьер заявил: «Мы выполнили план». Все согласны.",
            ["Премьер заявил: «Мы выполнили план».", "Все согласны."],
        ),
        (
            "uk",
            "За словами проф. Шевченка, ціни зросли. У 2024 р. уряд ухвалив бюджет.",
            ["За словами проф. Шевченка, ціни зросли.", "У 2024 р. уряд ухвалив бюджет."],
        ),
        (
            "el",
            "Ο κ. Παπαδόπουλος δήλωσε ότι η ανεργία μειώθηκε. Ποιος θα πληρώσει; Η κυβέρνηση απάντησε.",
            ["Ο κ. Παπαδόπουλος δήλωσε ότι η ανεργία μειώθηκε.", "Ποιος θα πληρώσει;", "Η κυβέρνηση απάντησε."],
        ),
        (
            "el",
            "Η κα Νικολάου και ο καθ. Γεωργίου μίλησαν. Γιατί σιωπά; Δεν απάντησε κανείς.",
            ["Η κα Νικολάου και ο καθ. Γεωργίου μίλησαν.", "Γιατί σιωπά;", "Δεν απάντησε κανείς."],
        ),
        (
            "sr",
            "Проф. Петровић је рекао да је раст 5 одсто. Влада је усвојила буџет.",
            ["Проф. Петровић је рекао да је раст 5 одсто.", "Влада је усвојила буџет."],
        ),
        (
            "sr",
            "Prema rečima dr. Jovanovića, to je rekord. Vlada je usvojila zakon.",
            ["Prema rečima dr. Jovanovića, to je rekord.", "Vlada je usvojila zakon."],
        ),
        ("kk", "2025 ж. Үкімет 5 млн теңге бөлді. Бұл рекорд.", ["2025 ж. Үкімет 5 млн теңге бөлді.", "Бұл рекорд."]),
        (
            "es",
            "¿Quién pagará? La Sra. García dijo que sí. ¡Es un récord! El Gobierno respondió.",
            ["¿Quién pagará?", "La Sra. García dijo que sí.", "¡Es un récord!", "El Gobierno respondió."],
        ),
        (
            "fr",
            "« Nous avons réussi. » Le ministre l'a dit. Mme Dupont a confirmé.",
            ["« Nous avons réussi. »", "Le ministre l'a dit.", "Mme Dupont a confirmé."],
        ),
        (
            "de",
            "„Wir haben es geschafft.“ Der Minister, Dr. Müller, sagte am 5. März, z.B. in Berlin. Die Zahl stieg.",
            [
                "„Wir haben es geschafft.“",
                "Der Minister, Dr. Müller, sagte am 5. März, z.B. in Berlin.",
                "Die Zahl stieg.",
            ],
        ),
        ("en", "Dr. Smith arrived. He spoke.", ["Dr. Smith arrived.", "He spoke."]),
    ],
)
def test_each_language_splits_on_its_own_rules(language, text, expected):
    assert split_sentences(text, language) == expected


def test_the_greek_question_mark_ends_a_sentence_only_in_greek():
    text = "Τι έγινε; Τίποτα."
    assert split_sentences(text, "el") == ["Τι έγινε;", "Τίποτα."]
    assert split_sentences("It failed; Nothing else.", "en") == ["It failed; Nothing else."]


def test_spans_stay_exact_offsets_into_the_text_in_every_language():
    text = "  Проф. Иванов: «Рост — 5%». Ποιος; Sra. García dijo que sí.  "
    for language in ("ru", "el", "es", "de", "kk"):
        for start, end in split_spans(text, 10, language):
            assert text[start - 10 : end - 10].strip() == text[start - 10 : end - 10]
