"""A Russian article through the pipeline: its language detected and stored, its claims queued with types,
figures, their language and a figures-based score, shown as such at the desk and in the API."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from factcheck.articles.services import ingest_file
from factcheck.claims.models import Claim
from factcheck.extraction.numbers import extract_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_match_index")]
ARTICLE = Path(__file__).resolve().parents[2] / "fixtures_ingest" / "russian_article.txt"


def test_a_russian_article_gets_its_claims_queued_typed_with_figures_and_language(russian):
    assert russian.status == Article.Status.DONE and russian.language == "ru"
    claims = {claim.text: claim for claim in Claim.objects.filter(article=russian)}
    money = next(claim for text, claim in claims.items() if text.startswith("Правительство выделит 12 млрд"))
    assert money.claim_type == "quantity" and money.score >= 0.5
    assert (12e9, False) in extract_figures(money.text, "ru").quantities
    assert money.speaker == "Татьяна Голикова", "the statement first, then who made it"
    carried = next(claim for text, claim in claims.items() if text.startswith("По её словам"))
    assert carried.speaker == "Татьяна Голикова", "«по её словам» carries the speaker to the next sentence"
    law = next(claim for text, claim in claims.items() if "приняла закон" in text)
    assert law.claim_type == "laws_rules"
    assert all(claim.language == "ru" and claim.score_basis == "figures" for claim in claims.values())
    assert not any(text.startswith("«Мы надеемся") or text.startswith("Что изменится") for text in claims)
    assert not any("Подробности читайте" in text for text in claims)


def test_the_desk_and_the_api_say_the_score_is_figures_based(russian, users, client):
    client.force_login(users["editor"])
    queue = client.get("/admin/claims/claim/", {"article": russian.pk}).content.decode()
    assert '<small class="fd-muted">figures</small>' in queue and "Figures-based score (Russian)" in queue
    page = client.get(f"/admin/articles/article/{russian.pk}/change/").content.decode()
    assert "Russian (ru)" in page and '<option value="ru" selected>' in page and "figures-based score" in page
    api = APIClient()
    api.force_authenticate(users["editor"])
    rows = api.get("/api/v1/claims/", {"article": russian.pk}).json()["results"]
    assert rows and {(row["language"], row["score_basis"]) for row in rows} == {("ru", "figures")}
    detail = api.get(f"/api/v1/claims/{rows[0]['id']}/").json()
    assert detail["language"] == "ru" and detail["score_basis"] == "figures"


def test_the_api_article_list_filters_by_language(russian, users, committed):
    with committed():
        english = ingest_file(Path(__file__).resolve().parents[3] / "seeds" / "003_1a00417633e32660.txt").article
    api = APIClient()
    api.force_authenticate(users["editor"])
    ids = {row["id"] for row in api.get("/api/v1/articles/", {"language": "ru"}).json()["results"]}
    assert ids == {russian.pk}
    ids = {row["id"] for row in api.get("/api/v1/articles/", {"language": "en"}).json()["results"]}
    assert english.pk in ids and russian.pk not in ids


def test_the_desk_lists_and_filters_articles_by_language(russian, users, client):
    client.force_login(users["editor"])
    listing = client.get("/admin/articles/article/", {"language": "ru"}).content.decode()
    assert "Russian (ru)" in listing and russian.title in listing


def test_an_editor_corrects_the_language_and_it_is_audited(russian, users, client):
    from factcheck.audit.models import AuditEvent

    client.force_login(users["editor"])
    url = f"/admin/articles/article/{russian.pk}/language/"
    answer = client.post(url, {"language": "kk"}, follow=True)
    assert "Language set to Kazakh" in answer.content.decode()
    russian.refresh_from_db()
    assert russian.language == "kk"
    assert set(Claim.objects.filter(article=russian).values_list("language", flat=True)) == {"kk"}
    event = AuditEvent.objects.get(action="article.set_language")
    assert (event.from_state, event.to_state, event.actor) == ("ru", "kk", users["editor"])
    refused = client.post(url, {"language": "xx"}, follow=True).content.decode()
    assert "Choose the article" in refused
    client.force_login(users["reviewer"])
    assert client.post(url, {"language": "ru"}).status_code == 403
    russian.refresh_from_db()
    assert russian.language == "kk"


def test_a_claim_added_at_the_desk_is_read_in_its_language(russian, users):
    from workflows.services.claim_edits import claim_add

    passage = "Государственная дума в среду приняла закон"
    start = russian.raw_text.index(passage)
    end = russian.raw_text.index(".", start) + 1
    Claim.objects.filter(article=russian, start=start).delete()
    selected = claim_add(actor=users["editor"], article_id=russian.pk, start=start, end=end)
    assert (selected.language, selected.score_basis, selected.claim_type) == ("ru", "figures", "laws_rules")
    typed = claim_add(
        actor=users["editor"],
        text="Η ανεργία μειώθηκε στο 9,8% τον Σεπτέμβριο, σύμφωνα με την ΕΛΣΤΑΤ.",
        source_description="Τηλεοπτική συνέντευξη",
    )
    assert (typed.language, typed.score_basis, typed.claim_type) == ("el", "figures", "quantity")
    assert typed.score >= 0.5


def test_extract_claims_gives_each_claim_its_language():
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("extract_claims", str(ARTICLE), stdout=out)
    rows = json.loads(out.getvalue())
    assert rows and {row["language"] for row in rows} == {"ru"}
    assert {"source", "text", "score", "claim_type", "speaker", "start", "end", "context"} <= set(rows[0])
