"""The one path for every change to notifications: endpoints and channels (editors and admins), the
deliveries events create, and each attempt the sending task makes.

Desk writes check the role, write one audit event and refuse bad input with a sentence per field
(``NotifyError``); the admin and the API call the same functions. Events are turned into deliveries in
one transaction and sent after it commits, by name (``DELIVER_TASK``, ``CHAT_TASK``), so this module never
imports the tasks that call it.
"""

from __future__ import annotations

import datetime
import http
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck import fetch
from factcheck.actor import Actor
from factcheck.audit.log import record
from factcheck.roles import ADMIN, EDITOR, role_of
from factcheck.safety import strip_controls

from . import chat, events, payloads, signing
from .models import ChatChannel, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

DELIVER_TASK = "factcheck.notify.tasks.deliver_webhook"
CHAT_TASK = "factcheck.notify.tasks.send_chat_message"
MAX_URL = 500


class NotifyError(Exception):
    """A refused notification change: ``code`` (invalid, forbidden, not_found), a sentence, field errors."""

    def __init__(self, code: str, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code, self.message, self.errors = code, message, errors or {}


def _invalid(field: str, message: str) -> NotifyError:
    return NotifyError("invalid", message, {field: [message]})


def _config(name: str) -> Any:
    return settings.FACTDESK[name]


# --- who may ---------------------------------------------------------------------------------------------


def can_manage(user: Actor) -> bool:
    """Editors and admins manage webhooks and chat channels; reviewers do not."""
    return role_of(user) in (EDITOR, ADMIN)


def _require_manager(actor: Actor) -> None:
    if not can_manage(actor):
        raise NotifyError("forbidden", _("Only editors and admins can manage webhooks and chat channels."))


# --- input ----------------------------------------------------------------------------------------------


def clean_events(chosen: Iterable[str] | None) -> list[str]:
    """The events chosen, each known, each once, in the documented order; at least one."""
    if chosen is None or isinstance(chosen, str | bytes):
        raise _invalid("events", _("Give a list of event names."))
    picked = [str(name) for name in chosen]
    unknown = sorted(set(picked) - set(events.NAMES))
    if unknown:
        raise _invalid(
            "events",
            _("Unknown event %(name)r: choose from %(names)s.")
            % {"name": unknown[0], "names": ", ".join(events.NAMES)},
        )
    if not picked:
        raise _invalid("events", _("Choose at least one event."))
    return [name for name in events.NAMES if name in picked]


def check_endpoint_url(url: str) -> str:
    """The URL as it will be called, or a refusal saying why: what the fetcher would refuse is refused now
    (not http(s), a user name in it, a host that does not resolve or resolves to a non-public address)."""
    url = strip_controls(url or "").strip()
    if not url:
        raise _invalid("url", _("Enter the address Factdesk should send events to."))
    if len(url) > MAX_URL:
        raise _invalid("url", _("The address is longer than %(max)s characters.") % {"max": MAX_URL})
    try:
        _scheme, host, port = fetch.check_url(url)
        fetch.resolve_public(host, port, allow_loopback=_config("ALLOW_LOOPBACK_FETCH"))
    except fetch.BlockedAddress:
        raise _invalid(
            "url", _("That address is not on the public internet, so Factdesk will not send events to it.")
        ) from None
    except fetch.FetchError as error:
        raise _invalid("url", str(error)) from None
    return url


def _description(text: str) -> str:
    text = strip_controls(text or "").strip()
    if len(text) > 200:
        raise _invalid("description", _("Keep the description under 200 characters."))
    return text


# --- endpoints ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    """A new endpoint and its signing secret: the only time the secret is handed out."""

    endpoint: WebhookEndpoint
    secret: str


def endpoint_register(*, actor: Actor, url: str, events: Iterable[str], description: str = "") -> Registered:
    _require_manager(actor)
    url = check_endpoint_url(url)
    chosen = clean_events(events)
    text = _description(description)
    secret = signing.new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            url=url, events=chosen, description=text, secret=secret, created_by=actor
        )
        record(action="webhook.register", actor=actor, target=endpoint, data={"url": url, "events": chosen})
    return Registered(endpoint=endpoint, secret=secret)


def _locked_endpoint(endpoint_id: int) -> WebhookEndpoint:
    try:
        return WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
    except (WebhookEndpoint.DoesNotExist, ValueError, TypeError):
        raise NotifyError("not_found", _("There is no webhook endpoint %(id)s.") % {"id": endpoint_id}) from None


def endpoint_delete(*, actor: Actor, endpoint_id: int) -> None:
    """Delete the endpoint and its deliveries; nothing more is sent to it (a queued delivery finds it gone)."""
    _require_manager(actor)
    with transaction.atomic():
        endpoint = _locked_endpoint(endpoint_id)
        record(action="webhook.delete", actor=actor, target=endpoint, data={"url": endpoint.url})
        endpoint.delete()


