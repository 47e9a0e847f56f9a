"""The API contract: public tips and error reports (201, 400 by field, 404, 429 shared with the site's forms),
the desk's list of reports with their state, and resolving one."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from factcheck.claims.models import ClaimOrigin
from factcheck.tips.models import ErrorReport, Tip
from tests.factories import api_token

pytestmark = pytest.mark.django_db

CLAIM = "Unemployment fell to 3.1 percent in March, the lowest since 1974."


def test_a_tip_is_201_with_its_id_and_the_claim_is_in_the_queue(committed):
    client = APIClient()
    with committed():
        response = client.post(
            "/api/v1/tips/",
            {"claim": CLAIM, "seen_at": "https://example.org/speech", "email": "reader@example.org"},
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    tip = Tip.objects.get(pk=body["id"])
    assert set(body) == {"id", "received_at", "detail"}
    assert tip.channel == "api" and tip.consent and tip.contact_email == "reader@example.org"
    assert tip.claim.origin == ClaimOrigin.TIP and tip.claim.state == "new"


def test_a_bad_tip_is_400_naming_each_field_and_stores_nothing():
    response = APIClient().post("/api/v1/tips/", {"claim": "", "seen_at": "https://", "x": 1}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"x"}  # unknown fields first: a typo is never ignored
    response = APIClient().post("/api/v1/tips/", {"claim": "", "seen_at": "https://", "email": "no"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"claim", "seen_at", "email"}
    response = APIClient().post("/api/v1/tips/", {"claim": 12, "seen_at": ["TV"]}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"claim", "seen_at"}
    assert Tip.objects.count() == 0


def test_a_report_is_201_only_message_required_and_404_for_no_factcheck(published):
    client = APIClient()
    response = client.post(f"/api/v1/fact-checks/{published.slug}/reports/", {"message": "Wrong year"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["fact_check"] == published.slug and response.json()["state"] == "open"
    missing = client.post("/api/v1/fact-checks/nothing-here/reports/", {"message": "Wrong"}, format="json")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.post(
        f"/api/v1/fact-checks/{published.slug}/reports/", {"message": " ", "evidence_url": "file:///etc"}, format="json"
    )
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"message", "evidence_url"}
    assert ErrorReport.objects.count() == 1


def test_the_api_and_the_site_share_one_counter_per_sender():
    rates = {**settings.FACTDESK, "READER_RATE_PER_SENDER": "3/h"}
    with override_settings(FACTDESK=rates):
        codes = [
            APIClient().post("/api/v1/tips/", {"claim": f"{CLAIM} {n}", "seen_at": "TV"}, format="json").status_code
            for n in range(2)
        ]
        codes.append(Client().post("/suggest-a-claim/", {"claim": CLAIM, "seen_at": "TV"}).status_code)
        limited = APIClient().post("/api/v1/tips/", {"claim": f"{CLAIM} x", "seen_at": "TV"}, format="json")
    assert codes == [201, 201, 302]
    assert limited.status_code == 429 and limited.json()["code"] == "throttled"
    assert limited.json()["wait"] > 0 and int(limited["Retry-After"]) > 0
    assert Tip.objects.count() == 3


def test_editors_list_reports_with_their_state_and_readers_cannot(published, users):
    APIClient().post(
        f"/api/v1/fact-checks/{published.slug}/reports/",
        {"message": "Wrong", "email": "reader@example.org"},
        format="json",
    )
    anonymous = APIClient().get("/api/v1/reports/")
    assert anonymous.status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    listed = client.get("/api/v1/reports/?state=open").json()["results"]
    assert [(r["fact_check"], r["state"], r["reader_left_email"]) for r in listed] == [(published.slug, "open", True)]
    assert "reader@example.org" not in str(listed)  # the address is for the one reply, not for the desk's lists
    assert client.get("/api/v1/reports/?state=closed").status_code == 400


def test_an_editor_resolves_a_report_through_the_api(published, users):
    report = ErrorReport.objects.create(verdict=published, message="Wrong")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['editor'])}")
    url = f"/api/v1/reports/{report.pk}/resolve/"
    refused = client.post(url, {"outcome": "no_change"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    done = client.post(url, {"outcome": "no_change", "reason": "The figure is right."}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "resolved" and done.json()["resolved_by"] == "editor"
    again = client.post(url, {"outcome": "no_change", "reason": "Again"}, format="json")
    assert again.status_code == 409
    reviewer = APIClient()
    reviewer.credentials(HTTP_AUTHORIZATION=f"Token {api_token(users['reviewer'])}")
    other = ErrorReport.objects.create(verdict=published, message="Also wrong")
    forbidden = reviewer.post(f"/api/v1/reports/{other.pk}/resolve/", {"outcome": "no_change", "reason": "x"})
    assert forbidden.status_code == 403
