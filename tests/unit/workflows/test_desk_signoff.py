"""The desk's sign-off signals and irreversible moves, through the admin as editors use it.

Submit mails the editors (or the panel), approve and publish mail the reviewer, a return mails the reviewer
and puts its note at the top of the claim page until they resubmit, and My claims marks the claim
"Returned". Publish, retract and evidence removal each have a confirmation step: a GET shows it and changes
nothing, a POST without the confirmation is sent back to it, a POST with it does the thing. Publish shows
the public page as readers will see it (ClaimReview included) before it goes out. Corrections may change the
text as well as the rating.
"""

import json
import re

import pytest
from django.core import mail

from factcheck.audit.models import AuditEvent
from factcheck.verdicts.models import Correction, EvidenceLink, Verdict
from workflows import history

from .desk_pages import action_url, change_url, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "http://127.0.0.1:8000"}


def world(claim) -> tuple:
    """What an irreversible move would change."""
    claim.refresh_from_db()
    verdict = Verdict.objects.filter(claim=claim).values("slug", "published_at", "retracted_at", "version").first()
    return (
        claim.state,
        claim.version,
        verdict,
        EvidenceLink.objects.filter(verdict__claim=claim).count(),
        AuditEvent.objects.filter(claim=claim).count(),
        Correction.objects.filter(verdict__claim=claim).count(),
    )


# --- notifications ----------------------------------------------------------------------------------------


def test_submit_through_the_desk_mails_the_editors_who_may_sign_off(
    as_user, make_claim, django_capture_on_commit_callbacks
):
    claim = make_claim("in_review")
    with django_capture_on_commit_callbacks(execute=True):
        as_user("reviewer").post(action_url(claim, "submit"), {"version": claim.version})
    claim.refresh_from_db()
    assert claim.state == "submitted"
    [message] = mail.outbox
    # Editors and admins, never the reviewer who wrote it.
    assert sorted(message.to) == ["admin@example.org", "editor2@example.org", "editor@example.org"]
    assert message.subject.startswith("[Factdesk] Ready for sign-off:")
    assert claim.text in message.body and f"/admin/claims/claim/{claim.pk}/change/" in message.body
    assert "approve it, or return it with a note" in message.body


def test_submit_under_the_panel_asks_the_panel_for_votes(
    settings, users, make_claim, perform, django_capture_on_commit_callbacks
):
    settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 3}
    claim = make_claim("in_review")
    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", claim, users["reviewer"])
    [message] = mail.outbox
    assert message.subject.startswith("[Factdesk] Panel vote needed:")
    assert "3 votes decide" in message.body
    assert "reviewer@example.org" not in message.to and "editor@example.org" in message.to


