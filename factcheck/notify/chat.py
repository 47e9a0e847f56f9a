"""Chat messages through apprise (Slack, Microsoft Teams, Mattermost, Rocket.Chat, a JSON endpoint, …).

An apprise URL carries the service's token, so it is a secret: after saving, the desk shows ``masked``. For
services at an address the newsroom chooses (a self-hosted Mattermost, a JSON endpoint) the address is
checked as the fetcher checks one (public addresses only, loopback when tests allow it), at saving and
again before each message; services with a fixed address (Slack, Teams, …) have none to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.utils.translation import gettext as _

from factcheck import fetch

from . import events

#: Apprise schemes whose host is the newsroom's choice, so the SSRF guard must judge it.
SELF_HOSTED = frozenset(
    scheme + suffix
    for scheme in ("json", "xml", "form", "mmost", "rocket", "gotify", "ntfy", "apprise", "matrix", "nctalk", "ncloud")
    for suffix in ("", "s")
)


class ChatURLError(ValueError):
    """An apprise URL we cannot use; the message says why and what to do."""


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def _plugin(url: str):
    import apprise  # here, not at import: 17 MB that only a chat check or send needs, kept out of django.setup()

    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if not plugin:
        raise ChatURLError(
            _(
                "Apprise does not recognise this URL. Copy it from the chat service's instructions in the "
                "apprise documentation, e.g. slack://…, msteams://…, mmost://host/token or json://host/path."
            )
        )
    return plugin


def check_url(url: str) -> None:
    """Refuse an apprise URL that names no known service, or a self-hosted one at a non-public address."""
    url = (url or "").strip()
    if not url:
        raise ChatURLError(_("Enter the channel's apprise URL."))
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    plugin = _plugin(url)
    if scheme in SELF_HOSTED:
        host = getattr(plugin, "host", None)
        if not host:
            raise ChatURLError(_("This URL names no host."))
        port = getattr(plugin, "port", None) or (443 if scheme.endswith("s") else 80)
        try:
            fetch.resolve_public(host, int(port), allow_loopback=settings.FACTDESK["ALLOW_LOOPBACK_FETCH"])
        except fetch.FetchError as error:
            raise ChatURLError(str(error)) from None


def masked(url: str) -> str:
    """The URL as the desk may show it after saving: apprise's privacy form (tokens cut to their ends),
    without the query string apprise adds."""
    try:
        plugin = _plugin(url)
    except ChatURLError:
        return url.split("://", 1)[0] + "://…" if "://" in url else "…"
    return unquote(plugin.url(privacy=True).split("?", 1)[0])


def message(payload: dict[str, Any]) -> Message:
    """One short message per event, in the words an editor would use in the channel."""
    event = payload.get("event", "")
    data = payload.get("data", {})
    if "fact_check" in data:
        check = data["fact_check"]
        rating = (check.get("rating") or {}).get("label") or _("no rating")
        title = {
            events.PUBLISHED: _("Published: %(headline)s"),
            events.CORRECTED: _("Corrected: %(headline)s"),
            events.RETRACTED: _("Retracted: %(headline)s"),
        }.get(event, "%(headline)s") % {"headline": check.get("headline") or check.get("claim_reviewed", "")}
        lines = [
            _("Claim: “%(claim)s”") % {"claim": check.get("claim_reviewed", "")},
            _("Rating: %(rating)s") % {"rating": rating},
        ]
        correction = check.get("correction")
        if event == events.CORRECTED and correction:
            lines.append(_("What changed: %(what)s") % {"what": correction.get("what_changed", "")})
        if event == events.RETRACTED and check.get("retraction_reason"):
            lines.append(_("Why: %(reason)s") % {"reason": check["retraction_reason"]})
        if check.get("url"):
            lines.append(check["url"])
        return Message(title=title, body="\n".join(lines))
    if "claim" in data:
        claim = data["claim"]
        lines = [f"“{claim.get('claim_reviewed', '')}”"]
        if claim.get("desk_url"):
            lines.append(claim["desk_url"])
        return Message(title=_("New claim from outside the newsroom"), body="\n".join(lines))
    return Message(title=_("Factdesk test message"), body=str(data.get("message", "")))


def send(url: str, text: Message) -> None:
    """Send one message; raise ``ChatURLError`` with a sentence when apprise could not deliver it."""
    check_url(url)
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        raise ChatURLError(_("Apprise does not recognise this URL."))
    if not sender.notify(title=text.title, body=text.body, body_format=apprise.NotifyFormat.TEXT):
        raise ChatURLError(
            _("The chat service did not accept the message (see the worker's log for its answer). Check the URL.")
        )
