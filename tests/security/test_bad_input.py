"""Item 12: bad input everywhere: binary, empty, huge (over limits), NUL bytes, invalid UTF-8, deeply
nested JSON, wrong shapes. Every write endpoint of the API and every admin form gets each kind: the answer
is a 4xx with a clear message (the API's ``{"code", "detail"}``; on the desk a 400 page that says what was
wrong, or the admin's error message for a form that parsed but did not validate), never a 500, and
nothing is stored (claims, verdicts, evidence, assignments, articles, tokens, audit log all unchanged).
"""

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Assignment, Claim
from factcheck.verdicts.models import Correction, EvidenceLink, Verdict
from tests.specs import STATE_FOR, claim_for, form_data

pytestmark = pytest.mark.django_db

NESTING = 100_000
HUGE = 3 * 1024 * 1024 + 1  # one byte over FACTDESK_API_MAX_BODY_BYTES and DATA_UPLOAD_MAX_MEMORY_SIZE
OVER_INGEST = 2 * 1024 * 1024 + 1  # one byte over FACTDESK_INGEST_MAX_BYTES, inside the body limit

# name -> (body bytes, content type). Each is sent to every endpoint.
BAD_BODIES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "application/json"),
    "binary-octet-stream": (bytes(range(256)) * 4, "application/octet-stream"),
    "invalid-utf8": (b'{"text": "caf\xe9 \xff\xfe", "note": "\xc3\x28", "title": "\xed\xa0\x80"}', "application/json"),
    "truncated-json": (b'{"text": "unterminated', "application/json"),
    "nested-objects": (b'{"a":' * NESTING + b"1" + b"}" * NESTING, "application/json"),
    "nested-arrays": (b"[" * NESTING + b"]" * NESTING, "application/json"),
    "nested-in-a-field": (b'{"note": ' + b"[" * NESTING + b"]" * NESTING + b"}", "application/json"),
    "huge-number": (b'{"priority": ' + b"9" * 5000 + b"}", "application/json"),
    "top-level-array": (b"[1, 2, 3]", "application/json"),
    "top-level-string": (b'"just a string"', "application/json"),
    "top-level-null": (b"null", "application/json"),
    "huge": (b'{"text": "' + b"a" * HUGE + b'"}', "application/json"),
    "form-encoded-garbage": (b"%ff%fe=%00&&&==", "application/x-www-form-urlencoded"),
    "multipart-without-boundary": (b"--x\r\n\r\n", "multipart/form-data"),
}

# Every API write: (method, path template, a valid body's fields, the claim state it needs). Values of the
# valid body are replaced by NUL-laden, empty and over-long variants below.
API_WRITES = {
    "articles": ("post", "/api/v1/articles/", {"text": "The clinic treated 12 patients.", "title": "T"}, None),
    "token": ("post", "/api/v1/auth/token/", {"username": "editor", "password": "pw-editor"}, None),
    "dismiss": ("post", "/api/v1/claims/{id}/dismiss/", {"reason": "not_check_worthy", "note": "n"}, "new"),
    "assign": ("post", "/api/v1/claims/{id}/assign/", {"reviewers": ["reviewer2"]}, "new"),
    "priority": ("post", "/api/v1/claims/{id}/priority/", {"priority": 1}, "new"),
    "details": ("post", "/api/v1/claims/{id}/details/", {"speaker": "S", "claim_type": "quantity"}, "new"),
    "return": ("post", "/api/v1/claims/{id}/return/", {"note": "More sources."}, "submitted"),
    "correct": (
        "post",
        "/api/v1/claims/{id}/correct/",
        {"what_changed": "W", "note": "N", "summary": "S"},
        "published",
    ),
    "retract": ("post", "/api/v1/claims/{id}/retract/", {"reason": "R"}, "published"),
    "evidence": (
        "post",
        "/api/v1/claims/{id}/evidence/",
        {"url": "https://example.org/x", "title": "X", "stance": "refutes"},
        "in_review",
    ),
    "verdict": (
        "put",
        "/api/v1/claims/{id}/verdict/",
        {"headline": "H", "summary": "S", "explanation": "E", "rating": "false", "version": 1},
        "in_review",
    ),
    "evidence-edit": ("patch", "/api/v1/evidence/{evidence}/", {"title": "New title"}, "in_review"),
    "bulk-assign": ("post", "/api/v1/claims/bulk/assign/", {"claims": ["{id}"], "reviewers": ["reviewer2"]}, "new"),
    "bulk-dismiss": ("post", "/api/v1/claims/bulk/dismiss/", {"claims": ["{id}"], "reason": "duplicate"}, "new"),
}


