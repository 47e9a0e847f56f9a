"""/api/v1/webhooks/: the contract (shapes, statuses), who may call it, and the secret shown once."""

import pytest
from rest_framework.test import APIClient

from factcheck.audit.models import AuditEvent
from factcheck.notify.models import WebhookEndpoint

pytestmark = pytest.mark.django_db

PUBLIC = "https://93.184.216.34/factdesk-hook"  # a public address that needs no DNS
LIST = "/api/v1/webhooks/"
OUT = {
    "id",
    "url",
    "description",
    "events",
    "active",
    "secret_hint",
    "consecutive_failures",
    "disabled_at",
    "disabled_reason",
    "last_error",
    "last_success_at",
    "created_at",
    "created_by",
}


@pytest.fixture
def client_for(users):
    def make(who):
        client = APIClient()
        if who:
            client.force_authenticate(users[who])
        return client

    return make


def test_an_editor_registers_an_endpoint_and_sees_the_secret_once(client_for, users):
    editor = client_for("editor")
    answer = editor.post(LIST, {"url": PUBLIC, "events": ["factcheck.published", "factcheck.retracted"]}, format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert set(body) == OUT | {"secret"}
    assert body["secret"].startswith("whsec_") and body["secret_hint"] == body["secret"][:10] + "…"
    assert body["events"] == ["factcheck.published", "factcheck.retracted"]
    assert (body["url"], body["active"], body["created_by"]) == (PUBLIC, True, "editor")
    assert WebhookEndpoint.objects.get().secret == body["secret"]
    assert AuditEvent.objects.filter(action="webhook.register", actor=users["editor"]).count() == 1

    listed = editor.get(LIST)
    assert listed.status_code == 200
    (row,) = listed.json()
    assert set(row) == OUT and body["secret"] not in listed.content.decode()


def test_events_come_back_in_the_documented_order_and_once(client_for):
    answer = client_for("admin").post(
        LIST, {"url": PUBLIC, "events": ["claim.submitted", "factcheck.published", "claim.submitted"]}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["events"] == ["factcheck.published", "claim.submitted"]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:8000/hook", "not on the public internet"),
        ("http://10.0.0.5/hook", "not on the public internet"),
        ("http://[::ffff:192.168.1.1]/hook", "not on the public internet"),
        ("ftp://93.184.216.34/hook", "Only http:// and https://"),
        ("https://user:pw@93.184.216.34/hook", "user name or password"),
        ("not a url", "Only http:// and https://"),
    ],
)
def test_an_address_the_fetcher_would_refuse_is_refused_with_the_reason(client_for, url, says):
    answer = client_for("editor").post(LIST, {"url": url, "events": ["factcheck.published"]}, format="json")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid" and says in body["fields"]["url"][0]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": PUBLIC, "events": []}, "events"),
        ({"url": PUBLIC, "events": ["factcheck.deleted"]}, "events.0"),
        ({"url": PUBLIC, "events": "factcheck.published"}, "events"),
        ({"url": PUBLIC}, "events"),
        ({"events": ["factcheck.published"]}, "url"),
        ({"url": PUBLIC, "events": ["factcheck.published"], "secret": "mine"}, "secret"),
        ({"url": 12, "events": ["factcheck.published"]}, "url"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_for, payload, field):
    answer = client_for("editor").post(LIST, payload, format="json")
    assert answer.status_code == 400 and field in answer.json()["fields"]


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("reviewer", 403)])
def test_only_editors_and_admins_may_list_register_or_delete(client_for, users, who, status):
    endpoint = WebhookEndpoint.objects.create(url=PUBLIC, events=["factcheck.published"], secret="whsec_x")
    client = client_for(who)
    assert client.get(LIST).status_code == status
    assert client.post(LIST, {"url": PUBLIC, "events": ["factcheck.published"]}, format="json").status_code == status
    assert client.delete(f"{LIST}{endpoint.pk}/").status_code == status
    assert WebhookEndpoint.objects.count() == 1


def test_delete_removes_the_endpoint_and_is_audited(client_for, users):
    editor = client_for("editor")
    created = editor.post(LIST, {"url": PUBLIC, "events": ["factcheck.published"]}, format="json").json()
    assert editor.delete(f"{LIST}{created['id']}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert AuditEvent.objects.filter(action="webhook.delete", object_id=str(created["id"])).exists()
    again = editor.delete(f"{LIST}{created['id']}/")
    assert again.status_code == 404 and again.json()["code"] == "not_found"


def test_the_schema_documents_the_three_operations(client_for):
    schema = client_for("editor").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert set(schema["paths"]["/api/v1/webhooks/"]) >= {"get", "post"}
    assert "delete" in schema["paths"]["/api/v1/webhooks/{id}/"]
    created = schema["paths"]["/api/v1/webhooks/"]["post"]["responses"]["201"]["content"]["application/json"]
    ref = created["schema"]["$ref"].rsplit("/", 1)[1]
    assert "secret" in schema["components"]["schemas"][ref]["properties"]
