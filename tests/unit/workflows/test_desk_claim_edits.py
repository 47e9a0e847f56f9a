"""Claims an editor restates and adds, at the desk: the restate form on the claim page (stale versions
refused, keeping what was typed) and the add-claim forms on the article page (a selection's offsets into
the article's raw text, non-ASCII included, or a claim typed with where it came from)."""

import json
import re

import pytest

from factcheck.articles.models import content_hash
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

from .desk_pages import change_url, messages_of

pytestmark = pytest.mark.django_db


def restate_url(claim):
    return f"/admin/claims/claim/{claim.pk}/restate/"


# --- restating on the claim page ----------------------------------------------------------------------------

RESTATED = "Patients cured of melanoma with the clinic method can never get that cancer again."


def test_the_claim_page_shows_the_restate_form_and_the_sentence_as_it_appeared(as_user, make_claim):
    claim = make_claim("assigned", claim_reviewed=RESTATED)
    page = as_user("editor").get(change_url(claim)).content.decode()
    form = re.search(rf'<form[^>]*action="{re.escape(restate_url(claim))}".*?</form>', page, re.S).group(0)
    for name in ("claim_reviewed", "speaker", "claim_date", "appearance_url", "claim_type", "version"):
        assert f'name="{name}"' in form, name
    assert RESTATED in form and f'name="version" value="{claim.version}"' in form
    assert "As it appeared" in page and claim.text in page


