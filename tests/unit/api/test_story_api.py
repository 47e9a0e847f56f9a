"""The whole desk story over HTTP, as a CMS integration would drive it: ingest an article, find its claims,
assign, review, sign off, publish, correct, and read the result on the public API and the public page."""

import pytest
from django.test import Client

from factcheck.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TEXT = (
    "The clinic treated 1,200 patients in 2024, its director said. Unemployment fell to 3.1% last year, "
    "the minister claimed. It is the only clinic in the region."
)


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.json())
    return response.json()


def test_the_whole_story_over_http(client_for, users, ratings, committed):
    editor, reviewer, anonymous = client_for("editor"), client_for("reviewer"), client_for(None)

    # Ingest: 202 Accepted, the pipeline runs once the article is committed.
    with committed():
        article = ok(editor.post("/api/v1/articles/", {"title": "Clinic", "text": TEXT}, format="json"), 202)
    assert ok(editor.get(f"/api/v1/articles/{article['id']}/"))["status"] == "done"

    # Its claims, most check-worthy first.
    page = ok(editor.get("/api/v1/claims/", {"article": article["id"], "ordering": "-score"}))
    texts = [c["text"] for c in page["results"]]
    assert any("1,200 patients" in t for t in texts)
    claim = next(c for c in page["results"] if "1,200 patients" in c["text"])
    cid = claim["id"]
    assert claim["state"] == "new" and claim["assignees"] == []

    # Triage: assign to the reviewer by username, with a priority.
    body = ok(
        editor.post(
            f"/api/v1/claims/{cid}/assign/",
            {"reviewers": ["reviewer"], "priority": 2, "version": claim["version"]},
            format="json",
        )
    )
    assert body["state"] == "assigned" and body["priority"] == 2 and body["due_at"]
    assert [a["reviewer"]["username"] for a in body["assignments"]] == ["reviewer"]
    assert ok(reviewer.get("/api/v1/claims/", {"assignee": "me"}))["results"][0]["id"] == cid

    # Review: start, add evidence, draft, submit.
    body = ok(reviewer.post(f"/api/v1/claims/{cid}/start/", {"version": body["version"]}, format="json"))
    assert body["state"] == "in_review" and "evidence" in body["allowed_actions"]
    link = ok(
        reviewer.post(
            f"/api/v1/claims/{cid}/evidence/",
            {
                "url": "https://stats.example.org/clinic-2024",
                "title": "Clinic annual report",
                "stance": "refutes",
                "quote": "We treated 1,020 patients.",
            },
            format="json",
        ),
        201,
    )
    assert link["url"] == "https://stats.example.org/clinic-2024"
    draft = ok(reviewer.get(f"/api/v1/claims/{cid}/verdict/"))
    draft = ok(
        reviewer.put(
            f"/api/v1/claims/{cid}/verdict/",
            {
                "rating": "mostly-false",
                "headline": "The clinic treated fewer patients",
                "summary": "The report says 1,020, not 1,200.",
                "explanation": "<p>See the report.</p><script>x()</script>",
                "version": draft["version"],
            },
            format="json",
        )
    )
    assert draft["rating"]["slug"] == "mostly-false" and "<script>" not in draft["explanation"]
    assert [e["title"] for e in draft["evidence"]] == ["Clinic annual report"]
    body = ok(reviewer.post(f"/api/v1/claims/{cid}/submit/", {}, format="json"))
    assert body["state"] == "submitted"

    # Sign-off and publication.
    body = ok(editor.post(f"/api/v1/claims/{cid}/approve/", {"version": body["version"]}, format="json"))
    assert body["state"] == "approved"
    published = ok(editor.post(f"/api/v1/claims/{cid}/publish/", {"version": body["version"]}, format="json"))
    slug = published["slug"]
    assert slug and published["public_url"].endswith(f"/fact-checks/{slug}/")
    assert published["claim_state"] == "published"
    assert published["published_rating"]["label"] == "Mostly false"

    # A correction changes the rating, logged publicly.
    corrected = ok(
        editor.post(
            f"/api/v1/claims/{cid}/correct/",
            {
                "what_changed": "Rating",
                "note": "A second source confirmed the lower figure.",
                "new_rating": "false",
                "version": published["claim_version"],
            },
            format="json",
        )
    )
    assert corrected["published_rating"]["label"] == "False"
    assert corrected["correction"]["old_rating"] == "Mostly false" and corrected["correction"]["new_rating"] == "False"

    # The public API, without credentials.
    listing = ok(anonymous.get("/api/v1/fact-checks/"))
    assert [fc["slug"] for fc in listing["results"]] == [slug]
    public = ok(anonymous.get(f"/api/v1/fact-checks/{slug}/"))
    assert public["rating"]["label"] == "False" and public["retracted"] is False
    assert public["corrections"][0]["note"] == "A second source confirmed the lower figure."
    assert public["evidence"][0]["url"] == "https://stats.example.org/clinic-2024"
    review = public["claim_review"]
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "False"
    assert review["url"] == published["public_url"]

    # The public page at the URL the publish answer gave.
    page = Client().get(published["path"])
    assert page.status_code == 200
    assert "The clinic treated fewer patients" in page.content.decode()

    # Every step is in the history, newest first, each told as a sentence.
    history = ok(editor.get(f"/api/v1/claims/{cid}/history/"))
    assert [e["action"] for e in reversed(history)] == [
        "claim.assign",
        "review.start",
        "evidence.add",
        "verdict.save_draft",
        "verdict.submit",
        "verdict.approve",
        "factcheck.publish",
        "factcheck.correct",
    ]
    assert history[-1]["actor"]["username"] == "editor" and history[-2]["actor"]["username"] == "reviewer"
    assert history[-1]["sentence"].startswith("editor assigned the claim to reviewer, due ")
    assert all(e["sentence"] and "{" not in e["sentence"] for e in history)
    assert AuditEvent.objects.filter(claim_id=cid).count() == len(history)

    # "Has this been checked?" finds it.
    matches = ok(editor.get("/api/v1/matches/", {"q": "The clinic treated 1,200 patients in 2024"}))
    assert matches[0]["claim"]["id"] == cid and matches[0]["same_claim"] is True
    assert matches[0]["fact_check"]["slug"] == slug


def test_token_authentication_drives_an_action(users, make_claim, client_for):
    from rest_framework.test import APIClient

    claim = make_claim("new")
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "editor", "password": "pw-editor"}, format="json")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = client.post(f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "opinion"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "dismissed"
    assert response.json()["dismiss_reason"] == "opinion"
