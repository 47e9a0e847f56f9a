"""/api/v1/sources/: the contract (fields, status codes, the one error body) and who may call it."""

import pytest
from django.core.cache import cache

from factcheck.audit.models import AuditEvent
from factcheck.sources.models import Source

pytestmark = pytest.mark.django_db

LIST = "/api/v1/sources/"
STATUS_FIELDS = {
    "polling",
    "next_poll_at",
    "last_polled_at",
    "last_success_at",
    "last_failure_at",
    "last_error",
    "consecutive_failures",
    "entries_seen",
    "articles_ingested",
    "factchecks_imported",
    "created_at",
    "updated_at",
}


@pytest.fixture(autouse=True)
def _no_throttle_carry_over():
    cache.clear()
    yield
    cache.clear()


def _body(**fields):
    return {"name": "Daily Courier", "kind": "rss", "url": "https://courier.example/feed.xml", **fields}


def test_an_editor_adds_a_source_and_reads_it_back(client_for, public_names):
    editor = client_for("editor")
    created = editor.post(LIST, _body(language="es", poll_minutes=30), format="json")

    assert created.status_code == 201, created.json()
    data = created.json()
    assert created["Location"] == f"/api/v1/sources/{data['id']}/"
    assert {k: data[k] for k in ("name", "kind", "url", "language", "poll_minutes", "enabled")} == {
        "name": "Daily Courier",
        "kind": "rss",
        "url": "https://courier.example/feed.xml",
        "language": "es",
        "poll_minutes": 30,
        "enabled": True,
    }
    assert set(data) >= STATUS_FIELDS
    assert (data["consecutive_failures"], data["last_error"], data["polling"]) == (0, "", False)
    assert editor.get(created["Location"]).json() == data
    listed = editor.get(LIST).json()
    assert [s["id"] for s in listed["results"]] == [data["id"]]


def test_defaults_apply_when_left_out(client_for, public_names):
    data = client_for("admin").post(LIST, _body(), format="json").json()
    assert (data["language"], data["poll_minutes"], data["enabled"]) == ("en", 60, True)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (_body(url="http://192.168.0.10/feed"), "url", "not on the public internet"),
        (_body(url="https://no-such-host.invalid/"), "url", "typo"),
        (_body(kind="twitter"), "kind", ""),
        (_body(poll_minutes=2), "poll_minutes", ""),
        (_body(poll_minutes="30"), "poll_minutes", ""),
        (_body(enabled="yes"), "enabled", ""),
        (_body(name=12), "name", ""),
        (_body(language="English"), "language", "language code"),
        ({**_body(), "etag": "x"}, "etag", "Unknown field"),
        ({"kind": "rss"}, "name", ""),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_for, public_names, body, field, words):
    answer = client_for("editor").post(LIST, body, format="json")
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "invalid" and field in error["fields"]
    assert words in " ".join(error["fields"][field])
    assert not Source.objects.exists()


def test_a_second_source_with_the_same_address_is_refused(client_for, public_names):
    editor = client_for("editor")
    editor.post(LIST, _body(), format="json")
    again = editor.post(LIST, _body(name="Other name"), format="json")
    assert again.status_code == 400
    assert "already watched as “Daily Courier”" in again.json()["fields"]["url"][0]


def test_patch_changes_fields_and_refuses_a_stale_edit(client_for, public_names):
    editor = client_for("editor")
    source = editor.post(LIST, _body(), format="json").json()
    url = f"{LIST}{source['id']}/"

    changed = editor.patch(url, {"enabled": False, "poll_minutes": 120}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["enabled"], changed.json()["poll_minutes"]) == (False, 120)

    stale = editor.patch(url, {"name": "Mine", "expected_updated_at": source["updated_at"]}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    fresh = editor.patch(url, {"name": "Mine", "expected_updated_at": changed.json()["updated_at"]}, format="json")
    assert fresh.status_code == 200 and fresh.json()["name"] == "Mine"


def test_status_fields_are_read_only(client_for, public_names):
    editor = client_for("editor")
    source = editor.post(LIST, _body(), format="json").json()
    answer = editor.patch(f"{LIST}{source['id']}/", {"consecutive_failures": 0, "last_error": ""}, format="json")
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"consecutive_failures", "last_error"}


def test_delete_removes_and_audits(client_for, public_names):
    editor = client_for("editor")
    source = editor.post(LIST, _body(), format="json").json()
    assert editor.delete(f"{LIST}{source['id']}/").status_code == 204
    assert editor.get(f"{LIST}{source['id']}/").status_code == 404
    assert editor.delete(f"{LIST}{source['id']}/").status_code == 404
    assert AuditEvent.objects.filter(action="source.delete").count() == 1


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("reviewer", 403)])
def test_only_editors_and_admins_may_call_it(client_for, users, public_names, who, status):
    source = client_for("editor").post(LIST, _body(), format="json").json()
    client = client_for(who)
    item = f"{LIST}{source['id']}/"
    for answer in (
        client.get(LIST),
        client.post(LIST, _body(name="Another", url="https://courier.example/b"), format="json"),
        client.get(item),
        client.patch(item, {"enabled": False}, format="json"),
        client.delete(item),
    ):
        assert answer.status_code == status, answer.json()
        assert set(answer.json()) >= {"code", "detail"}
    assert Source.objects.get().enabled is True


def test_an_unknown_id_is_a_json_404(client_for):
    answer = client_for("editor").get(f"{LIST}999999/")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"
