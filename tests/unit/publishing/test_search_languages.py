"""Search, ClaimReview and the public page in the fact-check's language: documents parsed with the language's
configuration (PostgreSQL), any word form of a Russian query finding a Russian fact-check, ``inLanguage``,
``<html lang>`` and ``hreflang`` alternates for the same claim published in several languages."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from factcheck.claims import search
from factcheck.claims.models import Claim
from factcheck.verdicts.models import Verdict
from tests.factories import ClaimClusterFactory
from tests.unit.publishing.conftest import parse

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored search documents and their configurations are PostgreSQL's"
)

RUSSIAN = {
    "headline": "Вакцины не вызывают аутизм",
    "summary": "Исследования на миллионах детей не нашли связи.",
    "claim_text": "Прививки от кори вызывают аутизм у детей.",
    "speaker": "Иван Петров",
    "article": {"title": "Споры о прививках", "language": "ru", "url": "https://news.example.ru/privivki"},
}


def public_titles(client, q: str) -> list[str]:
    return [text for level, text in parse(client.get("/fact-checks/", {"q": q})).headings if level == 2]


def claim_review(client, verdict: Verdict) -> dict:
    page = parse(client.get(verdict.get_absolute_url()))
    scripts = [json.loads(body) for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    return next(data for data in scripts if data.get("@type") == "ClaimReview")


@postgres_only
def test_a_russian_fact_check_is_found_by_another_word_form_and_says_it_is_russian(client, make_factcheck):
    verdict = make_factcheck(**RUSSIAN)
    make_factcheck(headline="Vaccines do not cause autism", claim_text="Vaccines cause autism.")

    assert public_titles(client, "вакцина") == [RUSSIAN["headline"]]  # published "Вакцины", searched "вакцина"
    assert public_titles(client, "прививка кори") == [RUSSIAN["headline"]]
    assert claim_review(client, verdict)["inLanguage"] == "ru"


@postgres_only
def test_documents_are_parsed_in_their_languages_configuration(make_factcheck):
    verdict = make_factcheck(**RUSSIAN)
    english = make_factcheck(headline="Vaccines do not cause autism", claim_text="Vaccines cause autism.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM claims_claim WHERE id = %s", [verdict.claim_id])
        assert "'вакцин'" not in cursor.fetchone()[0]  # the claim says "Прививки": stemmed as Russian
        cursor.execute("SELECT search_vector::text FROM verdicts_verdict WHERE id = %s", [verdict.pk])
        assert "'вакцин'" in cursor.fetchone()[0]
        cursor.execute("SELECT search_vector::text FROM verdicts_verdict WHERE id = %s", [english.pk])
        assert "'vaccin'" in cursor.fetchone()[0]  # English stemming: "Vaccines" -> "vaccin"


@postgres_only
def test_the_desk_search_finds_other_word_forms_and_a_claims_own_language_wins(users, make_factcheck):
    verdict = make_factcheck(**RUSSIAN)
    quoted = make_factcheck(
        headline="Ukrainian quote",
        claim_text="Вакцини від кору спричиняють аутизм.",
        article={"title": "Quotes", "language": "en", "url": "https://news.example.com/q"},
    )
    Claim.objects.filter(pk=quoted.claim_id).update(language="uk")  # Ukrainian: no stemmer, parsed as "simple"
    api = APIClient()
    api.force_authenticate(users["editor"])

    def ids(q: str) -> set[int]:
        response = api.get("/api/v1/claims/", {"q": q})
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("прививка") == {verdict.claim_id}
    assert ids("вакцини") == {quoted.claim_id}  # as written


@postgres_only
def test_the_query_function_parses_in_every_configuration_once_and_the_planner_sees_a_constant():
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc, provolatile FROM pg_proc WHERE proname = %s", [search.QUERY_FUNCTION])
        body, volatility = cursor.fetchone()
        assert volatility == "i"  # immutable: folded into a constant when a statement is planned
        assert all(f"'{config}'::regconfig" in body for config in search.QUERY_CONFIGS)
        cursor.execute("SELECT factdesk_search_query('band7')::text, factdesk_search_query('вакцины')::text")
        once, russian = cursor.fetchone()
        assert once == "'band7'"  # the same parse in eight configurations, OR-ed once
        assert "'вакцин'" in russian and "'вакцины'" in russian  # Russian stem and the word as written


def test_a_query_is_parsed_in_every_configuration_unless_it_excludes_words():
    assert search.query_configs("вакцина") == search.QUERY_CONFIGS
    assert "russian" in search.QUERY_CONFIGS and "simple" in search.QUERY_CONFIGS
    assert search.query_configs("вакцина -корь") == ("russian",)
    assert search.query_configs("vaccine -covid") == ("english",)


def test_claim_review_and_the_page_speak_the_fact_checks_language(client, make_factcheck):
    verdict = make_factcheck(**RUSSIAN)
    page = client.get(verdict.get_absolute_url()).content.decode()
    assert '<html lang="ru">' in page
    assert claim_review(client, verdict)["inLanguage"] == "ru"

    english = make_factcheck(headline="The clinic did not treat 500 patients")
    assert claim_review(client, english)["inLanguage"] == "en"
    assert '<html lang="en' in client.get(english.get_absolute_url()).content.decode()


def test_a_claims_own_language_is_the_fact_checks(client, make_factcheck):
    verdict = make_factcheck(headline="A quoted minister", article={"language": "en"})
    Claim.objects.filter(pk=verdict.claim_id).update(language="sr")
    assert claim_review(client, verdict)["inLanguage"] == "sr"


def test_the_same_claim_published_in_other_languages_is_offered_as_alternates(client, make_factcheck):
    russian = make_factcheck(**RUSSIAN)
    english = make_factcheck(headline="Vaccines do not cause autism", claim_text="Measles jabs cause autism.")
    unrelated = make_factcheck(headline="Bread prices", claim_text="Bread prices rose by 12%.")
    cluster = ClaimClusterFactory()
    Claim.objects.filter(pk__in=[russian.claim_id, english.claim_id]).update(cluster=cluster)

    links = [
        (attrs["hreflang"], attrs["href"])
        for tag, attrs in parse(client.get(russian.get_absolute_url())).elements
        if tag == "link" and attrs.get("hreflang")
    ]
    assert [language for language, _ in links] == ["ru", "en"]
    assert links[1][1].endswith(english.get_absolute_url())
    visible = [attrs for tag, attrs in parse(client.get(russian.get_absolute_url())).elements if tag == "a"]
    assert any(attrs.get("hreflang") == "en" and attrs.get("lang") == "en" for attrs in visible)  # "English"
    page = parse(client.get(unrelated.get_absolute_url()))
    assert not [attrs for tag, attrs in page.elements if tag == "link" and attrs.get("hreflang")]
