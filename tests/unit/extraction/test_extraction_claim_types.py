"""Claim types follow Full Fact's taxonomy, with the documented precedence."""

import pytest

from factcheck.extraction import CLAIM_TYPES
from factcheck.extraction.claim_types import RULES, classify_claim_type


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The technology has already been used to treat 85 patients.", "quantity"),
        ("Of them 60% have been totally cured and have recovered.", "quantity"),
        ("In Belarus it costs the equivalent of $55,000.", "quantity"),
        ("Currently, six domestic cellular therapy drugs are undergoing clinical trials.", "quantity"),
        ("The plant will begin production in 2026.", "prediction"),
        ("The hospital plans to open a new wing next year.", "prediction"),
        ("A new drug is expected to be tested as early as 2026.", "prediction"),
        ("The center plans, beginning in 2026-2027, to manufacture up to 600 products annually.", "prediction"),
        ("Kazakhstan may become the first country in Central Asia to use the therapy.", "prediction"),
        ("The procedure is now an officially approved therapeutic practice.", "laws_rules"),
        ("The vaccine received approval for broad use.", "laws_rules"),
        ("The decree obliges all hospitals to report waiting times.", "laws_rules"),
        ("The treatment causes minimal side effects.", "correlation_causation"),
        ("Smoking leads to lung cancer.", "correlation_causation"),
        ("The method reduces side effects.", "correlation_causation"),
        ("We have the largest experience in Eastern Europe.", "personal_experience"),
        ("I keep an eye on this center.", "personal_experience"),
        ("It is the first Russian vaccine based on mRNA technology.", "other"),
        ("The research lasted several years, with trials conducted during the period 2022-2024.", "other"),
    ],
)
def test_claim_types(text, expected):
    assert classify_claim_type(text) == expected


def test_years_alone_are_not_quantities():
    assert classify_claim_type("The study ran from 2019 to 2021 in Moscow.") == "other"


def test_precedence_prediction_beats_quantity_and_laws_beat_quantity():
    assert classify_claim_type("The law will ban sales to 40,000 shops.") == "prediction"
    assert classify_claim_type("The law bans sales to anyone under 18.") == "laws_rules"
    assert classify_claim_type("The drug cured 60% of patients.") == "quantity"


def test_every_rule_names_a_known_type():
    assert [name for name, _ in RULES] + ["other"] == [
        "prediction",
        "laws_rules",
        "quantity",
        "correlation_causation",
        "personal_experience",
        "other",
    ]
    assert {name for name, _ in RULES} | {"other"} == set(CLAIM_TYPES)