def endpoint_enable(*, actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    """Turn a disabled endpoint back on with a clean slate; deliveries not sent while it was off stay so."""
    _require_manager(actor)
    with transaction.atomic():
        endpoint = _locked_endpoint(endpoint_id)
        if endpoint.active:
            raise NotifyError("invalid_state", _("This endpoint is already active."))
        reason = endpoint.disabled_reason
        endpoint.active = True
        endpoint.consecutive_failures = 0
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.last_error = ""  # the audit event keeps why it was off; the list must not read as failing now
        endpoint.save(update_fields=["active", "consecutive_failures", "disabled_at", "disabled_reason", "last_error"])
        record(action="webhook.enable", actor=actor, target=endpoint, data={"was_disabled_because": reason})
    return endpoint


def endpoint_send_test(*, actor: Actor, endpoint_id: int) -> WebhookDelivery:
    """Queue a ``webhook.test`` event to this endpoint only (active or not: it is how a fix is checked)."""
    _require_manager(actor)
    with transaction.atomic():
        endpoint = _locked_endpoint(endpoint_id)
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=events.PING, payload=payloads.encode(payloads.ping())
        )
        record(action="webhook.test", actor=actor, target=endpoint, data={"delivery": str(delivery.delivery_id)})
        transaction.on_commit(lambda: _send(DELIVER_TASK, delivery.pk))
    return delivery


#: How far back "Resend what was missed" reaches: older events are rarely worth a partner's update.
RESEND_WITHIN = datetime.timedelta(days=7)


def endpoint_resend_missed(*, actor: Actor, endpoint_id: int) -> int:
    """Send again the deliveries of the last week that never got through (failed, or not sent while the
    endpoint was disabled), with their original delivery ids and bodies, so a receiver that did see one drops
    it. Only to an active endpoint: re-enable it first. Returns how many were queued."""
    _require_manager(actor)
    with transaction.atomic():
        endpoint = _locked_endpoint(endpoint_id)
        if not endpoint.active:
            raise NotifyError("invalid_state", _("Re-enable the endpoint first: nothing is sent to a disabled one."))
        missed = WebhookDelivery.objects.filter(
            endpoint=endpoint,
            status__in=[WebhookDelivery.Status.FAILED, WebhookDelivery.Status.CANCELLED],
            created_at__gte=timezone.now() - RESEND_WITHIN,
        ).exclude(event=events.PING)
        ids = list(missed.order_by("created_at", "id").values_list("pk", flat=True))
        if not ids:
            raise NotifyError("invalid_state", _("Nothing to resend: every delivery of the last week got through."))
        WebhookDelivery.objects.filter(pk__in=ids).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=None, error="", attempts=0
        )
        record(action="webhook.resend", actor=actor, target=endpoint, data={"deliveries": len(ids)})

        def send_all() -> None:
            for delivery_id in ids:
                _send(DELIVER_TASK, delivery_id)

        transaction.on_commit(send_all)
    return len(ids)


# --- chat channels --------------------------------------------------------------------------------------


def channel_save(
    *,
    actor: Actor,
    channel_id: int | None = None,
    name: str,
    url: str = "",
    events: Iterable[str],
    enabled: bool = True,
) -> ChatChannel:
    """Add a channel (``channel_id`` None) or change one; an empty ``url`` keeps the saved one."""
    _require_manager(actor)
    name = strip_controls(name or "").strip()
    if not name:
        raise _invalid("name", _("Give the channel a name the desk will recognise, e.g. “#factchecks on Slack”."))
    if len(name) > 100:
        raise _invalid("name", _("Keep the name under 100 characters."))
    chosen = clean_events(events)
    url = (url or "").strip()
    if url:
        if len(url) > 1000:
            raise _invalid("apprise_url", _("The URL is longer than 1,000 characters."))
        try:
            chat.check_url(url)
        except chat.ChatURLError as error:
            raise _invalid("apprise_url", str(error)) from None
    with transaction.atomic():
        if channel_id is None:
            if not url:
                raise _invalid("apprise_url", _("Enter the channel's apprise URL."))
            channel = ChatChannel.objects.create(
                name=name, apprise_url=url, events=chosen, enabled=enabled, created_by=actor
            )
            action = "chat.add"
        else:
            try:
                channel = ChatChannel.objects.select_for_update().get(pk=channel_id)
            except ChatChannel.DoesNotExist:
                raise NotifyError("not_found", _("There is no chat channel %(id)s.") % {"id": channel_id}) from None
            channel.name, channel.events, channel.enabled = name, chosen, enabled
            if url:
                channel.apprise_url = url
            channel.save()
            action = "chat.change"
        record(
            action=action,
            actor=actor,
            target=channel,
            data={"name": name, "events": chosen, "enabled": enabled, "url_changed": bool(url)},
        )
    return channel