def test_restate_through_the_desk(as_user, make_claim):
    claim = make_claim("assigned")
    response = as_user("reviewer").post(
        restate_url(claim),
        {
            "version": claim.version,
            "claim_reviewed": RESTATED,
            "speaker": "Dr Sergey Boljević",
            "claim_date": "2025-01-14",
            "appearance_url": "https://tv.example.org/show",
            "claim_type": claim.claim_type,
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(change_url(claim))
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.speaker, str(claim.claim_date), claim.appearance_url) == (
        RESTATED,
        "Dr Sergey Boljević",
        "2025-01-14",
        "https://tv.example.org/show",
    )
    assert AuditEvent.objects.filter(claim=claim, action="claim.edit").count() == 1


def test_a_stale_restate_is_refused_and_keeps_what_was_typed(as_user, make_claim):
    claim = make_claim("assigned")
    stale = claim.version
    client = as_user("editor")
    client.post(
        restate_url(claim),
        {
            "version": stale,
            "speaker": "Someone first",
            "claim_reviewed": "",
            "claim_date": "",
            "appearance_url": "",
            "claim_type": claim.claim_type,
        },
    )
    response = client.post(
        restate_url(claim),
        {
            "version": stale,
            "claim_reviewed": RESTATED,
            "speaker": "Someone second",
            "claim_date": "2025-01-14",
            "appearance_url": "https://tv.example.org/show",
            "claim_type": claim.claim_type,
        },
        follow=True,
    )
    assert any("changed since you loaded it" in str(m) for m in response.context["messages"])
    claim.refresh_from_db()
    assert claim.speaker == "Someone first" and claim.claim_reviewed == ""
    page = response.content.decode()
    form = re.search(rf'<form[^>]*action="{re.escape(restate_url(claim))}".*?</form>', page, re.S).group(0)
    assert RESTATED in form and 'value="Someone second"' in form and 'value="2025-01-14"' in form
    assert f'name="version" value="{claim.version}"' in form, "saving again now goes on top of the newer version"
    assert "Someone first" in page, "the saved version is shown beside what was typed"


def test_a_refused_restate_names_the_field_and_keeps_the_text(as_user, make_claim):
    claim = make_claim("assigned")
    response = as_user("editor").post(
        restate_url(claim),
        {
            "version": claim.version,
            "claim_reviewed": RESTATED,
            "speaker": "",
            "claim_date": "2999-01-01",
            "appearance_url": "ftp://nope",
            "claim_type": claim.claim_type,
        },
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "in the future" in text and "http://" in text
    assert RESTATED in response.content.decode()
    claim.refresh_from_db()
    assert claim.claim_reviewed == ""


def test_a_reviewer_not_assigned_cannot_restate(as_user, make_claim):
    claim = make_claim("assigned")
    response = as_user("reviewer2").post(
        restate_url(claim), {"version": claim.version, "speaker": "X", "claim_type": claim.claim_type}
    )
    assert response.status_code == 302
    assert any("not assigned to you" in m for m in messages_of(response))
    claim.refresh_from_db()
    assert claim.speaker != "X"


# --- adding a claim on the article page ---------------------------------------------------------------------

RAW = (
    "Čačak, 3. mart 🚀 — «Новости»: Dr. Đorđević said the café served 1,200 crème brûlées.\r\n"
    "Ministar Šapić rekao je da je nezaposlenost pala na 3% u 2024. godini.\r\n"
    "Ostalo je bez komentara."
)
MISSED = "Ministar Šapić rekao je da je nezaposlenost pala na 3% u 2024. godini."


@pytest.fixture
def article():
    return ArticleFactory(title="Non-ASCII article", raw_text=RAW, content_hash=content_hash(RAW))


def add_url(article):
    return f"/admin/articles/article/{article.pk}/add-claim/"


def test_the_article_page_carries_its_exact_text_and_the_selection_form(as_user, article):
    page = as_user("editor").get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    raw = re.search(r'<script id="fd-article-raw" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(raw) == RAW, "the script gets the raw text exactly, CRs and astral characters included"
    form = re.search(r'<form[^>]*id="fd-add-selection".*?</form>', page, re.S).group(0)
    assert f'action="{add_url(article)}"' in form
    assert 'type="hidden" name="start"' in form and 'type="hidden" name="end"' in form
    assert "articles/add_claim.js" in page


def test_a_selection_by_offsets_becomes_a_manual_claim(as_user, article):
    start = RAW.index(MISSED)  # code points, as Python indexes the raw text
    response = as_user("editor").post(
        add_url(article), {"mode": "selection", "start": start, "end": start + len(MISSED) + 2}
    )  # + the CRLF after it
    claim = Claim.objects.get(origin="manual")
    assert response.status_code == 302 and response["Location"] == change_url(claim)
    assert claim.text == MISSED and claim.article_id == article.pk
    assert RAW[claim.start : claim.end] == MISSED
    assert any("Claim added" in m for m in messages_of(response))


def test_a_selection_already_a_claim_names_it_and_stays_on_the_article(as_user, article):
    start = RAW.index(MISSED)
    existing = ClaimFactory(article=article, text=MISSED, start=start, end=start + len(MISSED))
    response = as_user("editor").post(
        add_url(article), {"mode": "selection", "start": start, "end": start + len(MISSED)}, follow=True
    )
    assert any(f"already claim {existing.pk}" in str(m) for m in response.context["messages"])
    assert response.redirect_chain[-1][0].startswith(f"/admin/articles/article/{article.pk}/change/")


def test_a_typed_claim_with_its_source(as_user, article):
    response = as_user("editor").post(
        add_url(article),
        {
            "mode": "typed",
            "text": "Vaccines cause 90% of autism cases.",
            "source_url": "",
            "source_description": "A caller on the morning radio show",
            "speaker": "A caller",
        },
    )
    claim = Claim.objects.get(origin="manual")
    assert response["Location"] == change_url(claim)
    assert claim.source_description == "A caller on the morning radio show" and claim.speaker == "A caller"


def test_a_refused_typed_claim_keeps_what_was_typed(as_user, article):
    response = as_user("editor").post(
        add_url(article),
        {
            "mode": "typed",
            "text": "Vaccines cause 90% of autism cases.",
            "source_url": "",
            "source_description": "",
            "speaker": "A caller",
        },
        follow=True,
    )
    assert any("where the claim came from" in str(m) for m in response.context["messages"])
    form = re.search(r'<form[^>]*id="fd-add-typed".*?</form>', response.content.decode(), re.S).group(0)
    assert "Vaccines cause 90% of autism cases." in form and 'value="A caller"' in form
    assert not Claim.objects.filter(origin="manual").exists()


def test_reviewers_are_not_offered_adding_and_are_refused(as_user, article):
    page = as_user("reviewer").get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'id="fd-add-selection"' not in page
    response = as_user("reviewer").post(add_url(article), {"mode": "selection", "start": 0, "end": 5})
    assert response.status_code == 302
    assert any("cannot add" in m for m in messages_of(response))
    assert not Claim.objects.exists()
