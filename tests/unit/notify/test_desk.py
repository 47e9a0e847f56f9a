"""The desk's webhook and chat pages: editors add an endpoint and see its secret once, a refused address
comes back with the reason and what was typed, a disabled endpoint is announced on the home page and
re-enabled from its page; reviewers see none of it."""

import pytest
from django.test import Client
from django.utils import timezone

from factcheck.audit.models import AuditEvent
from factcheck.notify import events, services
from factcheck.notify.models import ChatChannel, WebhookEndpoint

pytestmark = pytest.mark.django_db

ADD = "/admin/notify/webhookendpoint/add/"
LIST = "/admin/notify/webhookendpoint/"
PUBLIC = "https://93.184.216.34/factdesk-hook"
SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#factchecks"


@pytest.fixture
def as_user(users):
    def make(who):
        client = Client()
        client.force_login(users[who])
        return client

    return make


def _disabled(editor) -> WebhookEndpoint:
    endpoint = services.endpoint_register(actor=editor, url=PUBLIC, events=[events.PUBLISHED]).endpoint
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.consecutive_failures = 15
    endpoint.last_error = "The endpoint answered 500."
    endpoint.disabled_reason = "Disabled after 15 failed attempts in a row. The last: The endpoint answered 500."
    endpoint.save()
    return endpoint


def test_an_editor_adds_an_endpoint_and_sees_the_secret_once(as_user):
    editor = as_user("editor")
    response = editor.post(ADD, {"url": PUBLIC, "description": "Partner feed", "events": [events.PUBLISHED]})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response.url == f"{LIST}{endpoint.pk}/change/"
    page = editor.get(response.url)
    assert page.status_code == 200 and endpoint.secret in page.content.decode()
    assert "Signing secret: copy it now" in page.content.decode()
    assert "no-store" in page.headers["Cache-Control"]
    again = editor.get(response.url).content.decode()
    assert endpoint.secret not in again and endpoint.secret_hint in again