def world() -> dict:
    """Everything an endpoint could write, to compare before and after."""
    return {
        "claims": sorted(Claim.objects.values_list("pk", "state", "version", "priority", "speaker", "claim_type")),
        "verdicts": sorted(Verdict.objects.values_list("pk", "version", "headline", "retracted_at")),
        "evidence": sorted(EvidenceLink.objects.values_list("pk", "title", "updated_at")),
        "assignments": Assignment.objects.count(),
        "articles": Article.objects.count(),
        "corrections": Correction.objects.count(),
        "audit": AuditEvent.objects.count(),
        "tokens": AuthToken.objects.count(),
    }


@pytest.fixture
def api(users):
    client = APIClient()
    client.force_authenticate(users["admin"])
    return client


def target(name, make_claim):
    method, path, valid, state = API_WRITES[name]
    claim = make_claim(state) if state else None
    values = {"id": claim.pk if claim else 0}
    if name == "evidence-edit":
        values["evidence"] = claim.verdict.evidence.get().pk
    return method, path.format(**values), valid, claim


def assert_clear_4xx(response, what):
    assert 400 <= response.status_code < 500, (what, response.status_code, response.content[:300])
    body = response.json()
    assert body.get("code") and body.get("detail"), (what, body)


@pytest.mark.parametrize("kind", list(BAD_BODIES))
@pytest.mark.parametrize("name", list(API_WRITES))
def test_api_refuses_malformed_bodies(api, make_claim, name, kind):
    method, path, _, _ = target(name, make_claim)
    body, content_type = BAD_BODIES[kind]
    before = world()
    response = getattr(api, method)(path, data=body, content_type=content_type)
    assert_clear_4xx(response, (name, kind))
    if kind == "huge":
        assert response.status_code == 413 and response.json()["code"] == "too_large"
    if kind.startswith("nested"):
        assert response.status_code == 400
    assert world() == before


def field_variants(valid: dict) -> list[tuple[str, dict]]:
    """For each string field: with a NUL, empty, whitespace, far too long, or of the wrong type."""
    out = [("empty-object", {})]
    for key, value in valid.items():
        if isinstance(value, str):
            out += [
                (f"{key}:nul", {**valid, key: f"a\x00{value}"}),
                (f"{key}:only-nul", {**valid, key: "\x00"}),
                (f"{key}:blank", {**valid, key: "  "}),
                (f"{key}:long", {**valid, key: "x" * OVER_INGEST}),
            ]
        out += [
            (f"{key}:object", {**valid, key: {"$gt": ""}}),
            (f"{key}:null", {**valid, key: None}),
            (f"{key}:list-of-lists", {**valid, key: [[["deep"]]]}),
        ]
    return out


# Blank or null can be acceptable for optional fields; these are the variants that must never be stored.
def must_refuse(variant: str) -> bool:
    return variant == "empty-object" or variant.endswith((":nul", ":only-nul", ":object", ":list-of-lists", ":long"))


@pytest.mark.parametrize("name", list(API_WRITES))
def test_api_refuses_bad_field_values(api, make_claim, users, name):
    method, path, valid, claim = target(name, make_claim)
    valid = {k: ([claim.pk] if v == ["{id}"] else v) for k, v in valid.items()}
    client = APIClient() if name == "token" else api
    for variant, body in field_variants(valid):
        if not must_refuse(variant):
            continue
        before = world()
        response = getattr(client, method)(path, body, format="json")
        if response.status_code == 429:  # the login throttle: still a clear refusal
            break
        if variant == "empty-object" and name in ("evidence-edit", "details") and response.status_code == 200:
            assert world() == before, "an empty update is a no-op"
            continue
        assert_clear_4xx(response, (name, variant))
        assert world() == before, (name, variant)


