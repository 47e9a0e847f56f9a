"""The permission matrix again, over HTTP, cell by cell: role x action, each on a claim in the state the
action needs, so the only reason to refuse is who asks. The matrix is ``tests/specs.py``'s, written out
independently of the code's."""

import pytest

from factcheck.claims.models import Claim
from factcheck.verdicts.models import Verdict
from tests.specs import ACTORS, EXPECTED, STATE_FOR, claim_for

pytestmark = pytest.mark.django_db

# action → (state the claim is in, HTTP method, path under the claim, body)
REQUESTS = {
    "dismiss": ("new", "post", "dismiss", {"reason": "not_check_worthy"}),
    "reopen": ("dismissed", "post", "reopen", {}),
    "assign": ("new", "post", "assign", {"reviewers": ["reviewer2"]}),
    "unassign": ("assigned", "post", "unassign", {}),
    "reassign": ("assigned", "post", "reassign", {"reviewers": ["reviewer2"]}),
    "set_priority": ("new", "post", "priority", {"priority": 1}),
    "edit": ("assigned", "post", "details", {"speaker": "The minister"}),
    "start": ("assigned", "post", "start", {}),
    "evidence": ("in_review", "post", "evidence", {"url": "https://example.org/x", "title": "X", "stance": "refutes"}),
    "draft": (
        "in_review",
        "put",
        "verdict",
        {"rating": "false", "headline": "H", "summary": "S", "explanation": "<p>E</p>"},
    ),
    "submit": ("in_review", "post", "submit", {}),
    "approve": ("submitted", "post", "approve", {}),
    "vote": ("submitted", "post", "vote", {"rating": "false"}),
    "return": ("submitted", "post", "return", {"note": "Check the second source."}),
    "publish": ("approved", "post", "publish", {}),
    "correct": (
        "published",
        "post",
        "correct",
        {"what_changed": "Figure", "note": "We fixed a figure.", "summary": "The corrected figure."},
    ),
    "retract": ("published", "post", "retract", {"reason": "The source was fabricated."}),
    "dismiss_match": ("new", "post", "dismiss-match", {"reason": "Another treatment."}),  # + the claim's match
}


def test_expectations_cover_every_action():
    from workflows.actions import Action

    assert set(EXPECTED) == set(REQUESTS) == {a.value for a in Action} - {"view_verdict"}


def test_each_request_is_tried_in_the_state_the_shared_action_list_gives():
    assert {action: request[0] for action, request in REQUESTS.items()} == STATE_FOR


def test_each_request_goes_where_the_registry_sends_the_action():
    from workflows.registry import ACTIONS

    for action, (_, method, path, _) in REQUESTS.items():
        assert (method.upper(), path) == (ACTIONS[action].api_method, ACTIONS[action].api_path), action


def _call(client, action, claim):
    from workflows.registry import ACTIONS

    body = REQUESTS[action][3]
    method, path = ACTIONS[action].api_method.lower(), ACTIONS[action].api_path  # the one map of actions
    if action == "draft":
        body = {**body, "version": Verdict.objects.get(claim=claim).version}
    if action == "dismiss_match":
        body = {**body, "archived": claim.archived_match_id}
    return getattr(client, method)(f"/api/v1/claims/{claim.pk}/{path}/", body, format="json")


@pytest.fixture
def panel_if_voting(settings, request):
    def apply(action):
        if action == "vote":
            settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 3}

    return apply


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("who", range(len(ACTORS)), ids=ACTORS)
def test_matrix_cell_over_http(action, who, client_for, make_claim, panel_if_voting):
    panel_if_voting(action)
    claim = claim_for(action, make_claim)
    response = _call(client_for(ACTORS[who]), action, claim)
    body = response.json()
    if EXPECTED[action][who]:
        assert response.status_code in (200, 201), body
    else:
        assert response.status_code == 403, body
        assert body["code"] == "forbidden" and body["detail"]
        after = Claim.objects.get(pk=claim.pk)
        assert (after.state, after.version) == (claim.state, claim.version), "a refusal changes nothing"


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_anonymous_is_401_and_a_user_without_role_is_403(action, client_for, make_claim, panel_if_voting):
    panel_if_voting(action)
    claim = claim_for(action, make_claim)
    anonymous = _call(client_for(None), action, claim)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    assert anonymous["WWW-Authenticate"] == "Token"
    nobody = _call(client_for("norole"), action, claim)
    assert nobody.status_code == 403 and nobody.json()["code"] in ("permission_denied", "forbidden")
    assert Claim.objects.get(pk=claim.pk).version == claim.version


@pytest.mark.parametrize(
    ("who", "status", "visible"),
    [("reviewer", 200, True), ("reviewer2", 404, False), ("editor", 200, True), ("admin", 200, True)],
)
def test_view_verdict_cell_over_http(who, status, visible, client_for, make_claim):
    """A draft the caller may not see is not found (404), and the claim shows no verdict to them."""
    claim = make_claim("in_review")
    client = client_for(who)
    response = client.get(f"/api/v1/claims/{claim.pk}/verdict/")
    assert response.status_code == status
    assert client.get(f"/api/v1/claims/{claim.pk}/evidence/").status_code == status
    detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["verdict_visible"] is visible
    assert (detail["verdict"] is not None) is visible and bool(detail["evidence"]) is visible
    if not visible:
        assert response.json()["code"] == "not_found"
        link = Verdict.objects.get(claim=claim).evidence.get()
        patch = client.patch(f"/api/v1/evidence/{link.pk}/", {"title": "Mine now"}, format="json")
        assert patch.status_code == 404 and client.delete(f"/api/v1/evidence/{link.pk}/").status_code == 404


def test_published_verdicts_are_visible_to_every_reviewer(client_for, make_claim):
    claim = make_claim("published")
    response = client_for("reviewer2").get(f"/api/v1/claims/{claim.pk}/verdict/")
    assert response.status_code == 200 and response.json()["slug"]


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor", "admin"])
def test_allowed_actions_match_the_matrix(who, client_for, make_claim):
    """The claim's ``allowed_actions`` for each caller says exactly which of these requests would succeed."""
    claim = make_claim("in_review")
    allowed = set(client_for(who).get(f"/api/v1/claims/{claim.pk}/").json()["allowed_actions"])
    in_review_actions = {"unassign", "submit", "evidence", "draft", "set_priority", "edit"}
    column = ACTORS.index(who)
    assert allowed == {a for a in in_review_actions if EXPECTED[a][column]}


def test_reviewer_cannot_act_on_a_claim_assigned_to_someone_else(client_for, make_claim):
    claim = make_claim("assigned")  # assigned to "reviewer"
    other = client_for("reviewer2")
    for path in ("start", "submit", "unassign"):
        response = other.post(f"/api/v1/claims/{claim.pk}/{path}/", {}, format="json")
        assert response.status_code in (403, 409), path
    response = other.post(f"/api/v1/claims/{claim.pk}/start/", {}, format="json")
    assert response.status_code == 403 and "not assigned to you" in response.json()["detail"]
