"""Addresses and messages of the desk's admin pages, shared by the desk's HTTP tests."""

import re

from django.contrib.messages import get_messages

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def change_url(claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/change/"


def action_url(claim, action: str) -> str:
    return f"/admin/claims/claim/{claim.pk}/workflow/{action}/"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_html(client, url) -> str:
    """The page at ``url`` (it must answer 200) with its CSRF token blanked, to compare two drawings."""
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub('name="csrfmiddlewaretoken" value="-"', response.content.decode())