def test_articles_refuse_empty_binary_and_oversized_text(api):
    cases = {
        "empty": ({"text": ""}, 400),
        "whitespace": ({"text": " \n\t "}, 400),
        "control characters": ({"text": "\x01\x02\x03" * 1000}, 400),
        "over the ingest limit": ({"text": "a" * (2 * 1024 * 1024 + 10)}, 413),
        "nul in html": ({"html": "<p>a\x00b</p>"}, 400),
        "bad url": ({"url": "not a url"}, 400),
        "unknown field": ({"text": "The clinic treated 12 patients.", "admin": True}, 400),
    }
    for what, (body, status) in cases.items():
        response = api.post("/api/v1/articles/", body, format="json")
        assert response.status_code == status, (what, response.content[:300])
        assert response.json()["detail"], what
    assert Article.objects.count() == 0


# --- the desk's forms --------------------------------------------------------------------------------------


@pytest.fixture
def desk(users):
    client = Client()
    client.force_login(users["admin"])
    return client


def admin_action_url(claim, action):
    return f"/admin/claims/claim/{claim.pk}/workflow/{action}/"


@pytest.mark.parametrize("action", sorted(STATE_FOR))
def test_admin_actions_refuse_malformed_requests(desk, users, ratings, make_claim, action, settings):
    if action == "vote":
        settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel"}
    claim = claim_for(action, make_claim)
    url = admin_action_url(claim, action)
    valid = form_data(action, claim, users, ratings)
    before = world()
    cases = {
        "nul in a field": (
            desk.post,
            {**valid, **{k: f"{v}\x00" for k, v in valid.items() if isinstance(v, str)}, "note": "a\x00b"},
            400,
            "NUL",
        ),
        "invalid utf-8": ("raw", b"note=caf%E9%FF&version=" + str(claim.version).encode(), 400, "UTF-8"),
        "too large": ("raw", b"note=" + b"a" * HUGE, 400, "larger than the limit"),
        "too many fields": ("raw", "&".join(f"f{i}=1" for i in range(1_100)).encode(), 400, "more than 1,000 fields"),
        "huge multipart": ("multipart", None, 400, "larger than the limit"),
    }
    for what, (how, data, status, message) in cases.items():
        if how == "raw":
            response = desk.generic("POST", url, data, content_type="application/x-www-form-urlencoded")
        elif how == "multipart":
            response = desk.post(url, {"note": "a" * HUGE, "version": claim.version})
        else:
            response = how(url, data)
        assert response.status_code == status, (what, response.status_code)
        assert message in response.content.decode(), (what, response.content[:300])
        assert world() == before, what
    for what, data in {"empty": {}, "binary": bytes(range(256))}.items():
        response = (
            desk.post(url, data, content_type="application/octet-stream") if what == "binary" else desk.post(url, data)
        )
        assert response.status_code in (302, 400), (what, response.status_code)
        if response.status_code == 302 and action not in (
            "start",
            "submit",
            "approve",
            "publish",
            "reopen",
            "unassign",
        ):  # these need no input
            assert world() == before, what


def test_the_admin_login_refuses_nul_and_garbage(users):
    client = Client()
    assert client.post("/admin/login/", {"username": "editor\x00", "password": "pw-editor"}).status_code == 400
    response = client.generic(
        "POST", "/admin/login/", b"username=%FF%FE&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and "UTF-8" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%FF%FE",
        "q=" + "x" * 20_000,
        "o=999",
        "o=-abc",
        "p=-1",
        "p=99999999999999999999",
        "due=bogus",
        "reviewer=abc",
        "reviewer=99999999999999999999",
        "reviewer=%C2%B2",
        "article=99999999999999999999",
        "article=%C2%B2",
        "cluster=123456789012345678901",
        "article=x",
        "cluster=%00",
        "score=nope",
        "state__exact=" + "s" * 5000,
        "priority__exact=abc",
        "e=1",
        "_changelist_filters=%00",
    ],
)
def test_the_queue_survives_bad_parameters(desk, make_claim, query):
    make_claim("assigned")
    response = desk.get(f"/admin/claims/claim/?{query}")
    assert response.status_code in (200, 302, 400, 404), (query, response.status_code)
    if response.status_code == 400:
        assert response.content.strip()


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%FF",
        "q=" + "y" * 20_000,
        "page=99999999999999999999",
        "page=-1",
        "rating=%00",
        "speaker=" + "z" * 5000,
        "type=%FF",
    ],
)
def test_the_public_site_survives_bad_parameters(client, query):
    response = client.get(f"/fact-checks/?{query}")
    assert response.status_code in (200, 400, 404), (query, response.status_code)
