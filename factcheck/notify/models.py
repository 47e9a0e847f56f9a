"""Where notifications go (webhook endpoints, chat channels) and what was sent (webhook deliveries).

Rows are written by ``factcheck.notify.services`` only: registration checks the address as the fetcher
would, deliveries are created from events and updated by the sending task, and an endpoint is disabled by
the task after too many failures in a row, with the reason, for the desk to see.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEndpoint(models.Model):
    """A partner's HTTPS address that receives signed JSON for the events it subscribed to."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list, help_text=_("Event names this endpoint receives."))
    # HMAC needs the secret itself, so it is kept (never shown again after registration: the admin and the
    # API show only its first characters).
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=500, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_success_at = models.DateTimeField(_("last delivered"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    @property
    def secret_hint(self) -> str:
        """Enough of the secret to tell two apart, never enough to sign with."""
        return f"{self.secret[:10]}…" if self.secret else ""

    def wants(self, event: str) -> bool:
        return event in (self.events or [])


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint; every attempt is appended to ``attempt_log``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will retry")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed, no more retries")
        CANCELLED = "cancelled", _("Not sent: endpoint disabled")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40)
    #: Sent as ``Factdesk-Delivery``; the same on every retry, so receivers can drop a repeat.
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    #: The exact JSON body, so every attempt sends the same bytes.
    payload = models.TextField(_("payload"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    response_code = models.PositiveSmallIntegerField(_("last response code"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    attempt_log = models.JSONField(_("attempts made"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    #: Set while an attempt is on the wire (a lease): another copy of the task leaves the delivery alone.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notify_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.delivery_id})"


class ChatChannel(models.Model):
    """A chat room (Slack, Teams, Mattermost, … through apprise) that is told of the events it follows."""

    name = models.CharField(_("name"), max_length=100)
    # Holds the chat service's token: shown only masked after saving (``services.masked_url``).
    apprise_url = models.CharField(_("apprise URL"), max_length=1000)
    events = models.JSONField(_("events"), default=list)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_sent_at = models.DateTimeField(_("last message sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return event in (self.events or [])
