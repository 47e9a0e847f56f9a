"""Item 11, Content-Security-Policy: every page, public or desk, is served with a policy that allows
scripts from this origin only (no inline script, no eval), and no page needs more: each <script> either
loads a file from /static/ (or Swagger UI's start-up script from its own URL) or is a data block
(``application/ld+json`` for ClaimReview, ``application/json`` for the admin), which browsers never execute
and CSP therefore does not govern."""

import pytest

from tests.unit.publishing.conftest import Page

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def scripts(response) -> list[dict]:
    return [a for t, a in Page(response.content.decode()).elements if t == "script"]


@pytest.fixture
def published(users, make_claim):
    return make_claim("published")


PUBLIC = ["/fact-checks/", "/ratings/", "/methodology/", "/fact-checks/?q=clinic"]
DESK = [
    "/admin/",
    "/admin/claims/claim/",
    "/admin/claims/claim/{id}/change/",
    "/admin/claims/claim/{id}/history/",
    "/admin/claims/claim/dashboard/",
    "/admin/claims/claim/mine/",
    "/admin/verdicts/verdict/",
    "/admin/auth/user/",
    "/admin/verdicts/ratingscale/add/",
]


def test_the_policy_forbids_inline_script_and_eval(client):
    directives = policy(client.get("/fact-checks/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["form-action"] == ["'self'"]
    assert not any("unsafe" in v or v == "*" for v in directives["script-src"] + directives["default-src"])


@pytest.mark.parametrize("path", PUBLIC + ["detail"])
def test_public_pages_have_the_policy_and_no_inline_script(client, published, path):
    if path == "detail":
        path = published.verdict.get_absolute_url()
    response = client.get(path)
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    found = scripts(response)
    assert all(a.get("type") == "application/ld+json" for a in found), found
    if "fact-checks/claim-" in path:
        assert len(found) == 1, "the ClaimReview JSON-LD is there, as data"
    assert not any(n.startswith("on") for _, a in Page(response.content.decode()).elements for n in a)


@pytest.mark.parametrize("path", ["/admin/login/", *DESK])
def test_desk_pages_have_the_policy_and_only_static_scripts(client, users, make_claim, path):
    claim = make_claim("in_review")
    if path != "/admin/login/":
        client.force_login(users["admin"])
    response = client.get(path.format(id=claim.pk))
    assert response.status_code == 200, path
    assert policy(response)["script-src"] == ["'self'"]
    for attrs in scripts(response):
        if attrs.get("src"):
            assert attrs["src"].startswith(("/static/", "/admin/jsi18n/")), attrs
        else:
            assert attrs.get("type") == "application/json", f"inline script on {path}: {attrs}"
    assert not any(n.startswith("on") for _, a in Page(response.content.decode()).elements for n in a)


def test_api_docs_load_their_script_from_a_url(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200 and policy(response)["script-src"] == ["'self'"]
    found = scripts(response)
    assert found and all(a.get("src") for a in found), found
    start_up = [a["src"] for a in found if "script" in a["src"]]
    assert start_up and client.get(start_up[0]).status_code == 200


def test_json_and_feeds_are_not_pages_but_still_safe(client, published):
    for path in ("/fact-checks/claimreview.json", "/fact-checks/feed/rss/", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
