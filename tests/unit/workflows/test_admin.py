"""The admin as editors and reviewers use it: buttons per role and state, refusals as messages (never
500s), bulk actions through intermediate pages, My claims, the dashboard, the audit trail, and a claim
taken from new to published entirely through admin POSTs."""

import datetime
import re

import pytest
from django.utils import timezone

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim, ClaimState
from factcheck.verdicts.models import EvidenceLink, Verdict
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory
from workflows.transitions import allowed_actions

from .desk_pages import action_url, change_url, messages_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


def shown_actions(response) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', response.content.decode()))


# --- the claim page shows only the buttons the user may press --------------------------------------


@pytest.mark.parametrize("state", ClaimState.values)
@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor", "admin"])
def test_buttons_shown_are_exactly_the_allowed_actions(state, who, users, as_user, make_claim):
    claim = make_claim(state)
    response = as_user(who).get(change_url(claim))
    assert response.status_code == 200
    expected = set(allowed_actions(users[who], claim))
    assert shown_actions(response) == expected


def test_buttons_spelled_out_for_the_everyday_cases(as_user, make_claim):
    submitted = make_claim("submitted")
    assert shown_actions(as_user("editor").get(change_url(submitted))) >= {"approve", "return"}
    assert shown_actions(as_user("reviewer").get(change_url(submitted))) == set()
    assigned = make_claim("assigned")
    # The assigned reviewer may also restate the claim (its details) until submission.
    assert shown_actions(as_user("reviewer").get(change_url(assigned))) == {"start", "edit"}
    assert shown_actions(as_user("reviewer2").get(change_url(assigned))) == set()
    assert "approve" not in shown_actions(as_user("editor").get(change_url(assigned)))


def test_claim_page_shows_context_matches_assignments_evidence_and_history(as_user, make_claim):
    from factcheck.claims.models import ArchivedFactCheck, ClaimCluster

    cluster = ClaimCluster.objects.create(label="Clinic numbers")
    claim = make_claim(
        "in_review",
        cluster=cluster,
        context="Officials spoke. The clinic treated 9 patients in 2024. <script>alert(1)</script>",
        text="The clinic treated 9 patients in 2024.",
    )
    sibling = ClaimFactory(cluster=cluster, text="Clinic treated 9 patients last year.")
    claim.archived_match = ArchivedFactCheck.objects.create(
        claim_text="Clinic treated nine", rating="False", url="https://factcheck.example/clinic"
    )
    claim.save()
    page = as_user("reviewer").get(change_url(claim)).content.decode()
    assert "<mark>The clinic treated 9 patients in 2024.</mark>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert sibling.text in page and "https://factcheck.example/clinic" in page
    assert "Lead reviewer" in page and claim.verdict.evidence.get().url in page
    assert f'name="version" value="{claim.verdict.version}"' in page


def test_reviewer_does_not_see_someone_elses_draft(as_user, make_claim):
    claim = make_claim("in_review")
    page = as_user("reviewer2").get(change_url(claim)).content.decode()
    assert "visible only to its assigned reviewers" in page
    assert claim.verdict.headline not in page and claim.verdict.evidence.get().url not in page
    verdicts = as_user("reviewer2").get("/admin/verdicts/verdict/").content.decode()
    assert claim.verdict.headline not in verdicts
    assert claim.verdict.headline in as_user("reviewer").get("/admin/verdicts/verdict/").content.decode()


# --- refusals are messages, nothing changes ------------------------------------------------------------


def test_reviewer_posting_the_approve_url_is_refused(as_user, make_claim):
    claim = make_claim("submitted")
    response = as_user("reviewer").post(action_url(claim, "approve"), {"version": claim.version})
    assert response.status_code == 302 and response["Location"] == change_url(claim)
    assert any("cannot approve" in m for m in messages_of(response))
    claim.refresh_from_db()
    assert claim.state == "submitted" and not AuditEvent.objects.exists()