def test_a_refused_address_comes_back_with_the_reason_and_what_was_typed(as_user):
    response = as_user("editor").post(
        ADD, {"url": "http://192.168.0.10/hook", "description": "Intranet", "events": [events.RETRACTED]}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()
    assert "not on the public internet" in page
    assert 'value="http://192.168.0.10/hook"' in page and 'value="Intranet"' in page
    assert f'value="{events.RETRACTED}"' in page and "checked" in page


def test_no_event_chosen_is_refused(as_user):
    response = as_user("editor").post(ADD, {"url": PUBLIC})
    assert response.status_code == 200 and "Choose at least one event." in response.content.decode()


def test_reviewers_see_no_webhook_or_chat_pages(as_user, users):
    _disabled(users["editor"])
    reviewer = as_user("reviewer")
    for url in (LIST, ADD, "/admin/notify/chatchannel/", "/admin/notify/chatchannel/add/"):
        assert reviewer.get(url).status_code == 403, url
    home = reviewer.get("/admin/").content.decode()
    assert "Webhook endpoints" not in home and "is disabled" not in home


def test_a_disabled_endpoint_is_announced_listed_and_re_enabled(as_user, users):
    endpoint = _disabled(users["editor"])
    editor = as_user("editor")
    home = editor.get("/admin/").content.decode()
    assert f"Webhook to {PUBLIC} is disabled" in home and "failed attempts in a row" in home
    listing = editor.get(LIST).content.decode()
    assert "Disabled" in listing and "after 15 failures in a row" in listing and "The endpoint answered 500." in listing
    page = editor.get(f"{LIST}{endpoint.pk}/change/").content.decode()
    assert "This endpoint is disabled" in page and "Re-enable the endpoint" in page
    # Its own form, before the page's (read-only) model form: a form nested in another would post that one.
    assert page.index(f"{endpoint.pk}/enable/") < page.index('id="webhookendpoint_form"')

    response = editor.post(f"{LIST}{endpoint.pk}/enable/")
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.consecutive_failures == 0
    assert endpoint.disabled_reason == endpoint.last_error == ""
    assert AuditEvent.objects.filter(action="webhook.enable", actor=users["editor"]).exists()
    assert "is disabled" not in editor.get("/admin/").content.decode()
    assert editor.get(f"{LIST}{endpoint.pk}/enable/").status_code == 405


def test_deleting_from_the_desk_goes_through_the_service(as_user, users):
    endpoint = services.endpoint_register(actor=users["editor"], url=PUBLIC, events=[events.PUBLISHED]).endpoint
    response = as_user("editor").post(f"{LIST}{endpoint.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not WebhookEndpoint.objects.exists()
    assert AuditEvent.objects.filter(action="webhook.delete", actor=users["editor"]).exists()


def test_a_chat_url_is_never_shown_whole_after_saving(as_user):
    editor = as_user("editor")
    response = editor.post(
        "/admin/notify/chatchannel/add/",
        {"name": "#factchecks", "apprise_url": SLACK, "events": [events.PUBLISHED], "enabled": "on"},
    )
    assert response.status_code == 302
    channel = ChatChannel.objects.get()
    for url in ("/admin/notify/chatchannel/", f"/admin/notify/chatchannel/{channel.pk}/change/"):
        page = editor.get(url).content.decode()
        assert "#factchecks" in page and "TIiajkdnlazkcOXrIdevi7FQ" not in page, url
    editor.post(
        f"/admin/notify/chatchannel/{channel.pk}/change/",
        {"name": "#factchecks", "apprise_url": "", "events": [events.RETRACTED], "enabled": "on"},
    )
    channel.refresh_from_db()
    assert channel.apprise_url == SLACK and channel.events == [events.RETRACTED]


def test_a_refused_chat_url_is_not_sent_back_to_the_browser(as_user):
    response = as_user("editor").post(
        "/admin/notify/chatchannel/add/",
        {"name": "#desk", "apprise_url": "json://10.0.0.2/hook", "events": [events.PUBLISHED]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "not on the public internet" in page
    assert "10.0.0.2" not in page and 'value="#desk"' in page and not ChatChannel.objects.exists()


def test_an_endpoint_page_lists_its_deliveries_with_every_attempt(as_user, users, notify_settings, committed):
    from factcheck.notify.models import WebhookDelivery
    from tests.unit.notify.receiver import receiver

    with receiver(status=502) as partner:
        endpoint = services.endpoint_register(
            actor=users["editor"], url=partner.url, events=[events.PUBLISHED]
        ).endpoint
        editor = as_user("editor")
        with committed():
            assert editor.post(f"{LIST}{endpoint.pk}/test/").status_code == 302
    delivery = WebhookDelivery.objects.get()
    page = editor.get(f"{LIST}{endpoint.pk}/change/").content.decode()
    assert str(delivery.delivery_id) in page and "webhook.test" in page
    assert "The endpoint answered 502 Bad Gateway" in page and "Failed, no more retries" in page


def test_the_endpoint_page_offers_to_resend_what_was_missed(as_user, users, notify_settings, committed):
    from factcheck.notify.models import WebhookDelivery
    from tests.unit.notify.receiver import receiver

    with receiver() as partner:
        endpoint = services.endpoint_register(
            actor=users["editor"], url=partner.url, events=[events.PUBLISHED]
        ).endpoint
        WebhookDelivery.objects.create(endpoint=endpoint, event=events.PUBLISHED, payload="{}", status="cancelled")
        editor = as_user("editor")
        page = editor.get(f"{LIST}{endpoint.pk}/change/").content.decode()
        assert "Resend the 1 missed delivery" in page
        with committed():
            response = editor.post(f"{LIST}{endpoint.pk}/resend/", follow=True)
    assert "1 missed delivery queued again." in response.content.decode()
    assert len(partner.requests) == 1 and WebhookDelivery.objects.get().status == "delivered"
    assert "missed deliver" not in editor.get(f"{LIST}{endpoint.pk}/change/").content.decode()
