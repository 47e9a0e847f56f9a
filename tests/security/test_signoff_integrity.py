"""Nobody signs off a verdict they helped write, however they got to write it, and nothing the reader
sees changes after sign-off without going back through it.

Black-box over the API (token-less DRF client, forced authentication) and the public page: every writer of
the draft or its evidence is recorded, approval and panel votes are refused to them, starting a review
never takes the authorship from whoever wrote first, and the claim's details lock once it is submitted.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from factcheck.claims.models import Claim
from factcheck.verdicts.models import Verdict

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def draft(client, claim, *, headline="No, it was 212", rating="false"):
    version = Verdict.objects.get(claim=claim).version
    response = client.put(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {
            "rating": rating,
            "headline": headline,
            "summary": "Records say 212.",
            "explanation": "<p>E</p>",
            "version": version,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()


def add_evidence(client, claim, n=1):
    response = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"url": f"https://example.org/records/{n}", "title": f"Records {n}", "stance": "refutes"},
        format="json",
    )
    assert response.status_code == 201, response.json()


def post(client, claim, action, body=None):
    return client.post(f"/api/v1/claims/{claim.pk}/{action}/", body or {}, format="json")


def test_an_admin_who_drafts_on_a_reviewers_claim_cannot_approve_it(users, make_claim):
    claim = make_claim("assigned")
    reviewer, admin, editor = api(users["reviewer"]), api(users["admin"]), api(users["editor"])
    assert post(reviewer, claim, "start").status_code == 200
    draft(admin, claim)
    add_evidence(admin, claim)
    assert post(admin, claim, "submit").status_code == 200
    refused = post(admin, claim, "approve")
    assert refused.status_code == 403, refused.json()
    assert "worked on this verdict" in refused.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).state == "submitted"
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.author == users["admin"], "the first writer is the author, not whoever pressed start"
    assert set(verdict.contributors.all()) == {users["admin"]}
    # Another editor signs it off; the public page credits who wrote it.
    assert post(editor, claim, "approve").status_code == 200
    published = post(editor, claim, "publish")
    assert published.status_code == 200
    page = api(users["editor"]).get(published.json()["path"])
    credit = page.content.decode().split("Researched by", 1)[1].split("</dd>", 1)[0]
    assert "admin" in credit


def test_an_editor_who_drafted_then_handed_over_cannot_approve(users, make_claim):
    claim = make_claim("new")
    editor = api(users["editor"])
    assert post(editor, claim, "assign", {"reviewers": ["editor"]}).status_code == 200
    assert post(editor, claim, "start").status_code == 200
    draft(editor, claim)
    add_evidence(editor, claim)
    assert post(editor, claim, "unassign").status_code == 200
    assert post(editor, claim, "assign", {"reviewers": ["reviewer"]}).status_code == 200
    reviewer = api(users["reviewer"])
    assert post(reviewer, claim, "start").status_code == 200
    assert Verdict.objects.get(claim=claim).author == users["editor"], "starting never moves the authorship"
    assert post(reviewer, claim, "submit").status_code == 200
    refused = post(editor, claim, "approve")
    assert refused.status_code == 403 and "another editor" in refused.json()["detail"]
    assert "approve" not in editor.get(f"/api/v1/claims/{claim.pk}/").json()["allowed_actions"]
    assert post(api(users["editor2"]), claim, "approve").status_code == 200


def test_a_contributor_cannot_vote_on_the_panel(users, make_claim):
    claim = make_claim("in_review")
    admin = api(users["admin"])
    add_evidence(admin, claim, n=7)  # an admin who only added one source
    assert post(api(users["reviewer"]), claim, "submit").status_code == 200
    with override_settings(FACTDESK={**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 3}):
        refused = post(admin, claim, "vote", {"rating": "false"})
        assert refused.status_code == 403 and "worked on this verdict" in refused.json()["detail"]
        assert post(api(users["editor"]), claim, "vote", {"rating": "false"}).status_code == 200


def test_evidence_edits_and_removals_make_a_contributor_too(users, make_claim):
    claim = make_claim("in_review")
    admin = api(users["admin"])
    link = Verdict.objects.get(claim=claim).evidence.get()
    assert admin.patch(f"/api/v1/evidence/{link.pk}/", {"title": "Better title"}, format="json").status_code == 200
    verdict = Verdict.objects.get(claim=claim)
    assert users["admin"] in verdict.contributors.all()
    assert verdict.author == users["reviewer"], "a later writer does not take the authorship"
    assert post(api(users["reviewer"]), claim, "submit").status_code == 200
    assert post(admin, claim, "approve").status_code == 403


@pytest.mark.parametrize(
    ("state", "hint"),
    [
        ("submitted", "return the verdict"),
        ("approved", "return the verdict"),
        ("published", "correction"),
        ("retracted", "retracted"),
    ],
)
def test_details_are_locked_after_submission(state, hint, users, make_claim):
    claim = make_claim(state, speaker="Jane Minister")
    editor = api(users["editor"])
    assert "edit" not in editor.get(f"/api/v1/claims/{claim.pk}/").json()["allowed_actions"]
    refused = post(editor, claim, "details", {"speaker": "Someone else", "claim_type": "prediction"})
    assert refused.status_code == 409, refused.json()
    assert refused.json()["code"] == "invalid_state" and hint in refused.json()["detail"]
    after = Claim.objects.get(pk=claim.pk)
    assert (after.speaker, after.claim_type, after.version) == ("Jane Minister", claim.claim_type, claim.version)


def test_details_can_be_fixed_after_a_return(users, make_claim):
    claim = make_claim("approved", speaker="Jane Minister")
    editor = api(users["editor2"])
    assert post(editor, claim, "return", {"note": "The speaker is wrong."}).status_code == 200
    assert post(editor, claim, "details", {"speaker": "John Minister"}).status_code == 200
    assert Claim.objects.get(pk=claim.pk).speaker == "John Minister"


def test_the_admin_offers_no_details_button_after_submission(client, users, make_claim):
    claim = make_claim("approved")
    client.force_login(users["editor"])
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert "/workflow/edit/" not in page
    response = client.post(
        f"/admin/claims/claim/{claim.pk}/workflow/edit/",
        {"version": claim.version, "claim_type": "prediction", "speaker": "X"},
        follow=True,
    )
    assert any("return the verdict" in str(m) for m in response.context["messages"])
    assert Claim.objects.get(pk=claim.pk).speaker == claim.speaker


def test_a_published_speaker_changes_only_with_a_public_correction(users, make_claim):
    claim = make_claim("published", speaker="Jane Minister")
    editor = api(users["editor"])
    response = post(
        editor,
        claim,
        "correct",
        {"what_changed": "The speaker", "note": "John, not Jane, said it.", "speaker": "John Minister"},
    )
    assert response.status_code == 200, response.json()
    claim.refresh_from_db()
    assert claim.speaker == "John Minister" and claim.state == "published"
    page = APIClient().get(response.json()["path"]).content.decode()
    assert "John Minister" in page and "John, not Jane, said it." in page


def test_the_verdict_admin_names_everyone_who_wrote_it(client, users, make_claim):
    claim = make_claim("in_review")
    add_evidence(api(users["admin"]), claim)
    client.force_login(users["editor"])
    page = client.get(f"/admin/verdicts/verdict/{claim.verdict.pk}/change/").content.decode()
    assert "Written by" in page and "admin" in page.split("Written by", 1)[1][:400]
