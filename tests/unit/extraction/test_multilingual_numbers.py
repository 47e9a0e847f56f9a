"""The number reader in each supported language: separators, scale words and abbreviations, percent words,
spelled-out numbers and their compounds."""

import pytest

from factcheck.extraction.numbers import extract_figures, numbers_agree


@pytest.mark.parametrize(
    "language, text, quantities",
    [
        ("en", "six hundred people and two hundred and fifty cars", [(250.0, False), (600.0, False)]),
        (
            "ru",
            "Бюджет составил 5 млн рублей, 1,5 млрд и 300 тыс. долларов",
            [(3e5, False), (5e6, False), (1.5e9, False)],
        ),
        ("ru", "Выделено шестьсот двадцать тысяч рублей и две тысячи пятьсот", [(2500.0, False), (620000.0, False)]),
        ("ru", "Безработица снизилась до 2,3 процента", [(2.3, True)]),
        ("ru", "Население — 1 500 000 человек", [(1.5e6, False)]),
        ("uk", "Зарплата зросла на 20 відсотків, п'ятсот тисяч гривень", [(20.0, True), (500000.0, False)]),
        ("el", "Η κυβέρνηση διέθεσε 2,5 δισ. ευρώ και 500 εκατ.", [(5e8, False), (2.5e9, False)]),
        ("el", "Εξακόσιοι εργαζόμενοι, δηλαδή το 12% του συνόλου", [(12.0, True), (600.0, False)]),
        ("sr", "Србија је извезла робу вредну 30 милијарди евра, 12 одсто више", [(12.0, True), (3e10, False)]),
        ("sr", "Izvezeno je 2.500 tona i šeststo hiljada litara", [(2500.0, False), (600000.0, False)]),
        ("kk", "1,2 млн тонна астық, бес жүз мың теңге, 15 пайыз", [(15.0, True), (500000.0, False), (1.2e6, False)]),
        ("es", "doscientos mil millones de pesos y treinta y cinco por ciento", [(35.0, True), (2e11, False)]),
        (
            "fr",
            "quatre-vingt-quinze millions d'euros, soit 3,5 milliards et 1 500 000 personnes",
            [(1.5e6, False), (9.5e7, False), (3.5e9, False)],
        ),
        (
            "de",
            "4,2 Mrd. Euro, zweihundertfünfzig Stellen, fünfundzwanzig Prozent",
            [(25.0, True), (250.0, False), (4.2e9, False)],
        ),
    ],
)
def test_figures_are_read_in_each_language(language, text, quantities):
    assert sorted(extract_figures(text, language).quantities) == sorted(quantities)


@pytest.mark.parametrize(
    "language, text",
    [("ru", "Встреча состоялась 21 ноября"), ("de", "Sie trafen sich am 5. März"), ("el", "Στις 3 Μαΐου")],
)
def test_a_day_of_the_month_is_no_quantity(language, text):
    assert extract_figures(text, language).quantities == ()


def test_the_language_is_told_from_the_text_when_not_given():
    assert sorted(extract_figures("Правительство выделило 5 млн рублей").quantities) == [(5e6, False)]
    assert numbers_agree("Выделено 600 млн рублей", "The government allocated 600 million rubles")
    assert not numbers_agree("Выделено 600 млн рублей", "The government allocated 60 million rubles")


def test_the_hundred_of_a_percent_phrase_is_no_figure():
    assert extract_figures("el 35 por ciento", "es").quantities == ((35.0, True),)
    assert extract_figures("το 35 τοις εκατό", "el").quantities == ((35.0, True),)