@pytest.mark.parametrize("action", ["assign", "dismiss", "publish", "retract", "set_priority"])
def test_reviewer_posting_editor_urls_changes_nothing(action, as_user, make_claim, users):
    claim = make_claim("new")
    data = {"version": claim.version, "lead": users["reviewer"].pk, "reason": "duplicate", "priority": 1}
    response = as_user("reviewer").post(action_url(claim, action), data, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    claim.refresh_from_db()
    assert (claim.state, claim.version, claim.priority) == ("new", 1, 3)


def test_stale_button_is_refused(as_user, make_claim, users):
    claim = make_claim("new")
    response = as_user("editor").post(action_url(claim, "dismiss"), {"version": 0, "reason": "duplicate"})
    assert any("changed since you loaded it" in m for m in messages_of(response))


def test_return_without_note_is_refused_by_the_form(as_user, make_claim):
    claim = make_claim("submitted")
    response = as_user("editor").post(action_url(claim, "return"), {"version": claim.version, "note": ""})
    assert any("needs a note" in m for m in messages_of(response))
    claim.refresh_from_db()
    assert claim.state == "submitted"


def test_action_urls_are_post_only_and_known(as_user, make_claim):
    claim = make_claim("new")
    assert as_user("editor").get(action_url(claim, "dismiss")).status_code == 405
    assert as_user("editor").post(action_url(claim, "explode")).status_code == 404
    assert as_user("editor").post("/admin/claims/claim/999999/workflow/dismiss/").status_code == 404


def test_the_standard_change_form_cannot_change_a_claim(as_user, make_claim):
    claim = make_claim("new")
    response = as_user("editor").post(change_url(claim), {"state": "published", "priority": 1})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.state, claim.priority) == ("new", 3)
    assert (
        as_user("reviewer")
        .post(f"/admin/verdicts/verdict/{make_claim('in_review').verdict.pk}/change/", {"headline": "hacked"})
        .status_code
        == 403
    )


def test_draft_save_and_stale_save_keeps_the_typed_text(as_user, make_claim, ratings):
    claim = make_claim("in_review")
    version = claim.verdict.version
    client = as_user("reviewer")
    data = {
        "version": version,
        "rating": ratings["false"].pk,
        "headline": "First",
        "summary": "S",
        "explanation": "<p>E</p>",
    }
    response = client.post(action_url(claim, "draft"), data)
    assert any("Draft saved" in m for m in messages_of(response))
    response = client.post(action_url(claim, "draft"), {**data, "headline": "Second, from an old tab"}, follow=True)
    page = response.content.decode()
    assert "Someone saved this draft" in page
    assert 'value="Second, from an old tab"' in page, "the refused text is restored, not lost"
    assert f'name="version" value="{version + 1}"' in page
    assert Verdict.objects.get(claim=claim).headline == "First"


def test_evidence_add_edit_remove_through_the_admin(as_user, make_claim):
    claim = make_claim("in_review")
    client = as_user("reviewer")
    client.post(
        action_url(claim, "evidence"), {"url": "https://data.example.org/a", "title": "Dataset A", "stance": "supports"}
    )
    link = EvidenceLink.objects.get(title="Dataset A")
    edit = f"/admin/claims/claim/{claim.pk}/evidence/{link.pk}/edit/"
    assert client.get(edit).status_code == 200
    client.post(
        edit,
        {
            "url": link.url,
            "title": "Dataset A (2024)",
            "stance": "supports",
            "expected_updated_at": link.updated_at.isoformat(),
        },
    )
    link.refresh_from_db()
    assert link.title == "Dataset A (2024)"
    response = client.post(
        action_url(claim, "evidence"), {"url": "javascript:alert(1)", "title": "x", "stance": "supports"}
    )
    assert any("url" in m.lower() for m in messages_of(response))
    client.post(f"/admin/claims/claim/{claim.pk}/evidence/{link.pk}/remove/", {"confirm": "yes"})
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    other = as_user("reviewer2").post(
        f"/admin/claims/claim/{claim.pk}/evidence/{claim.verdict.evidence.first().pk}/remove/", {"confirm": "yes"}
    )
    assert any("not assigned to you" in m for m in messages_of(other))


# --- the queue and bulk actions ---------------------------------------------------------------------


def test_queue_ranks_by_priority_then_score_and_highlights(as_user):
    low = ClaimFactory(priority=3, score=0.99)
    urgent = ClaimFactory(priority=1, score=0.5)
    mid = ClaimFactory(priority=3, score=0.7)
    response = as_user("reviewer").get(CHANGELIST)
    assert response.status_code == 200
    assert [c.pk for c in response.context["cl"].result_list] == [urgent.pk, low.pk, mid.pk]
    assert "<mark>" in response.content.decode()
    assert response.context["cl"].show_full_result_count is False


@pytest.mark.parametrize(
    "query",
    [
        "state__exact=new",
        "claim_type__exact=quantity",
        "due=overdue",
        "due=24h",
        "due=week",
        "due=none",
        "reviewer=me",
        "score=high",
        "score=low",
        "priority__exact=1",
        "q=clinic",
    ],
)
def test_queue_filters_render(query, as_user, make_claim):
    make_claim("assigned")
    assert as_user("editor").get(f"{CHANGELIST}?{query}").status_code == 200


