"""Workflow records: reviewer availability, panel votes, published revisions and saved queue views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from factcheck.audit.models import AuditLogImmutable


class ReviewerProfile(models.Model):
    """Availability for auto-assignment: an unavailable reviewer gets no new claims."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile")
    available = models.BooleanField(default=True)
    unavailable_until = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({'available' if self.available else 'unavailable'})"


class PanelVote(models.Model):
    """One editor's rating vote on a submitted verdict when sign-off is by panel."""

    verdict = models.ForeignKey("verdicts.Verdict", on_delete=models.CASCADE, related_name="panel_votes")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.ForeignKey("verdicts.Rating", on_delete=models.PROTECT, related_name="+")
    verdict_version = models.PositiveIntegerField(help_text="The draft version voted on; a revision resets votes.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["verdict", "editor", "verdict_version"], name="panel_vote_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.editor} votes {self.rating} on verdict {self.verdict_id}"


class VerdictRevision(models.Model):
    """The public content of a verdict as it stood after each publish, correction or retraction.

    Corrections overwrite the verdict row (readers see the current text plus the corrections log), so
    this is what keeps every published version retrievable for editors. Append-only like the audit log.
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", "Published"
        CORRECT = "correct", "Corrected"
        RETRACT = "retract", "Retracted"

    verdict = models.ForeignKey("verdicts.Verdict", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first publication, then one per public change.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    snapshot = models.JSONField(help_text="Headline, summary, explanation, rating, evidence as published.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["verdict", "number"]
        constraints = [models.UniqueConstraint(fields=["verdict", "number"], name="verdict_revision_unique_number")]

    def __str__(self) -> str:
        return f"Revision {self.number} ({self.get_kind_display()}) of verdict {self.verdict_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogImmutable("Published revisions are append-only; they cannot be changed.")
        super().save(*args, **kwargs)


class SavedQueueView(models.Model):
    """A person's named view of the claim queue: the queue page's query string (filters, search,
    ordering), shown in the queue's sidebar. Private to its owner; one name per person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queue_views")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True, help_text="The queue's query string, without a page.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_queue_view_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class DeskPreference(models.Model):
    """A desk user's own interface language and time zone (the desk's "My settings" page).

    Blank means "not chosen": the language then follows the switch or the browser, the time zone the
    site's ``TIME_ZONE``. Kept apart from ``ReviewerProfile``, which is about reviewers' availability,
    since every desk user (editors and admins too) has preferences.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_preference")
    language = models.CharField(_("interface language"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("desk preference")
        verbose_name_plural = _("desk preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'} {self.time_zone or '-'}"
