"""A draft is confidential until publication, and so is its history: a reviewer who may not see a claim's
draft (404 on its verdict) must not read it back from the audit trail either, over the API, on the admin
history page, on the claim page, or in the audit log admin. Events about the draft, its evidence and the
votes stay listed as sentences ("reviewer added evidence"), without their URLs, quotes, ratings or notes.

Black-box: real services write the history, then each reader asks over HTTP.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from factcheck.audit.models import AuditEvent
from factcheck.verdicts.models import EvidenceLink
from workflows import services

pytestmark = pytest.mark.django_db

SECRET_URL = "https://secret-source.example.org/leaked-report"
SECRET_QUOTE = "Quoted-passage-only-the-assignee-reads"
SECRET_EDIT = "Edited-quote-only-the-assignee-reads"
SECRET_HEADLINE = "Draft-headline-only-the-assignee-reads"
SECRET_NOTE = "Return-note-only-the-assignee-reads"
SECRETS = (SECRET_URL, SECRET_QUOTE, SECRET_EDIT, SECRET_HEADLINE, SECRET_NOTE)
DRAFT_EVENTS = {
    "evidence.add",
    "evidence.update",
    "evidence.remove",
    "verdict.save_draft",
    "verdict.submit",
    "verdict.vote",
    "verdict.return",
}


def panel():
    return override_settings(FACTDESK={**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 3})


@pytest.fixture
def worked_claim(users, ratings, make_claim):
    """A claim assigned to ``users["reviewer"]`` with a history full of draft details: evidence added,
    edited and removed, a draft saved, submitted, one panel vote, returned with a note."""
    claim = make_claim("in_review")
    reviewer = users["reviewer"]
    services.claim_set_priority(claim_id=claim.pk, actor=users["editor"], priority=1)
    link = services.evidence_add(
        claim_id=claim.pk, actor=reviewer, url=SECRET_URL, title="Leaked report", quote=SECRET_QUOTE, stance="refutes"
    )
    services.evidence_update(evidence_id=link.pk, actor=reviewer, quote=SECRET_EDIT)
    extra = services.evidence_add(
        claim_id=claim.pk, actor=reviewer, url=SECRET_URL + "/2", title="Second", quote=SECRET_QUOTE, stance="context"
    )
    services.evidence_remove(evidence_id=extra.pk, actor=reviewer)
    claim.verdict.refresh_from_db()
    services.verdict_save_draft(
        claim_id=claim.pk,
        actor=reviewer,
        rating_id=ratings["false"].pk,
        headline=SECRET_HEADLINE,
        summary="S",
        explanation="<p>E</p>",
        version=claim.verdict.version,
    )
    services.verdict_submit(claim_id=claim.pk, actor=reviewer)
    with panel():
        services.verdict_vote(claim_id=claim.pk, actor=users["editor"], rating_id=ratings["true"].pk)
    services.verdict_return(claim_id=claim.pk, actor=users["editor2"], note=SECRET_NOTE)
    assert set(AuditEvent.objects.filter(claim=claim).values_list("action", flat=True)) >= DRAFT_EVENTS
    return claim


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_history_hides_draft_details_from_a_reviewer_who_may_not_see_the_draft(users, worked_claim):
    outsider = api(users["reviewer2"])
    assert outsider.get(f"/api/v1/claims/{worked_claim.pk}/verdict/").status_code == 404
    response = outsider.get(f"/api/v1/claims/{worked_claim.pk}/history/")
    assert response.status_code == 200
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body
    events = response.json()
    draft = [e for e in events if e["action"] in DRAFT_EVENTS]
    assert {e["action"] for e in draft} == DRAFT_EVENTS, "the sentences stay: who did what, and when"
    assert all(e["data"] == {} and e["note"] == "" and e["details_hidden"] for e in draft)
    assert all(e["actor"] for e in draft)
    others = [e for e in events if e["action"] not in DRAFT_EVENTS]
    assert others and not any(e["details_hidden"] for e in others), "assignment and the like stay in full"


@pytest.mark.parametrize("who", ["reviewer", "editor", "admin"])
def test_api_history_shows_everything_to_those_who_may_see_the_draft(who, users, worked_claim):
    response = api(users[who]).get(f"/api/v1/claims/{worked_claim.pk}/history/")
    body = response.content.decode()
    assert response.status_code == 200
    for secret in (SECRET_URL, SECRET_QUOTE, SECRET_EDIT, SECRET_NOTE):
        assert secret in body
    assert not any(e["details_hidden"] for e in response.json())


@pytest.mark.parametrize("page", ["/admin/claims/claim/{id}/history/", "/admin/claims/claim/{id}/change/"])
def test_admin_history_hides_draft_details(page, client, users, worked_claim):
    client.force_login(users["reviewer2"])
    response = client.get(page.format(id=worked_claim.pk))
    assert response.status_code == 200
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body
    assert 'data-audit="evidence.add"' in body, "the event is still listed"
    client.force_login(users["reviewer"])
    body = client.get(page.format(id=worked_claim.pk)).content.decode()
    assert SECRET_URL in body and SECRET_NOTE in body


def test_audit_log_admin_shows_no_draft_data_to_an_outsider(client, users, worked_claim):
    draft_events = AuditEvent.objects.filter(claim=worked_claim, action__in=DRAFT_EVENTS)
    client.force_login(users["reviewer2"])
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    for secret in SECRETS:
        assert secret not in listing.content.decode()
    # Searching for a return note must not reveal that it exists.
    found = client.get("/admin/audit/auditevent/", {"q": SECRET_NOTE})
    assert found.context["cl"].result_count == 0
    for event in draft_events:
        page = client.get(f"/admin/audit/auditevent/{event.pk}/change/", follow=True)
        body = page.content.decode()
        assert not any(secret in body for secret in SECRETS), event.action
    # The assigned reviewer and editors still read the whole log.
    client.force_login(users["reviewer"])
    assert client.get("/admin/audit/auditevent/", {"q": SECRET_NOTE}).context["cl"].result_count == 1
    client.force_login(users["editor"])
    event = draft_events.filter(action="evidence.add").first()
    assert SECRET_URL in client.get(f"/admin/audit/auditevent/{event.pk}/change/").content.decode()


def test_evidence_edit_post_is_refused_exactly_as_the_get(client, users, worked_claim):
    link = EvidenceLink.objects.filter(verdict__claim=worked_claim).first()
    url = f"/admin/claims/claim/{worked_claim.pk}/evidence/{link.pk}/edit/"
    before = EvidenceLink.objects.values().get(pk=link.pk)
    client.force_login(users["reviewer2"])
    assert client.get(url).status_code == 403
    posted = client.post(url, {"url": "https://example.org/mine", "title": "Mine now", "stance": "supports"})
    assert posted.status_code == 403
    for secret in SECRETS:
        assert secret not in posted.content.decode()
    assert EvidenceLink.objects.values().get(pk=link.pk) == before