def test_overdue_reviewer_article_and_cluster_filters(as_user, users, make_claim):
    from factcheck.claims.models import ClaimCluster

    late = make_claim("assigned")
    Claim.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    on_time = make_claim("in_review")
    cluster = ClaimCluster.objects.create(label="c")
    other = ClaimFactory(article=ArticleFactory(), cluster=cluster)
    AssignmentFactory(claim=other, reviewer=users["reviewer2"])
    client = as_user("editor")

    def ids(query):
        return {c.pk for c in client.get(f"{CHANGELIST}?{query}").context["cl"].result_list}

    assert ids("due=overdue") == {late.pk}
    assert ids(f"reviewer={users['reviewer'].pk}") == {late.pk, on_time.pk}
    assert ids(f"article={other.article_id}") == {other.pk}
    assert ids(f"cluster={cluster.pk}") == {other.pk}
    assert "overdue" in client.get(CHANGELIST).content.decode()


def test_bulk_assign_through_the_intermediate_page(as_user, users):
    claims = [ClaimFactory(), ClaimFactory()]
    dismissed = ClaimFactory(state="dismissed")
    ids = [c.pk for c in claims] + [dismissed.pk]
    client = as_user("editor")
    page = client.post(CHANGELIST, {"action": "assign_reviewers", "_selected_action": ids})
    assert page.status_code == 200 and b'name="lead"' in page.content and b"Assign claims" in page.content
    due = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    # Posted from the "all states" view, where the dismissed claim is listed (the queue opens on open work).
    response = client.post(
        f"{CHANGELIST}?state=all",
        {
            "action": "assign_reviewers",
            "_selected_action": ids,
            "apply": "1",
            "lead": users["reviewer"].pk,
            "second": [users["reviewer2"].pk],
            "due_at": due,
            "priority": "2",
        },
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert "2 claims assigned." in texts
    assert any(f"Claim {dismissed.pk}:" in t for t in texts)
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.state, claim.priority) == ("assigned", 2)
        assert timezone.localtime(claim.due_at).strftime("%Y-%m-%dT%H:%M") == due
        assert claim.assignments.count() == 2


def test_bulk_dismiss_with_reason(as_user):
    claims = [ClaimFactory(), ClaimFactory()]
    ids = [c.pk for c in claims]
    client = as_user("editor")
    page = client.post(CHANGELIST, {"action": "dismiss_with_reason", "_selected_action": ids})
    assert b'name="reason"' in page.content
    client.post(
        CHANGELIST,
        {
            "action": "dismiss_with_reason",
            "_selected_action": ids,
            "apply": "1",
            "reason": "not_check_worthy",
            "note": "Opinion piece",
        },
    )
    assert set(Claim.objects.values_list("state", "dismiss_reason")) == {("dismissed", "not_check_worthy")}
    assert AuditEvent.objects.filter(action="claim.dismiss", note="Opinion piece").count() == 2


def test_bulk_auto_assign_and_priority(as_user, users):
    claims = [ClaimFactory(), ClaimFactory()]
    ids = [c.pk for c in claims]
    client = as_user("editor")
    client.post(CHANGELIST, {"action": "set_priority", "_selected_action": ids, "apply": "1", "priority": "1"})
    assert set(Claim.objects.values_list("priority", flat=True)) == {1}
    response = client.post(CHANGELIST, {"action": "auto_assign", "_selected_action": ids}, follow=True)
    assert any("Auto-assigned 2" in str(m) for m in response.context["messages"])
    assert sorted(Claim.objects.values_list("assignments__reviewer__username", flat=True)) == ["reviewer", "reviewer2"]


def test_reviewers_get_no_bulk_actions(as_user):
    claim = ClaimFactory()
    client = as_user("reviewer")
    assert b"assign_reviewers" not in client.get(CHANGELIST).content
    client.post(
        CHANGELIST,
        {"action": "dismiss_with_reason", "_selected_action": [claim.pk], "apply": "1", "reason": "duplicate"},
    )
    claim.refresh_from_db()
    assert claim.state == "new"


# --- pages of their own --------------------------------------------------------------------------------


def test_my_claims_lists_active_assignments_due_first(as_user, users, make_claim):
    later, sooner = make_claim("assigned"), make_claim("in_review")
    Claim.objects.filter(pk=sooner.pk).update(due_at=timezone.now() + datetime.timedelta(hours=2))
    make_claim("published")  # completed: not listed
    response = as_user("reviewer").get("/admin/claims/claim/mine/")
    assert response.status_code == 200
    assert [row["claim"].pk for row in response.context["rows"]] == [sooner.pk, later.pk]
    assert as_user("reviewer2").get("/admin/claims/claim/mine/").context["rows"] == []


