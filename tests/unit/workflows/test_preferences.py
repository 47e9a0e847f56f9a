"""A desk user's language and time zone (My settings), and the interface in the request's language: the
desk, the public site's page cache and the API's error messages."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import claim_in_state
from workflows.exceptions import ValidationFailed
from workflows.models import DeskPreference
from workflows.services.preferences import preferences_update

pytestmark = pytest.mark.django_db


def test_the_service_keeps_a_shipped_language_and_a_known_zone(users):
    saved = preferences_update(actor=users["reviewer"], language="ru", time_zone="Asia/Almaty")
    assert (saved.language, saved.time_zone) == ("ru", "Asia/Almaty")
    again = preferences_update(actor=users["reviewer"], language="", time_zone="")
    assert again.pk == saved.pk and (again.language, again.time_zone) == ("", "")
    assert DeskPreference.objects.filter(user=users["reviewer"]).count() == 1


def test_the_service_refuses_what_the_site_does_not_ship_and_writes_nothing(users):
    with pytest.raises(ValidationFailed) as refused:
        preferences_update(actor=users["editor"], language="klingon", time_zone="Mars/Olympus_Mons")
    assert set(refused.value.errors) == {"language", "time_zone"}
    assert "Mars/Olympus_Mons" in refused.value.errors["time_zone"][0]
    assert not DeskPreference.objects.filter(user=users["editor"]).exists()


def test_my_settings_saves_sets_the_language_cookie_and_the_desk_speaks_it(client, users):
    client.force_login(users["editor"])
    page = client.get(reverse("desk_my_settings"))
    assert page.status_code == 200
    assert 'name="time_zone"' in page.content.decode() and 'value="Europe/Madrid"' in page.content.decode()
    answer = client.post(reverse("desk_my_settings"), {"language": "es", "time_zone": "America/Bogota"})
    assert answer.status_code == 302
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("desk_my_settings"))
    html = page.content.decode()
    assert page["Content-Language"] == "es"
    assert "Su configuración se ha guardado." in html  # the message, in the language just chosen
    assert "Mi configuración" in html and "Guardar mi configuración" in html
    assert "(-05)" in html or "-05" in html  # "now" is shown in Bogotá's zone


def test_a_refused_zone_comes_back_with_its_reason_and_what_was_chosen(client, users):
    client.force_login(users["editor"])
    answer = client.post(reverse("desk_my_settings"), {"language": "ru", "time_zone": "Nowhere/Town"})
    assert answer.status_code == 200
    assert "errorlist" in answer.content.decode()
    assert not DeskPreference.objects.filter(user=users["editor"]).exists()


def test_the_saved_zone_and_language_follow_the_user_to_a_new_browser(client, users):
    preferences_update(actor=users["reviewer"], language="ru", time_zone="Asia/Tokyo")
    client.force_login(users["reviewer"])  # sign-in copies the preferences into the session
    page = client.get(reverse("admin:claims_claim_mine"))
    assert page["Content-Language"] == "ru"
    assert "Мои утверждения" in page.content.decode()
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE  # deactivated after the request


def test_the_desk_shows_due_dates_in_the_users_zone(client, users):
    claim = claim_in_state("assigned", reviewer=users["reviewer"], editor=users["editor"])
    claim.due_at = datetime.datetime(2030, 1, 15, 23, 30, tzinfo=datetime.UTC)
    claim.save(update_fields=["due_at"])
    preferences_update(actor=users["editor"], language="", time_zone="Asia/Tokyo")
    client.force_login(users["editor"])
    html = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "2030-01-16 08:30" in html  # 23:30 UTC is 08:30 the next day in Tokyo


def test_the_sites_language_switch_needs_no_token_and_the_desks_does():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    answer = client.post("/i18n/setlang/site/", {"language": "ru", "next": "/fact-checks/"})
    assert answer.status_code == 302 and answer["Location"] == "/fact-checks/"
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert client.post("/i18n/setlang/", {"language": "es", "next": "/admin/"}).status_code == 403


def test_the_public_page_cache_keeps_one_page_per_language(client, users, rating_scale):
    claim = claim_in_state(
        "published", reviewer=users["reviewer"], editor=users["editor"], rating=rating_scale.ratings.first()
    )
    path = f"/fact-checks/{claim.verdict.slug}/"
    english = client.get(path)
    spanish = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
    again = client.get(path)
    assert "The claim" in english.content.decode()
    assert "La afirmación" in spanish.content.decode() and "The claim" not in spanish.content.decode()
    assert english["ETag"] != spanish["ETag"] and again["ETag"] == english["ETag"]
    assert "The claim" in again.content.decode()


def test_api_errors_keep_their_code_and_speak_the_requests_language(users):
    claim = claim_in_state("new", reviewer=users["reviewer"], editor=users["editor"])
    client = APIClient()
    client.force_authenticate(users["reviewer"])
    url = f"/api/v1/claims/{claim.pk}/approve/"
    english = client.post(url, {"version": claim.version}, format="json")
    spanish = client.post(url, {"version": claim.version}, format="json", HTTP_ACCEPT_LANGUAGE="es")
    assert english.status_code == spanish.status_code
    assert english.json()["code"] == spanish.json()["code"]
    assert english.json()["detail"] != spanish.json()["detail"]
    assert "afirmación" in spanish.json()["detail"] or "No se puede" in spanish.json()["detail"]


def test_mail_goes_out_in_each_recipients_language(users, mailoutbox):
    from workflows.notifications import notify_assigned

    claim = claim_in_state("assigned", reviewer=users["reviewer"], editor=users["editor"])
    preferences_update(actor=users["reviewer"], language="ru", time_zone="")
    users["reviewer2"].email = "reviewer2@example.org"
    users["reviewer2"].save(update_fields=["email"])
    assert notify_assigned(claim.pk, [users["reviewer"].pk, users["reviewer2"].pk]) == 2
    subjects = {tuple(message.to): message.subject for message in mailoutbox}
    assert subjects[(users["reviewer"].email,)].startswith("[Factdesk] Назначено:")
    assert subjects[("reviewer2@example.org",)].startswith("[Factdesk] Assigned:")
