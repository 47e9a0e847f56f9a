"""Claim types from each language's own words, in the English rule order."""

import pytest

from factcheck.extraction.claim_types import classify_claim_type


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("ru", "В следующем году правительство планирует построить 40 больниц.", "prediction"),
        ("ru", "Государственная дума приняла закон о запрете вейпов.", "laws_rules"),
        ("ru", "Безработица снизилась до 2,3% в октябре.", "quantity"),
        ("ru", "Курение приводит к раку лёгких.", "correlation_causation"),
        ("ru", "Мы открыли новую школу в нашем районе.", "personal_experience"),
        ("uk", "Верховна Рада ухвалила закон про мобілізацію.", "laws_rules"),
        ("uk", "Інфляція сповільнилася до 7,2%.", "quantity"),
        ("el", "Η κυβέρνηση θα αυξήσει τον κατώτατο μισθό.", "prediction"),
        ("el", "Η Βουλή ψήφισε το νομοσχέδιο για την επιστολική ψήφο.", "laws_rules"),
        ("el", "Η ανεργία μειώθηκε στο 9,8%.", "quantity"),
        ("sr", "Skupština je usvojila zakon o rudarstvu.", "laws_rules"),
        ("sr", "Инфлација је пала на 4,3 одсто.", "quantity"),
        ("kk", "Мәжіліс жаңа заңды қабылдады.", "laws_rules"),
        ("kk", "Жұмыссыздық деңгейі 4,7 пайызды құрады.", "quantity"),
        ("es", "El Congreso aprobó la ley de amnistía.", "laws_rules"),
        ("es", "La sequía provocó la caída de la cosecha.", "correlation_causation"),
        ("fr", "Le chômage est descendu à 7,3 %.", "quantity"),
        ("fr", "Le gouvernement prévoit de fermer dix centrales.", "prediction"),
        ("de", "Das Bundesverfassungsgericht erklärte den Haushalt für verfassungswidrig.", "laws_rules"),
        ("de", "Die Mieten sind um 9 Prozent gestiegen.", "quantity"),
    ],
)
def test_claim_types_in_each_language(language, text, expected):
    assert classify_claim_type(text, language) == expected
