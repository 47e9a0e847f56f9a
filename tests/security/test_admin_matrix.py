"""Item 7: the permission matrix over the admin. Every desk role, an anonymous visitor and a staff user
with no desk role x every workflow action URL (``/admin/claims/claim/<id>/workflow/<action>/``), each on a
claim in the state the action needs and assigned to ``users["reviewer"]`` (so for everyone else it is
someone else's claim): allowed requests succeed and leave exactly one audit event; refused ones show a
refusal message and change nothing (claim, verdict, evidence, assignments, audit log all as before).

The expected cells are the API matrix's (``tests/specs.py``, written out there independently of the
code's matrix): the admin and the API must agree cell for cell. Anonymous visitors
see published fact-checks only; every other state is a 404 on the public site.
"""

import pytest
from django.contrib.messages import get_messages

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import ClaimState
from factcheck.verdicts.models import Verdict
from tests.factories import make_user
from tests.specs import ACTORS, EXPECTED, STATE_FOR, claim_for, form_data, snapshot
from workflows.transitions import ACTIVITIES, TABLE

pytestmark = pytest.mark.django_db


def url(claim, action) -> str:
    return f"/admin/claims/claim/{claim.pk}/workflow/{action}/"


@pytest.fixture
def panel_if_voting(settings):
    def apply(action):
        if action == "vote":
            settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 3}

    return apply


def test_the_matrix_covers_every_admin_button():
    from workflows.desk.buttons import BUTTONS

    assert set(EXPECTED) == set(STATE_FOR) == {str(a) for a in BUTTONS}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("who", range(len(ACTORS)), ids=ACTORS)
def test_matrix_cell_in_the_admin(action, who, client, users, ratings, make_claim, panel_if_voting):
    panel_if_voting(action)
    claim = claim_for(action, make_claim)
    user = users[ACTORS[who]]
    before = snapshot(claim)
    client.force_login(user)
    response = client.post(url(claim, action), form_data(action, claim, users, ratings))
    assert response.status_code == 302 and response["Location"].startswith(f"/admin/claims/claim/{claim.pk}/")
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    after = snapshot(claim)
    if EXPECTED[action][who]:
        assert [level for level, _ in messages] == ["success"], messages
        events = AuditEvent.objects.filter(claim=claim).order_by("-id")
        assert after["audit"] == before["audit"] + 1 and events[0].actor_id == user.pk
        transition = TABLE.get((STATE_FOR[action], action))
        if transition is not None and action != "vote":  # a first panel vote leaves the claim submitted
            assert after["claim"][0] == transition.target
            assert events[0].action == transition.event
        else:
            assert action in ACTIVITIES or action == "vote"
        assert after != before
    else:
        assert [level for level, _ in messages] == ["error"], messages
        assert messages[0][1], "the refusal says why"
        assert after == before, "a refused action changes nothing and writes no audit event"


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_anonymous_is_sent_to_login_and_nothing_changes(action, client, users, ratings, make_claim, panel_if_voting):
    panel_if_voting(action)
    claim = claim_for(action, make_claim)
    before = snapshot(claim)
    response = client.post(url(claim, action), form_data(action, claim, users, ratings))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")
    assert snapshot(claim) == before


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_staff_without_a_desk_role_is_refused(action, client, users, ratings, make_claim, panel_if_voting):
    panel_if_voting(action)
    claim = claim_for(action, make_claim)
    nobody = make_user("nobody", "Reviewer")
    nobody.groups.clear()
    before = snapshot(claim)
    client.force_login(nobody)
    response = client.post(url(claim, action), form_data(action, claim, users, ratings))
    assert response.status_code == 403
    assert snapshot(claim) == before


def test_a_second_editor_may_approve_but_not_the_author(client, users, make_claim):
    """Someone else's object for editors too: the no-self-approval rule holds in the admin."""
    claim = make_claim("submitted")
    Verdict.objects.filter(claim=claim).update(author=users["editor2"])
    before = snapshot(claim)
    client.force_login(users["editor2"])
    refused = client.post(url(claim, "approve"), {"version": claim.version})
    assert [m.level_tag for m in get_messages(refused.wsgi_request)] == ["error"]
    assert snapshot(claim) == before
    client.force_login(users["editor"])
    client.post(url(claim, "approve"), {"version": claim.version})
    claim.refresh_from_db()
    assert claim.state == "approved"


ADMIN_PAGES = [
    "/admin/",
    "/admin/claims/claim/",
    "/admin/claims/claim/{id}/change/",
    "/admin/claims/claim/{id}/history/",
    "/admin/claims/claim/mine/",
    "/admin/claims/claim/dashboard/",
    "/admin/verdicts/verdict/",
    "/admin/verdicts/evidencelink/",
    "/admin/audit/auditevent/",
    "/admin/articles/article/",
    "/admin/claims/claim/{id}/evidence/{evidence}/edit/",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_anonymous_gets_no_admin_page(client, make_claim, page):
    claim = make_claim("in_review")
    path = page.format(id=claim.pk, evidence=claim.verdict.evidence.get().pk)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert claim.verdict.headline not in response.content.decode()


@pytest.mark.parametrize("state", ClaimState.values)
def test_anonymous_sees_published_fact_checks_only(client, users, make_claim, state):
    """Every claim state with a slug set (as if one were reserved early): public only when published or
    retracted; otherwise 404, on the page, the index, the feeds and the sitemap alike."""
    claim = make_claim(state)
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is None:
        return  # no verdict yet (new, assigned, dismissed): nothing that could be shown
    if not verdict.slug:
        from workflows.services import rating_snapshot

        Verdict.objects.filter(pk=verdict.pk).update(
            slug=f"draft-{claim.pk}", published_rating=rating_snapshot(verdict.rating), published_at=verdict.updated_at
        )
        verdict.refresh_from_db()
    public = state in (ClaimState.PUBLISHED, ClaimState.RETRACTED)
    page = client.get(verdict.get_absolute_url())
    assert page.status_code == (200 if public else 404)
    listed = verdict.headline in client.get("/fact-checks/").content.decode()
    assert listed is (state == ClaimState.PUBLISHED)
    for feed in (
        "/fact-checks/feed/rss/",
        "/fact-checks/feed/atom/",
        "/sitemap-factchecks.xml",
        "/fact-checks/claimreview.json",
    ):
        assert (verdict.slug in client.get(feed).content.decode()) is (state == ClaimState.PUBLISHED), feed
    # Staff see drafts in the admin, never on the public site.
    client.force_login(users["editor"])
    assert client.get(verdict.get_absolute_url()).status_code == (200 if public else 404)