def channel_delete(*, actor: Actor, channel_id: int) -> None:
    _require_manager(actor)
    with transaction.atomic():
        channel = ChatChannel.objects.select_for_update().filter(pk=channel_id).first()
        if channel is None:
            raise NotifyError("not_found", _("There is no chat channel %(id)s.") % {"id": channel_id})
        record(action="chat.delete", actor=actor, target=channel, data={"name": channel.name})
        channel.delete()


def channel_send_test(*, actor: Actor, channel_id: int) -> None:
    """Send a test message now, so the editor learns at once whether the URL works (apprise's own
    timeouts bound the wait); a failure is refused with what went wrong."""
    _require_manager(actor)
    if not ChatChannel.objects.filter(pk=channel_id).exists():
        raise NotifyError("not_found", _("There is no chat channel %(id)s.") % {"id": channel_id})
    if not chat_send(channel_id, payloads.ping()):
        channel = ChatChannel.objects.get(pk=channel_id)
        raise NotifyError("invalid", channel.last_error or _("The test message could not be sent."))


def chat_send(channel_id: int, payload: dict[str, Any]) -> bool:
    """Send one message to a channel (the chat task); the channel keeps the time, or the error, of the last."""
    channel = ChatChannel.objects.filter(pk=channel_id).first()
    if channel is None:
        return False
    try:
        chat.send(channel.apprise_url, chat.message(payload))
    except chat.ChatURLError as error:
        ChatChannel.objects.filter(pk=channel_id).update(last_error=str(error)[:500], last_error_at=timezone.now())
        logger.warning("chat channel %s: %s", channel_id, error)
        return False
    ChatChannel.objects.filter(pk=channel_id).update(last_sent_at=timezone.now(), last_error="")
    return True


# --- events ---------------------------------------------------------------------------------------------


def _send(task_name: str, *args: object) -> None:
    """Send a task by name; if the broker is down the delivery stays pending for the sweeper."""
    try:
        current_app.signature(task_name, args=args).delay()
    except Exception:  # noqa: BLE001 - any broker failure: the database still holds the work
        logger.warning("Could not enqueue %s%r; the sweeper will send it", task_name, args, exc_info=True)


def event_dispatch(payload: dict[str, Any]) -> list[int]:
    """One delivery per active endpoint subscribed to the event, and one chat message per channel; all
    sent after this commits. Returns the deliveries' ids."""
    event = payload["event"]
    body = payloads.encode(payload)
    with transaction.atomic():
        endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if e.wants(event)]
        created = [WebhookDelivery.objects.create(endpoint=e, event=event, payload=body) for e in endpoints]
        ids = [d.pk for d in created]
        channels = [c.pk for c in ChatChannel.objects.filter(enabled=True) if c.wants(event)]

        def send_all() -> None:
            for delivery_id in ids:
                _send(DELIVER_TASK, delivery_id)
            for channel_id in channels:
                _send(CHAT_TASK, channel_id, payload)

        transaction.on_commit(send_all)
    return ids


# --- one attempt ----------------------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> int:
    """Seconds before retry number ``attempt`` (1 = after the first failure): doubling from
    ``WEBHOOK_BACKOFF_SECONDS``, at most ``WEBHOOK_BACKOFF_MAX_SECONDS``."""
    base = int(_config("WEBHOOK_BACKOFF_SECONDS"))
    return int(min(base * 2 ** max(attempt - 1, 0), int(_config("WEBHOOK_BACKOFF_MAX_SECONDS"))))


@dataclass(frozen=True)
class Outcome:
    """How one attempt ended; ``retry_in`` is set when the task should try again after that many seconds."""

    status: str
    retry_in: int | None = None


def _answer_error(status: int) -> str:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "an unknown status"
    if 300 <= status < 400:
        return (
            f"The endpoint answered {status} {phrase} (a redirect). Factdesk does not follow redirects with a "
            "signed body: register the address it points to."
        )
    return f"The endpoint answered {status} {phrase}; it must answer 2xx to acknowledge an event."


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    """(status, error sentence or "", the start of the answer) of one POST."""
    body = delivery.payload.encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "*/*",
        signing.SIGNATURE_HEADER: signing.sign(endpoint.secret, body),
        signing.EVENT_HEADER: delivery.event,
        signing.DELIVERY_HEADER: str(delivery.delivery_id),
    }
    try:
        result = fetch.guarded_post(endpoint.url, body=body, headers=headers, timeout=_config("WEBHOOK_TIMEOUT"))
    except fetch.FetchError as error:
        return error.status, str(error), ""
    answer = strip_controls(result.body[:300].decode("utf-8", "replace"))
    if 200 <= result.status < 300:
        return result.status, "", answer
    return result.status, _answer_error(result.status), answer


