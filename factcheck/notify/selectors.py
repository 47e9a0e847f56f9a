"""Reads for the desk and the API: endpoints and channels as the desk lists them, what needs attention
(disabled endpoints, failing channels) and an endpoint's recent deliveries."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from factcheck.actor import Actor

from . import events
from .models import ChatChannel, WebhookDelivery, WebhookEndpoint
from .services import RESEND_WITHIN, NotifyError, can_manage


def endpoints(actor: Actor) -> QuerySet[WebhookEndpoint]:
    """Every endpoint, newest first, for an editor or an admin; anyone else is refused."""
    if not can_manage(actor):
        raise NotifyError("forbidden", gettext("Only editors and admins can see webhooks."))
    return WebhookEndpoint.objects.select_related("created_by").order_by("-created_at", "-id")


def disabled_endpoints() -> QuerySet[WebhookEndpoint]:
    """Endpoints the sender turned off after failures in a row, most recent first."""
    return WebhookEndpoint.objects.filter(active=False).order_by("-disabled_at", "-id")


def failing_channels() -> QuerySet[ChatChannel]:
    """Enabled chat channels whose last message failed."""
    return ChatChannel.objects.filter(enabled=True).exclude(last_error="").order_by("name", "id")


def needs_attention(actor: Actor) -> dict[str, list]:
    """What the desk's home page warns an editor about; nothing for those who cannot act on it."""
    if not can_manage(actor):
        return {"endpoints": [], "channels": []}
    return {"endpoints": list(disabled_endpoints()[:10]), "channels": list(failing_channels()[:10])}


def recent_deliveries(endpoint_id: int, *, limit: int = 20) -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.filter(endpoint_id=endpoint_id).order_by("-created_at", "-id")[:limit])


def missed_count(endpoint_id: int) -> int:
    """Deliveries of the last week that never got through: what "Resend what was missed" would send."""
    return (
        WebhookDelivery.objects.filter(
            endpoint_id=endpoint_id,
            status__in=[WebhookDelivery.Status.FAILED, WebhookDelivery.Status.CANCELLED],
            created_at__gte=timezone.now() - RESEND_WITHIN,
        )
        .exclude(event=events.PING)
        .count()
    )
