"""One selector builds what a claim page shows (the claim, its article, assignments, the verdict and
evidence when the reader may see them, what they may do, the history), for the admin and the API alike."""

import pytest

from workflows import claim_page

pytestmark = pytest.mark.django_db


def test_the_page_of_a_claim_in_review_for_its_reviewer(users, make_claim):
    claim = make_claim("in_review")
    page = claim_page.claim_page(users["reviewer"], claim.pk)
    assert page.claim == claim and page.claim.article.pk == claim.article_id
    assert [a.reviewer for a in page.assignments] == [users["reviewer"]]
    assert page.verdict_visible and page.verdict.claim_id == claim.pk
    assert [e.pk for e in page.evidence] == list(page.verdict.evidence.values_list("pk", flat=True))
    assert "draft" in page.allowed_actions and "submit" in page.allowed_actions
    assert page.hidden_reason == ""


def test_an_outsider_sees_no_draft_and_a_sentence_saying_why(users, make_claim):
    claim = make_claim("in_review")
    page = claim_page.claim_page(users["reviewer2"], claim.pk)
    assert page.verdict is None and not page.verdict_visible and page.evidence == []
    assert page.hidden_reason.endswith(".") and page.allowed_actions == []


def test_history_is_in_sentences_newest_first(users, make_claim):
    from workflows import services

    claim = make_claim("new")
    services.claim_set_priority(claim_id=claim.pk, actor=users["editor"], priority=1)
    services.claim_dismiss(claim_id=claim.pk, actor=users["editor"], reason="duplicate")
    page = claim_page.claim_page(users["editor"], claim.pk)
    assert [e.action for e in page.history] == ["claim.dismiss", "claim.set_priority"]
    assert page.history[0].sentence == "editor dismissed the claim: duplicate"


def test_an_unknown_claim_is_not_visible(users):
    from workflows.exceptions import NotVisible

    with pytest.raises(NotVisible):
        claim_page.claim_page(users["editor"], 987654)


def test_the_admin_page_and_the_api_read_the_same_selector(users, make_claim, client, monkeypatch):
    from rest_framework.test import APIClient

    calls = []
    real = claim_page.claim_page

    def counted(user, claim_id, **kwargs):
        calls.append((user.pk, claim_id))
        return real(user, claim_id, **kwargs)

    monkeypatch.setattr(claim_page, "claim_page", counted)
    claim = make_claim("in_review")
    client.force_login(users["reviewer"])
    assert client.get(f"/admin/claims/claim/{claim.pk}/change/").status_code == 200
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    assert api.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    assert calls == [(users["reviewer"].pk, claim.pk), (users["reviewer"].pk, claim.pk)]
