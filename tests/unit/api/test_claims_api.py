"""Claims over HTTP: the list (filters, ordering, cursor pages), one claim in full, its history, matches,
evidence, the verdict draft, bulk triage, and the refusals (409 conflicts and wrong states)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from factcheck.claims.models import ArchivedFactCheck, Claim
from factcheck.verdicts.models import EvidenceLink, Verdict
from tests.factories import ArticleFactory, AssignmentFactory, ClaimClusterFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.json()
    return [c["id"] for c in response.json()["results"]]


# --- list ----------------------------------------------------------------------------------------------


def test_list_filters(editor, users, make_claim):
    article = ArticleFactory()
    cluster = ClaimClusterFactory()
    low = ClaimFactory(article=article, score=0.2, claim_type="prediction", text="Inflation will halve by May.")
    high = ClaimFactory(article=article, score=0.9, cluster=cluster, speaker="The minister")
    assigned = make_claim("assigned")
    late = make_claim("in_review")
    late.due_at = timezone.now() - datetime.timedelta(days=1)
    late.save(update_fields=["due_at"])
    AssignmentFactory(claim=high, reviewer=users["reviewer2"])

    assert set(ids(editor.get("/api/v1/claims/", {"article": article.pk}))) == {low.pk, high.pk}
    assert ids(editor.get("/api/v1/claims/", {"cluster": cluster.pk})) == [high.pk]
    assert ids(editor.get("/api/v1/claims/", {"claim_type": "prediction"})) == [low.pk]
    assert set(ids(editor.get("/api/v1/claims/", {"state": ["assigned", "in_review"]}))) == {assigned.pk, late.pk}
    assert ids(editor.get("/api/v1/claims/", {"overdue": "true"})) == [late.pk]
    assert late.pk not in ids(editor.get("/api/v1/claims/", {"overdue": "false"}))
    assert set(ids(editor.get("/api/v1/claims/", {"assignee": "reviewer"}))) == {assigned.pk, late.pk}
    assert ids(editor.get("/api/v1/claims/", {"assignee": str(users["reviewer2"].pk)})) == [high.pk]
    assert ids(editor.get("/api/v1/claims/", {"assignee": "nobody-by-that-name"})) == []
    assert high.pk in ids(editor.get("/api/v1/claims/", {"min_score": 0.5}))
    assert low.pk not in ids(editor.get("/api/v1/claims/", {"min_score": 0.5}))
    assert ids(editor.get("/api/v1/claims/", {"q": "inflation MAY"})) == [low.pk]
    assert ids(editor.get("/api/v1/claims/", {"q": "minister"})) == [high.pk]
    row = editor.get("/api/v1/claims/", {"cluster": cluster.pk}).json()["results"][0]
    assert row["assignees"] == [{"id": users["reviewer2"].pk, "username": "reviewer2", "role": "lead"}]
    assert row["article"]["id"] == article.pk and row["cluster_id"] == cluster.pk


def test_list_ordering_and_cursor_pages(editor):
    claims = [ClaimFactory(score=s / 100, priority=1 + i % 4) for i, s in enumerate(range(10, 80, 7))]
    by_score = [c.pk for c in sorted(claims, key=lambda c: (-c.score, -c.pk))]
    assert ids(editor.get("/api/v1/claims/", {"ordering": "-score"})) == by_score
    queue = [c.pk for c in sorted(claims, key=lambda c: (c.priority, -c.score, c.pk))]
    assert ids(editor.get("/api/v1/claims/")) == queue, "default: the triage queue"
    both = [c.pk for c in sorted(claims, key=lambda c: (c.priority, c.score, c.pk))]
    assert ids(editor.get("/api/v1/claims/", {"ordering": "priority,score"})) == both

    seen, url = [], "/api/v1/claims/?ordering=-score&page_size=3"
    while url:
        body = editor.get(url).json()
        assert len(body["results"]) <= 3
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert seen == by_score, "cursor pages neither repeat nor skip"


def test_ordering_by_due_date_puts_undated_last_and_pages_through_them(editor):
    now = timezone.now()
    dated = [ClaimFactory(due_at=now + datetime.timedelta(days=d)) for d in (3, 1, 2)]
    undated = [ClaimFactory(), ClaimFactory()]
    expected = [dated[1].pk, dated[2].pk, dated[0].pk] + [c.pk for c in undated]
    assert ids(editor.get("/api/v1/claims/", {"ordering": "due_at"})) == expected
    seen, url = [], "/api/v1/claims/?ordering=due_at&page_size=2"
    while url:
        body = editor.get(url).json()
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert seen == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "text"}, "ordering"),
        ({"ordering": "--score"}, "ordering"),
        ({"state": "nonsense"}, "state"),
        ({"min_score": "high"}, "min_score"),
        ({"min_score": "2"}, "min_score"),
        ({"article": "abc"}, "article"),
        ({"article": "99999999999999999999999"}, "article"),
        ({"overdue": "perhaps"}, "overdue"),
        ({"q": "nul\x00byte"}, "q"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_list_parameters_are_400(editor, params, field):
    response = editor.get("/api/v1/claims/", params)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]


@pytest.mark.parametrize(
    "url", ["/api/v1/claims/", "/api/v1/claims/?ordering=due_at", "/api/v1/fact-checks/", "/api/v1/articles/"]
)
def test_bad_and_forged_cursors_are_404_in_the_error_shape(editor, url):
    import base64

    ClaimFactory()
    sep = "&" if "?" in url else "?"
    for cursor in ("not-a-cursor", base64.b64encode(b"p=abc").decode(), base64.b64encode(b"p=1e999999").decode()):
        response = editor.get(f"{url}{sep}cursor={cursor}")
        assert response.status_code == 404, (cursor, response.content)
        assert response.json()["code"] == "not_found"


# --- constant query counts -----------------------------------------------------------------------------


@pytest.fixture
def token_editor(users):
    """Token authentication, as integrations use it: every request loads its user afresh (no cached role)."""
    from rest_framework.test import APIClient

    from tests.factories import api_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    return client


def _count(client, url, capture):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    capture.append(len(queries))
    return response


def test_claim_list_query_count_is_constant(token_editor, users, django_assert_num_queries):
    editor = token_editor

    def one_row(i):
        claim = ClaimFactory(cluster=ClaimClusterFactory())
        AssignmentFactory(claim=claim, reviewer=users["reviewer"])
        AssignmentFactory(claim=claim, reviewer=users["reviewer2"], role="second")
        return claim

    one_row(0)
    counts = []
    assert len(_count(editor, "/api/v1/claims/", counts).json()["results"]) == 1
    for i in range(49):
        one_row(i + 1)
    # token, user and desk role (1), claims with their articles (1); on PostgreSQL the active assignments with
    # reviewers and the tags are read inside the claims' query, elsewhere prefetched (1 + 1)
    with django_assert_num_queries(counts[0]):
        response = editor.get("/api/v1/claims/")
    rows = response.json()["results"]
    assert len(rows) == 50 and counts[0] == (2 if connection.vendor == "postgresql" else 4)
    assert all([a["username"] for a in row["assignees"]] == ["reviewer", "reviewer2"] for row in rows)


def test_public_list_query_count_is_constant(make_claim, client_for, django_assert_num_queries):
    anonymous = client_for(None)
    make_claim("published")
    counts = []
    assert len(_count(anonymous, "/api/v1/fact-checks/", counts).json()["results"]) == 1
    for _ in range(49):
        make_claim("published")
    make_claim("retracted")
    with django_assert_num_queries(counts[0]):
        response = anonymous.get("/api/v1/fact-checks/?page_size=50")
    assert len(response.json()["results"]) == 50 and counts[0] == 3  # fact-checks, their tags, their topics


def test_history_evidence_and_article_lists_are_constant(token_editor, make_claim, django_assert_num_queries):
    editor = token_editor
    claim = make_claim("in_review")
    verdict = Verdict.objects.get(claim=claim)
    counts = []
    _count(editor, f"/api/v1/claims/{claim.pk}/history/", counts)
    _count(editor, f"/api/v1/claims/{claim.pk}/evidence/", counts)
    _count(editor, "/api/v1/articles/", counts)
    from factcheck.audit.log import record
    from tests.factories import EvidenceLinkFactory

    for _ in range(49):
        EvidenceLinkFactory(verdict=verdict)
        record(action="claim.note", actor=None, target=claim, claim=claim)
        ClaimFactory()
    with django_assert_num_queries(counts[0]):
        assert len(editor.get(f"/api/v1/claims/{claim.pk}/history/").json()) == 49
    with django_assert_num_queries(counts[1]):
        assert len(editor.get(f"/api/v1/claims/{claim.pk}/evidence/").json()) == 50
    with django_assert_num_queries(counts[2]):
        assert len(editor.get("/api/v1/articles/").json()["results"]) == 50


# --- one claim -----------------------------------------------------------------------------------------


def test_detail_shows_cluster_matches_assignments_and_allowed_actions(editor, users, make_claim):
    cluster = ClaimClusterFactory(label="Clinic figures")
    archived = ArchivedFactCheck.objects.create(
        claim_text="The clinic treated 1,200 patients.",
        rating="False",
        url="https://factchecks.example.org/clinic",
        publisher="Other Desk",
    )
    claim = make_claim("assigned", cluster=cluster, archived_match=archived, match_score=0.81)
    checked = make_claim("published", cluster=cluster)
    unrelated = make_claim("published")
    body = editor.get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["context"] and body["version"] == claim.version and body["state"] == "assigned"
    assert body["cluster"]["label"] == "Clinic figures"
    assert [s["id"] for s in body["cluster"]["siblings"]] == [checked.pk]
    assert body["matches"]["archived"]["url"] == "https://factchecks.example.org/clinic"
    assert body["matches"]["archived_score"] == 0.81
    assert [fc["claim_id"] for fc in body["matches"]["already_checked"]] == [checked.pk]
    assert unrelated.pk not in [fc["claim_id"] for fc in body["matches"]["already_checked"]]
    assert [a["reviewer"]["username"] for a in body["assignments"]] == ["reviewer"]
    # A claim with matches may have them marked as wrong (dismiss_match).
    assert body["allowed_actions"] == ["unassign", "reassign", "set_priority", "edit", "dismiss_match"]
    links = {link["action"]: (link["method"], link["path"]) for link in body["action_links"]}
    assert links["set_priority"] == ("POST", f"/api/v1/claims/{claim.pk}/priority/")
    assert links["unassign"] == ("POST", f"/api/v1/claims/{claim.pk}/unassign/")


def test_unknown_claim_and_unknown_paths_are_json_404(editor):
    for url in (
        "/api/v1/claims/999999/",
        "/api/v1/claims/99999999999999999999999/",
        "/api/v1/nothing/here/",
        "/api/v1/claims/abc/",
        "/api/v1/claims/999999/history/",
        "/api/v1/claims/a%0Ab/",
    ):
        response = editor.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found", url
    response = editor.post("/api/v1/claims/999999/dismiss/", {"reason": "opinion"}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    from rest_framework.test import APIClient

    strict = APIClient(enforce_csrf_checks=True)  # a wrong URL is a 404 even without a CSRF token
    response = strict.post("/api/v1/claims/a%0Ab/evidence/", "false", content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- conflicts -----------------------------------------------------------------------------------------


def test_stale_draft_version_is_409_with_the_current_version(reviewer, make_claim):
    claim = make_claim("in_review")
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    loaded = reviewer.get(url).json()["version"]
    draft = {"rating": "false", "headline": "First", "summary": "S", "explanation": "", "version": loaded}
    assert reviewer.put(url, draft, format="json").status_code == 200
    stale = reviewer.put(url, {**draft, "headline": "Second"}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body == {
        "code": "conflict",
        "detail": body["detail"],
        "current_version": loaded + 1,
        "current_draft": body["current_draft"],
    }, "the one error shape, plus the draft to merge with"
    assert body["current_draft"]["headline"] == "First"
    assert Verdict.objects.get(claim=claim).headline == "First"


def test_stale_claim_version_is_409(editor, make_claim):
    claim = make_claim("new")
    response = editor.post(
        f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "opinion", "version": claim.version + 5}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and response.json()["current_version"] == claim.version
    assert Claim.objects.get(pk=claim.pk).state == "new"


@pytest.mark.parametrize(
    ("state", "path", "body"),
    [
        ("new", "approve", {}),
        ("new", "publish", {}),
        ("published", "dismiss", {"reason": "opinion"}),
        ("dismissed", "assign", {"reviewers": ["reviewer"]}),
        ("submitted", "submit", {}),
        ("retracted", "retract", {"reason": "Again."}),
    ],
)
def test_wrong_state_is_409(editor, make_claim, state, path, body):
    claim = make_claim(state)
    response = editor.post(f"/api/v1/claims/{claim.pk}/{path}/", body, format="json")
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "invalid_state" and response.json()["detail"]


def test_wrong_state_for_evidence_is_409(reviewer, make_claim):
    claim = make_claim("submitted")
    response = reviewer.post(
        f"/api/v1/claims/{claim.pk}/evidence/", {"url": "https://example.org/", "title": "T"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"


def test_service_refusals_keep_the_api_field_names(editor, reviewer, make_claim):
    claim = make_claim("new")
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = editor.post(
        f"/api/v1/claims/{claim.pk}/assign/", {"reviewers": ["reviewer"], "due": past}, format="json"
    )
    assert response.status_code == 400 and "due" in response.json()["fields"]
    in_review = make_claim("in_review")
    Verdict.objects.filter(claim=in_review).update(rating=None)
    response = reviewer.post(f"/api/v1/claims/{in_review.pk}/submit/", {}, format="json")
    assert response.status_code == 400 and "rating" in response.json()["fields"]
    response = editor.post(f"/api/v1/claims/{claim.pk}/assign/", {"reviewers": ["nobody-here"]}, format="json")
    assert response.status_code == 400 and "reviewers.0" in response.json()["fields"], "the item, by its index"


# --- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("dismiss", {"reason": "opinion", "colour": "red"}, "colour"),
        ("dismiss", {"reason": "opinion", "note": "nul\x00byte"}, "note"),
        ("dismiss", {"reason": "opinion", "note": "x" * 5001}, "note"),
        ("dismiss", {"reason": "because"}, "reason"),
        ("dismiss", {"reason": 7}, "reason"),
        ("dismiss", {}, "reason"),
        ("dismiss", {"reason": "opinion", "note": 12}, "note"),
        ("dismiss", {"reason": "opinion", "version": "3"}, "version"),
        ("dismiss", {"reason": "opinion", "version": True}, "version"),
        ("dismiss", {"reason": "opinion", "version": 2**40}, "version"),
        ("assign", {"reviewers": "reviewer"}, "reviewers"),
        ("assign", {"reviewers": []}, "reviewers"),
        ("assign", {"reviewers": [{"id": 1}]}, "reviewers.0"),
        ("assign", {"reviewers": ["reviewer"], "due": "tomorrow"}, "due"),
        ("assign", {"reviewers": ["reviewer"], "priority": 9}, "priority"),
        ("assign", {"reviewers": ["reviewer"], "priority": "1"}, "priority"),
        ("priority", {"priority": 2.5}, "priority"),
        ("details", {"claim_type": "gossip"}, "claim_type"),
        ("details", {"speaker": "s" * 201}, "speaker"),
    ],
)
def test_bad_action_bodies_are_400_with_the_error_shape(editor, make_claim, path, body, field):
    claim = make_claim("new")
    response = editor.post(f"/api/v1/claims/{claim.pk}/{path}/", body, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()
    assert error["code"] == "invalid" and error["detail"] and field in error["fields"], error
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)
    after = Claim.objects.get(pk=claim.pk)
    assert (after.state, after.version) == ("new", claim.version)


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"{not json", b"null"])
def test_bodies_that_are_not_objects_are_400(editor, make_claim, raw):
    claim = make_claim("new")
    response = editor.generic("POST", f"/api/v1/claims/{claim.pk}/dismiss/", raw, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] in ("invalid", "parse_error")


def test_form_bodies_are_415(editor, make_claim):
    claim = make_claim("new")
    response = editor.post(f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "opinion"}, format="multipart")
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def test_huge_body_is_413(editor, make_claim, settings):
    settings.FACTDESK = {**settings.FACTDESK, "API_MAX_BODY_BYTES": 2000}
    claim = make_claim("new")
    response = editor.post(
        f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "opinion", "note": "x" * 3000}, format="json"
    )
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_writes_are_throttled_with_429(editor, make_claim, monkeypatch):
    from factcheck.api.throttles import WriteUserThrottle

    rates = {**WriteUserThrottle.THROTTLE_RATES, "write_user": "3/min"}
    monkeypatch.setattr(WriteUserThrottle, "THROTTLE_RATES", rates)
    claim = make_claim("new")
    statuses = [
        editor.post(f"/api/v1/claims/{claim.pk}/priority/", {"priority": 1 + i % 4}, format="json").status_code
        for i in range(5)
    ]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
    assert editor.get(f"/api/v1/claims/{claim.pk}/").status_code == 200, "reads are not throttled"


# --- evidence ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "javascript:alert(1)", "file:///etc/passwd", "not a url", "https://exa mple.org/"],
)
def test_evidence_urls_must_be_http(reviewer, make_claim, url):
    claim = make_claim("in_review")
    before = EvidenceLink.objects.count()
    response = reviewer.post(f"/api/v1/claims/{claim.pk}/evidence/", {"url": url, "title": "T"}, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid" and "url" in response.json()["fields"]
    assert EvidenceLink.objects.count() == before


def test_evidence_patch_and_delete(reviewer, editor, make_claim):
    claim = make_claim("in_review")
    link = Verdict.objects.get(claim=claim).evidence.get()
    listed = reviewer.get(f"/api/v1/claims/{claim.pk}/evidence/").json()
    assert [e["id"] for e in listed] == [link.pk]
    loaded = listed[0]["updated_at"]

    changed = reviewer.patch(
        f"/api/v1/evidence/{link.pk}/",
        {"title": "Better title", "stance": "supports", "expected_updated_at": loaded},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Better title"
    stale = reviewer.patch(
        f"/api/v1/evidence/{link.pk}/", {"title": "Again", "expected_updated_at": loaded}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    bad = reviewer.patch(f"/api/v1/evidence/{link.pk}/", {"url": "ftp://x.org/"}, format="json")
    assert bad.status_code == 400 and "url" in bad.json()["fields"]
    assert editor.patch(f"/api/v1/evidence/{link.pk}/", {"title": "Editor's"}, format="json").status_code == 403
    unknown = reviewer.patch(f"/api/v1/evidence/{link.pk}/", {"colour": "red"}, format="json")
    assert unknown.status_code == 400 and "colour" in unknown.json()["fields"]

    assert reviewer.delete(f"/api/v1/evidence/{link.pk}/").status_code == 204
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    assert reviewer.delete(f"/api/v1/evidence/{link.pk}/").status_code == 404


# --- verdict draft -------------------------------------------------------------------------------------


def test_draft_accepts_a_rating_id_or_slug_and_refuses_unknown_ones(reviewer, make_claim, ratings):
    claim = make_claim("in_review")
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    version = reviewer.get(url).json()["version"]
    body = {"rating": ratings["true"].pk, "headline": "H", "summary": "S", "explanation": "", "version": version}
    saved = reviewer.put(url, body, format="json")
    assert saved.status_code == 200 and saved.json()["rating"]["slug"] == "true"
    for rating in ("no-such-rating", 99999, True, ["true"]):
        response = reviewer.put(url, {**body, "rating": rating, "version": saved.json()["version"]}, format="json")
        assert response.status_code == 400 and "rating" in response.json()["fields"], rating
    missing = reviewer.put(url, {"headline": "H"}, format="json")
    assert missing.status_code == 400 and {"version", "rating"} <= set(missing.json()["fields"])


def test_verdict_is_404_before_review_starts(editor, make_claim):
    claim = make_claim("assigned")
    response = editor.get(f"/api/v1/claims/{claim.pk}/verdict/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert editor.get(f"/api/v1/claims/{claim.pk}/evidence/").json() == []


# --- the other actions ---------------------------------------------------------------------------------


def test_reassign_unassign_reopen_priority_details_return_retract(editor, reviewer, make_claim, users):
    claim = make_claim("assigned")
    body = editor.post(
        f"/api/v1/claims/{claim.pk}/reassign/", {"reviewers": [users["reviewer2"].pk], "note": "Holiday"}, format="json"
    ).json()
    assert [a["reviewer"]["username"] for a in body["assignments"] if a["state"] == "active"] == ["reviewer2"]
    body = editor.post(f"/api/v1/claims/{claim.pk}/unassign/", {"version": body["version"]}, format="json").json()
    assert body["state"] == "new" and body["due_at"] is None
    body = editor.post(f"/api/v1/claims/{claim.pk}/priority/", {"priority": 1}, format="json").json()
    assert body["priority"] == 1
    body = editor.post(
        f"/api/v1/claims/{claim.pk}/details/", {"speaker": "The mayor", "claim_type": "laws_rules"}, format="json"
    ).json()
    assert (body["speaker"], body["claim_type"]) == ("The mayor", "laws_rules")
    body = editor.post(f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "other"}, format="json")
    assert body.status_code == 400 and "note" in body.json()["fields"]
    body = editor.post(
        f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "other", "note": "Satire"}, format="json"
    ).json()
    assert body["state"] == "dismissed"
    assert editor.post(f"/api/v1/claims/{claim.pk}/reopen/", {}, format="json").json()["state"] == "new"

    submitted = make_claim("submitted")
    empty_note = editor.post(f"/api/v1/claims/{submitted.pk}/return/", {}, format="json")
    assert empty_note.status_code == 400 and "note" in empty_note.json()["fields"]
    body = editor.post(f"/api/v1/claims/{submitted.pk}/return/", {"note": "Add a source."}, format="json").json()
    assert body["state"] == "in_review"

    published = make_claim("published")
    body = editor.post(
        f"/api/v1/claims/{published.pk}/retract/", {"reason": "Fabricated source."}, format="json"
    ).json()
    assert body["state"] == "retracted" and body["verdict"]["retraction_reason"] == "Fabricated source."


def test_panel_vote(client_for, make_claim, settings):
    settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 2}
    claim = make_claim("submitted")
    first = client_for("editor").post(f"/api/v1/claims/{claim.pk}/vote/", {"rating": "false"}, format="json").json()
    assert first["approved"] is False and first["votes"] == 1 and first["needed"] == 2
    again = client_for("editor").post(f"/api/v1/claims/{claim.pk}/vote/", {"rating": "false"}, format="json")
    assert again.status_code == 400 and "rating" in again.json()["fields"]
    second = client_for("editor2").post(f"/api/v1/claims/{claim.pk}/vote/", {"rating": "false"}, format="json").json()
    assert second["approved"] is True and second["tally"] == {"False": 2}
    assert second["claim"]["state"] == "approved"
    single = client_for("admin").post(f"/api/v1/claims/{claim.pk}/approve/", {}, format="json")
    assert single.status_code in (403, 409)


# --- bulk ----------------------------------------------------------------------------------------------


def test_bulk_assign_and_dismiss_report_each_claim(editor, make_claim):
    a, b, done = make_claim("new"), make_claim("new"), make_claim("dismissed")
    body = editor.post(
        "/api/v1/claims/bulk/assign/", {"claims": [a.pk, done.pk, b.pk], "reviewers": ["reviewer2"]}, format="json"
    ).json()
    assert body["done"] == [a.pk, b.pk]
    assert body["failed"] == [{"id": done.pk, "code": "invalid_state", "detail": body["failed"][0]["detail"]}]
    c = make_claim("new")
    body = editor.post(
        "/api/v1/claims/bulk/dismiss/", {"claims": [c.pk, a.pk], "reason": "duplicate"}, format="json"
    ).json()
    assert body["done"] == [c.pk] and body["failed"][0]["id"] == a.pk
    bad = editor.post("/api/v1/claims/bulk/dismiss/", {"claims": [], "reason": "duplicate"}, format="json")
    assert bad.status_code == 400 and "claims" in bad.json()["fields"]


def test_bulk_by_a_reviewer_changes_nothing(reviewer, make_claim):
    claim = make_claim("new")
    body = reviewer.post(
        "/api/v1/claims/bulk/assign/", {"claims": [claim.pk], "reviewers": ["reviewer"]}, format="json"
    ).json()
    assert body["done"] == [] and body["failed"][0]["code"] == "forbidden"
    assert Claim.objects.get(pk=claim.pk).state == "new"


def test_bulk_auto_assign_balances_the_load(editor, make_claim, users):
    claims = [make_claim("new") for _ in range(4)]
    taken = make_claim("assigned")
    body = editor.post(
        "/api/v1/claims/bulk/auto-assign/", {"claims": [c.pk for c in claims] + [taken.pk]}, format="json"
    ).json()
    assert {row["claim_id"] for row in body["assigned"]} == {c.pk for c in claims}
    assert [row["claim_id"] for row in body["skipped"]] == [taken.pk]
    names = [row["reviewer"]["username"] for row in body["assigned"]]
    assert (
        sorted(names) == ["reviewer", "reviewer2", "reviewer2", "reviewer2"]
        or abs(names.count("reviewer") - names.count("reviewer2")) <= 2
    )


# --- matches -------------------------------------------------------------------------------------------


def test_matches_find_claims_and_archived_fact_checks(editor, make_claim):
    ClaimFactory(text="Unemployment fell to 3.1 per cent last year.")
    ArchivedFactCheck.objects.create(
        claim_text="Unemployment fell to 3.1% in 2023.",
        rating="Mostly true",
        url="https://archive.example.org/unemployment",
    )
    ClaimFactory(text="The bridge will open in spring.")
    body = editor.get("/api/v1/matches/", {"q": "Unemployment fell to 3.1 per cent", "top": 2}).json()
    assert len(body) == 2 and {m["kind"] for m in body} == {"claim", "archived"}
    assert body[0]["score"] >= body[1]["score"] and all(m["same_claim"] for m in body)
    archived = next(m for m in body if m["kind"] == "archived")
    assert archived["archived"]["url"] == "https://archive.example.org/unemployment" and archived["claim"] is None
    later = ClaimFactory(text="Unemployment fell to 3.1 per cent, said the minister.")
    body = editor.get("/api/v1/matches/", {"q": "Unemployment fell to 3.1 per cent", "top": 5}).json()
    assert later.pk in [m["claim"]["id"] for m in body if m["claim"]], "the index is topped up before a query"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x", "top": 0},
        {"q": "x", "top": 51},
        {"q": "x", "top": "many"},
        {"q": "a\x00b"},
        {"q": "x", "min_score": 2},
    ],
)
def test_bad_match_queries_are_400(editor, params):
    response = editor.get("/api/v1/matches/", params)
    assert response.status_code == 400 and response.json()["code"] == "invalid"
