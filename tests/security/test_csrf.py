"""Item 11, CSRF: every state-changing form on the desk carries a token, and a POST without one is a 403
that changes nothing: the admin login, every workflow button, evidence edit/remove, bulk actions, and the
API when it is used with a session cookie (token-authenticated API calls carry no ambient credential)."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from factcheck.claims.models import ClaimState
from tests.specs import STATE_FOR, claim_for, form_data, snapshot
from tests.unit.publishing.conftest import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(users):
    def make(who=None) -> Client:
        client = Client(enforce_csrf_checks=True)
        if who:
            client.force_login(users[who])
        return client

    return make


def test_login_without_a_token_is_refused(strict, users):
    response = strict().post("/admin/login/", {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 403 and b"CSRF" in response.content


def test_login_with_the_token_works(strict, users):
    client = strict()
    page = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "pw-editor", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("action", sorted(STATE_FOR))
def test_every_workflow_button_needs_the_token(action, strict, users, ratings, make_claim, settings):
    if action == "vote":
        settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel"}
    claim = claim_for(action, make_claim)
    who = "reviewer" if action in ("start", "evidence", "draft", "submit") else "editor"
    before = snapshot(claim)
    response = strict(who).post(
        f"/admin/claims/claim/{claim.pk}/workflow/{action}/", form_data(action, claim, users, ratings)
    )
    assert response.status_code == 403
    assert snapshot(claim) == before


def test_evidence_edit_remove_and_bulk_actions_need_the_token(strict, make_claim):
    claim = make_claim("in_review")
    link = claim.verdict.evidence.get()
    before = snapshot(claim)
    client = strict("reviewer")
    base = f"/admin/claims/claim/{claim.pk}/evidence/{link.pk}"
    assert (
        client.post(f"{base}/edit/", {"url": "https://x.example/", "title": "T", "stance": "refutes"}).status_code
        == 403
    )
    assert client.post(f"{base}/remove/").status_code == 403
    editor = strict("editor")
    assert (
        editor.post(
            "/admin/claims/claim/",
            {"action": "dismiss_with_reason", "_selected_action": [claim.pk], "apply": "1", "reason": "duplicate"},
        ).status_code
        == 403
    )
    assert editor.post("/admin/logout/").status_code == 403
    assert snapshot(claim) == before


def test_the_api_with_a_session_needs_the_token_and_with_a_token_does_not(users, make_claim):
    claim = make_claim("new")
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(users["editor"])
    refused = session.post(f"/api/v1/claims/{claim.pk}/priority/", {"priority": 1}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    claim.refresh_from_db()
    assert claim.priority == 3
    token = APIClient(enforce_csrf_checks=True)
    key = token.post("/api/v1/auth/token/", {"username": "editor", "password": "pw-editor"}, format="json").json()
    token.credentials(HTTP_AUTHORIZATION=f"Token {key['token']}")
    assert token.post(f"/api/v1/claims/{claim.pk}/priority/", {"priority": 1}, format="json").status_code == 200


def post_forms(page: Page) -> list[dict]:
    return [a for t, a in page.elements if t == "form" and a.get("method", "get").lower() == "post"]


@pytest.mark.parametrize("state", ClaimState.values)
@pytest.mark.parametrize("who", ["reviewer", "editor", "admin"])
def test_every_post_form_on_the_claim_page_carries_a_token(state, who, client, users, make_claim):
    claim = make_claim(state)
    client.force_login(users[who])
    html = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I)
    posting = [f for f in forms if re.search(r'method="post"', f, re.I)]
    assert all('name="csrfmiddlewaretoken"' in f for f in posting), [f[:200] for f in posting]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",
        "/admin/claims/claim/",
        "/admin/claims/claim/mine/",
        "/admin/claims/claim/dashboard/",
        "/fact-checks/",
    ],
)
def test_other_pages_forms_carry_a_token_or_only_read(path, client, users):
    if path != "/admin/login/":
        client.force_login(users["editor"])
    html = client.get(path).content.decode()
    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S | re.I):
        # The one exception: the public site's language switch, whose pages are cached and shared by every
        # reader (factcheck/urls.py); a forged post to it can only change a reader's interface language.
        if 'action="/i18n/setlang/site/"' in form:
            continue
        if re.search(r'method="post"', form, re.I):
            assert 'name="csrfmiddlewaretoken"' in form, form[:300]