def _disable(endpoint: WebhookEndpoint, error: str) -> None:
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = (
        f"Disabled after {endpoint.consecutive_failures} failed attempts in a row. The last: {error}"
    )[:500]
    record(
        action="webhook.disable",
        actor=None,
        target=endpoint,
        data={"failures": endpoint.consecutive_failures, "error": error[:500]},
    )


def _lease() -> datetime.timedelta:
    """How long a claimed attempt keeps others off: longer than any attempt can take (the fetch deadline)."""
    return datetime.timedelta(seconds=3 * float(_config("WEBHOOK_TIMEOUT")) + 30)


#: A message may run this many seconds before its delivery's ``next_attempt_at`` (clocks, Celery's countdown).
_EARLY_SLACK = 5


def delivery_attempt(delivery_id: int, *, can_retry: bool = True) -> Outcome:
    """Make one attempt at a delivery and write down how it went.

    Idempotent for at-least-once delivery: a delivery already delivered, given up or cancelled is left
    alone, one not due yet waits for its own message, and each attempt is claimed first (``sending_since``,
    set by one conditional UPDATE, a lease a dead worker's claim outlives by ``_lease()`` at most), so two
    copies of one message (a Redis redelivery of a long countdown, the sweeper) never POST at once. A failure
    is retried after ``backoff_seconds`` until ``WEBHOOK_MAX_ATTEMPTS`` (``can_retry`` False, without a worker
    to wait, makes it the last); every failure counts against the endpoint, which is disabled
    after ``WEBHOOK_DISABLE_AFTER`` failures in a row, with the reason. Any success resets the count.
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return Outcome("gone")
    if delivery.status not in (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING):
        return Outcome(delivery.status)
    if not delivery.endpoint.active and delivery.event != events.PING:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=WebhookDelivery.Status.CANCELLED,
            error="Not sent: the endpoint was disabled before this delivery's turn.",
            next_attempt_at=None,
        )
        return Outcome(WebhookDelivery.Status.CANCELLED)
    started = timezone.now()
    if delivery.next_attempt_at and delivery.next_attempt_at > started + datetime.timedelta(seconds=_EARLY_SLACK):
        return Outcome("not_due")
    free = Q(sending_since__isnull=True) | Q(sending_since__lt=started - _lease())
    claimed = (
        WebhookDelivery.objects.filter(free, pk=delivery_id)
        .filter(status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING])
        .update(sending_since=started, attempts=F("attempts") + 1, last_attempt_at=started)
    )
    if not claimed:
        return Outcome("taken")

    clock = time.monotonic()
    code, error, answer = _post(delivery.endpoint, delivery)
    entry = {
        "at": started.isoformat(),
        "status": code,
        "error": error,
        "ms": round((time.monotonic() - clock) * 1000),
        "answer": answer,
    }
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        delivery.attempt_log = [*delivery.attempt_log, entry]
        delivery.sending_since = None
        delivery.response_code = code
        delivery.error = error[:500]
        delivery.last_attempt_at = started
        retry_in = None
        if not error:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            endpoint.consecutive_failures = 0
            endpoint.last_success_at = delivery.delivered_at
            endpoint.last_error = ""
        else:
            endpoint.consecutive_failures += 1
            endpoint.last_error = error[:500]
            if endpoint.active and endpoint.consecutive_failures >= int(_config("WEBHOOK_DISABLE_AFTER")):
                _disable(endpoint, error)
            more = can_retry and endpoint.active and delivery.attempts < int(_config("WEBHOOK_MAX_ATTEMPTS"))
            if more:
                retry_in = backoff_seconds(delivery.attempts)
                delivery.status = WebhookDelivery.Status.RETRYING
                delivery.next_attempt_at = started + datetime.timedelta(seconds=retry_in)
            else:
                delivery.status = WebhookDelivery.Status.FAILED
                delivery.next_attempt_at = None
        delivery.save()
        endpoint.save(
            update_fields=[
                "consecutive_failures",
                "last_success_at",
                "last_error",
                "active",
                "disabled_at",
                "disabled_reason",
            ]
        )
    return Outcome(delivery.status, retry_in)


def deliveries_resend_due(*, older_than: int = 300, limit: int = 500) -> int:
    """Send again the deliveries whose message was lost (a broker restart, a worker killed between
    retries): pending or retrying, and due more than ``older_than`` seconds ago. Safe to run at any time:
    a delivery sent twice is still attempted once per message, and receivers dedupe on its id."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    due = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING]
    ).filter(
        # A pending delivery has no next attempt yet: it counts from its creation.
        next_attempt_at__lt=cutoff
    ) | WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__isnull=True, created_at__lt=cutoff
    )
    ids = list(due.order_by("id").values_list("pk", flat=True)[:limit])
    for delivery_id in ids:
        _send(DELIVER_TASK, delivery_id)
    return len(ids)