def test_dashboard_for_editors_only(as_user, users, make_claim):
    make_claim("new")
    late = make_claim("assigned")
    Claim.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    make_claim("published")
    response = as_user("editor").get("/admin/claims/claim/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="factdesk-chart"') == 3 and 'id="overdue-count">1<' in page
    counts = {row["state"]: row["count"] for row in response.context["stats"]["counts_by_state"]}
    assert (counts["new"], counts["assigned"], counts["published"], counts["retracted"]) == (1, 1, 1, 0)
    assert "cdn" not in page.lower() and '<script src="http' not in page
    assert as_user("reviewer").get("/admin/claims/claim/dashboard/").status_code == 403


def test_admin_index_links_to_the_desk(as_user):
    page = as_user("editor").get("/admin/").content.decode()
    assert "/admin/claims/claim/mine/" in page and "/admin/claims/claim/dashboard/" in page
    assert "/admin/claims/claim/dashboard/" not in as_user("reviewer").get("/admin/").content.decode()


def test_history_link_shows_the_audit_trail(as_user, users, make_claim):
    claim = make_claim("submitted")
    as_user("editor").post(action_url(claim, "return"), {"version": claim.version, "note": "More sources."})
    as_user("reviewer").post(action_url(claim, "submit"), {"version": claim.version + 1})
    response = as_user("reviewer").get(f"/admin/claims/claim/{claim.pk}/history/")
    assert response.status_code == 200
    assert [e.action for e in response.context["history"]] == ["verdict.submit", "verdict.return"]
    body = response.content.decode()
    assert "More sources." in body and "editor returned the verdict to reviewer with a note" in body
    assert "{&#x27;" not in body and "{'" not in body, "no Python dict in the history"


# --- the whole way through the admin -----------------------------------------------------------------


SEED_SENTENCE = (
    "Aleksić is suffering from advanced stage melanoma with metastases, an extremely aggressive form of skin cancer."
)
SEED_CLAIM = (
    "Jovana Aleksić from Serbia has been selected to become the first patient worldwide to receive the "
    "innovative Russian cancer vaccine."
)


def test_seed_like_claim_from_new_to_published_through_admin_posts(as_user, users, ratings, client):
    article = ArticleFactory(
        title="Russia's cancer vaccine breakthrough revealed", raw_text=f"{SEED_CLAIM} {SEED_SENTENCE}"
    )
    claim = ClaimFactory(
        article=article,
        text=SEED_CLAIM,
        start=0,
        end=len(SEED_CLAIM),
        context=f"A historic medical development is unfolding in Moscow, as {SEED_CLAIM}",
        score=0.91,
    )

    def post(who, action, **data):
        claim.refresh_from_db()
        response = as_user(who).post(action_url(claim, action), {"version": claim.version, **data}, follow=True)
        errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
        assert not errors, errors
        return response

    post("editor", "assign", lead=users["reviewer"].pk)
    post("reviewer", "start")
    post(
        "reviewer",
        "evidence",
        url="https://www.sechenov.ru/press/vaccine",
        title="Sechenov University statement",
        publisher="Sechenov University",
        stance="context",
        quote="The vaccine is a personalised therapy.",
    )
    verdict = Verdict.objects.get(claim=claim)
    post(
        "reviewer",
        "draft",
        version=verdict.version,
        rating=ratings["missing-context"].pk,
        headline="No, the first patient of a Russian cancer vaccine has not been confirmed",
        summary="No official source confirms the patient selection.",
        explanation="<p>We asked the university.</p><script>x</script>",
    )
    post("reviewer", "submit")
    # The reviewer cannot sign off; the editor can.
    refused = as_user("reviewer").post(action_url(claim, "approve"), {"version": claim.version}, follow=True)
    assert any("cannot approve" in str(m) for m in refused.context["messages"])
    post("editor", "approve")
    post("editor", "publish", confirm="yes")  # publish asks first (its preview); this is the confirmed POST

    claim.refresh_from_db()
    verdict.refresh_from_db()
    assert claim.state == "published"
    assert verdict.slug.startswith("no-the-first-patient-of-a-russian-cancer-vaccine")
    assert verdict.published_rating["label"] == "Missing context" and "<script>" not in verdict.explanation
    assert verdict.author == users["reviewer"] and verdict.editor == users["editor"]
    trail = list(AuditEvent.objects.filter(claim=claim).values_list("action", "from_state", "to_state"))
    assert trail == [
        ("claim.assign", "new", "assigned"),
        ("review.start", "assigned", "in_review"),
        ("evidence.add", "in_review", "in_review"),
        ("verdict.save_draft", "in_review", "in_review"),
        ("verdict.submit", "in_review", "submitted"),
        ("verdict.approve", "submitted", "approved"),
        ("factcheck.publish", "approved", "published"),
    ]


def test_queue_page_queries_do_not_grow_with_the_page(as_user, users, django_assert_max_num_queries):
    for _ in range(40):
        AssignmentFactory(claim=ClaimFactory(state="assigned"), reviewer=users["reviewer"])
    client = as_user("editor")
    client.get(CHANGELIST)  # warm the session and content-type caches
    with django_assert_max_num_queries(16):  # 14, and the rows' tags and topics (one query each)
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 40
