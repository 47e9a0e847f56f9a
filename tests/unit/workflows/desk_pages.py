"""Addresses and messages of the desk's admin pages, shared by the desk's HTTP tests."""

from django.contrib.messages import get_messages


def change_url(claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/change/"


def action_url(claim, action: str) -> str:
    return f"/admin/claims/claim/{claim.pk}/workflow/{action}/"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]
