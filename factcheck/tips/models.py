"""What readers send: a claim to check (``Tip``) and a mistake in a published fact-check (``ErrorReport``).

Nothing here knows who sent it beyond what the reader chose to give (an email address, for an answer): no
address of the sender is stored. Rate limits count senders in the cache (``factcheck.tips.limits``).
Rows are written by the intake (``factcheck.tips.services``, ``workflows.services.tips``) and resolved by
``workflows.services.reports``; nothing happens in ``save()``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where the reader sent it from."""

    WEB = "web", _("Public site")
    API = "api", _("API")


class Tip(models.Model):
    """A claim a reader asks us to check. It becomes a claim in the queue (origin "reader tip"); until then
    ``claim`` is empty and the sweeper keeps trying (``workflows.tip_tasks``)."""

    claim_text = models.TextField(_("claim"))
    seen_at = models.CharField(_("where it was seen"), max_length=2000, help_text=_("A web address or a description."))
    contact_email = models.EmailField(_("contact email"), max_length=254, blank=True)
    # The reader agreed to be written to at ``contact_email`` about this tip (no email: nothing to agree to).
    consent = models.BooleanField(_("agreed to be contacted"), default=False)
    channel = models.CharField(max_length=8, choices=Channel, default=Channel.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    claim = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tips",
        verbose_name=_("claim it became"),
    )
    # Why the tip could not become a claim yet (the sweeper tries again); empty when all is well.
    problem = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reader tip")
        verbose_name_plural = _("reader tips")
        indexes = [models.Index(fields=["claim", "created_at"], name="tip_pending")]

    def __str__(self) -> str:
        return self.claim_text[:80]


class ErrorReport(models.Model):
    """A reader's report of a mistake in a published fact-check, open until an editor resolves it with a
    correction or with "no change" and the reason."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Resolution(models.TextChoices):
        CORRECTION = "correction", _("Corrected")
        NO_CHANGE = "no_change", _("No change")

    verdict = models.ForeignKey(
        "verdicts.Verdict", on_delete=models.CASCADE, related_name="error_reports", verbose_name=_("fact-check")
    )
    message = models.TextField(_("what is wrong"))
    evidence_url = models.URLField(_("evidence"), max_length=2000, blank=True)
    contact_email = models.EmailField(_("contact email"), max_length=254, blank=True)
    channel = models.CharField(max_length=8, choices=Channel, default=Channel.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State, default=State.OPEN)
    resolution = models.CharField(max_length=12, choices=Resolution, blank=True)
    correction = models.ForeignKey(
        "verdicts.Correction", null=True, blank=True, on_delete=models.PROTECT, related_name="error_reports"
    )
    # "No change": why the fact-check stands (required); a correction: an optional word for the reader.
    reason = models.TextField(_("reason"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # When the one message to the reader went out; empty: not yet (or no address to send it to).
    reader_notified_at = models.DateTimeField(_("reader told"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        indexes = [models.Index(fields=["state", "created_at"], name="errorreport_state")]
        constraints = [
            models.CheckConstraint(
                name="errorreport_resolution_matches_state",
                condition=(Q(state="open", resolution="", resolved_at__isnull=True, correction__isnull=True))
                | (Q(state="resolved", resolution="correction", correction__isnull=False, resolved_at__isnull=False))
                | (Q(state="resolved", resolution="no_change", resolved_at__isnull=False) & ~Q(reason="")),
            ),
        ]

    def __str__(self) -> str:
        return self.message[:80]