def test_approve_publish_and_return_mail_the_reviewer(users, make_claim, perform, django_capture_on_commit_callbacks):
    returned = make_claim("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        perform("return", returned, users["editor"], note="Find the 2023 report.")
    approved = make_claim("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        perform("approve", approved, users["editor"])
        perform("publish", approved, users["editor"])
    subjects = [(m.subject.split(":")[0], m.to) for m in mail.outbox]
    assert subjects == [
        ("[Factdesk] Returned", ["reviewer@example.org"]),
        ("[Factdesk] Approved", ["reviewer@example.org"]),
        ("[Factdesk] Published", ["reviewer@example.org"]),
    ]
    assert "Find the 2023 report." in mail.outbox[0].body


# --- the return note on top, and My claims ------------------------------------------------------------------


NOTE = "Find the 2023 report before you rate it.\nThe 2019 figures are out of date."


def test_the_return_note_is_on_top_of_the_claim_until_the_reviewer_resubmits(as_user, make_claim):
    claim = make_claim("submitted")
    as_user("editor").post(action_url(claim, "return"), {"version": claim.version, "note": NOTE})
    page = as_user("reviewer").get(change_url(claim)).content.decode()
    box = re.search(r'<div class="fd-returned"[^>]*>(.*?)</div>', page, re.S)
    assert box, "the returned box is shown"
    assert "Returned by editor" in box.group(1) and "Find the 2023 report before you rate it." in box.group(1)
    assert "The 2019 figures are out of date." in box.group(1)
    assert page.index('class="fd-returned"') < page.index('id="source"'), "above the claim, at the top"
    # My claims marks it, with the note's first line.
    mine = as_user("reviewer").get("/admin/claims/claim/mine/").content.decode()
    row = re.search(rf'<tr data-claim="{claim.pk}".*?</tr>', mine, re.S).group(0)
    assert "fd-badge-returned" in row and "Returned" in row
    assert "Find the 2023 report before you rate it." in row and "out of date" not in row
    # Resubmitted: the box and the badge are gone.
    claim.refresh_from_db()
    as_user("reviewer").post(action_url(claim, "submit"), {"version": claim.version})
    claim.refresh_from_db()
    assert claim.state == "submitted"
    assert 'class="fd-returned"' not in as_user("reviewer").get(change_url(claim)).content.decode()


def test_my_claims_marks_no_badge_on_work_never_returned(as_user, make_claim):
    claim = make_claim("in_review")
    mine = as_user("reviewer").get("/admin/claims/claim/mine/").content.decode()
    row = re.search(rf'<tr data-claim="{claim.pk}".*?</tr>', mine, re.S).group(0)
    assert "fd-badge-returned" not in row


def test_return_and_correction_read_as_sentences_in_history(users, make_claim, perform, ratings):
    claim = make_claim("submitted")
    perform("return", claim, users["editor"], note="Find the 2023 report.")
    published = make_claim("published")
    perform(
        "correct",
        published,
        users["editor"],
        note="We misread the table.",
        what_changed="",
        new_rating_id=ratings["false"].pk,
        headline="A corrected headline",
        summary=None,
    )
    returned = history.claim_history(users["editor"], claim)[0]
    assert returned.sentence == "editor returned the verdict to reviewer with a note"
    corrected = history.claim_history(users["editor"], published)[0].sentence
    assert corrected.count("Mostly false") == 1, corrected
    assert corrected.startswith("editor published a correction: “Rating changed from Mostly false to False")


# --- publish: preview, then confirm -------------------------------------------------------------------------


def test_publish_get_shows_the_preview_and_changes_nothing(as_user, make_claim):
    claim = make_claim("approved")
    before = world(claim)
    response = as_user("editor").get(action_url(claim, "publish"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview — not published" in page
    assert '<meta name="robots" content="noindex' in page
    assert claim.verdict.headline in page and claim.text in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == claim.text
    assert data["reviewRating"]["alternateName"] == "Mostly false"
    assert "cannot be unpublished" in page
    assert re.search(r'<input type="hidden" name="confirm" value="yes"', page)
    assert world(claim) == before


def test_publish_post_without_confirmation_goes_to_the_preview(as_user, make_claim):
    claim = make_claim("approved")
    before = world(claim)
    response = as_user("editor").post(action_url(claim, "publish"), {"version": claim.version})
    assert response.status_code == 302 and response["Location"].startswith(action_url(claim, "publish"))
    assert world(claim) == before


def test_publish_post_with_confirmation_publishes(as_user, make_claim):
    claim = make_claim("approved")
    response = as_user("editor").post(action_url(claim, "publish"), {"version": claim.version, "confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == change_url(claim)
    claim.refresh_from_db()
    assert claim.state == "published"


def test_the_preview_is_refused_to_whoever_may_not_publish(as_user, make_claim):
    claim = make_claim("approved")
    response = as_user("reviewer2").get(action_url(claim, "publish"))
    assert response.status_code == 302 and response["Location"] == change_url(claim)
    assert any("cannot publish" in m for m in messages_of(response))
    not_yet = make_claim("submitted")
    response = as_user("editor").get(action_url(not_yet, "publish"))
    assert response.status_code == 302
    assert any("approved" in m.lower() for m in messages_of(response))


def test_the_claim_page_offers_publish_as_a_preview_link(as_user, make_claim):
    claim = make_claim("approved")
    page = as_user("editor").get(change_url(claim)).content.decode()
    assert f'href="{action_url(claim, "publish")}"' in page and "Preview and publish" in page


# --- retract and evidence removal: a confirmation step ------------------------------------------------------


def test_retract_get_shows_the_confirmation_and_changes_nothing(as_user, make_claim):
    claim = make_claim("published")
    before = world(claim)
    response = as_user("editor").get(action_url(claim, "retract"), {"reason": "The source was fabricated."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be undone" in page and "The source was fabricated." in page
    assert 'name="confirm" value="yes"' in page
    assert world(claim) == before


def test_retract_post_without_confirmation_keeps_the_reason_and_changes_nothing(as_user, make_claim):
    claim = make_claim("published")
    before = world(claim)
    response = as_user("editor").post(
        action_url(claim, "retract"), {"version": claim.version, "reason": "The source was fabricated."}
    )
    assert response.status_code == 302 and "reason=The+source+was+fabricated." in response["Location"]
    assert world(claim) == before


def test_retract_post_with_confirmation_retracts(as_user, make_claim):
    claim = make_claim("published")
    as_user("editor").post(
        action_url(claim, "retract"),
        {"version": claim.version, "reason": "The source was fabricated.", "confirm": "yes"},
    )
    claim.refresh_from_db()
    assert claim.state == "retracted"


def test_evidence_removal_asks_first(as_user, make_claim):
    claim = make_claim("in_review")
    link = claim.verdict.evidence.get()
    url = f"/admin/claims/claim/{claim.pk}/evidence/{link.pk}/remove/"
    before = world(claim)
    client = as_user("reviewer")
    page = client.get(url)
    assert page.status_code == 200 and link.title in page.content.decode()
    assert "Remove now" in page.content.decode()
    assert world(claim) == before
    unconfirmed = client.post(url, {"expected_updated_at": link.updated_at.isoformat()})
    assert unconfirmed.status_code == 302 and unconfirmed["Location"] == url
    assert world(claim) == before
    client.post(url, {"expected_updated_at": link.updated_at.isoformat(), "confirm": "yes"})
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()


def test_the_claim_page_links_evidence_removal_to_its_confirmation(as_user, make_claim):
    claim = make_claim("in_review")
    link = claim.verdict.evidence.get()
    page = as_user("reviewer").get(change_url(claim)).content.decode()
    assert f'href="/admin/claims/claim/{claim.pk}/evidence/{link.pk}/remove/"' in page


# --- corrections change the text ----------------------------------------------------------------------------


def test_the_correction_form_offers_the_text_filled_with_what_is_published(as_user, make_claim):
    claim = make_claim("published")
    page = as_user("editor").get(change_url(claim)).content.decode()
    form = re.search(r'<details class="fd-action" data-action="correct">.*?</details>', page, re.S).group(0)
    for name in ("headline", "summary", "explanation", "rating", "what_changed", "note"):
        assert f'name="{name}"' in form, name
    assert f'value="{claim.verdict.headline}"' in form
    assert re.search(r'name="what_changed"[^>]*required', form) is None, "what changed is optional"


def test_a_correction_of_the_headline_through_the_desk(as_user, make_claim, ratings):
    claim = make_claim("published")
    verdict = claim.verdict
    response = as_user("editor").post(
        action_url(claim, "correct"),
        {
            "version": claim.version,
            "kind": "correction",
            "note": "We misread the table.",
            "what_changed": "",
            "headline": "A corrected headline",
            "summary": verdict.summary,
            "explanation": verdict.explanation.replace("\n", "\r\n"),
            "rating": verdict.rating_id,
        },
    )
    assert response.status_code == 302
    verdict.refresh_from_db()
    correction = Correction.objects.get(verdict=verdict)
    assert verdict.headline == "A corrected headline"
    assert correction.what_changed == "Headline updated.", "an unchanged text and rating are no change"


def test_a_refused_correction_keeps_what_was_typed(as_user, make_claim):
    claim = make_claim("published")
    client = as_user("editor")
    response = client.post(
        action_url(claim, "correct"),
        {
            "version": claim.version,
            "kind": "correction",
            "note": "Our typed note stays.",
            "headline": "",
            "summary": claim.verdict.summary,
            "explanation": claim.verdict.explanation,
        },
        follow=True,
    )
    assert any("needs a headline" in str(m) for m in response.context["messages"])
    page = response.content.decode()
    form = re.search(r'<details class="fd-action" data-action="correct" open>.*?</details>', page, re.S)
    assert form and "Our typed note stays." in form.group(0)
    assert not Correction.objects.exists()
