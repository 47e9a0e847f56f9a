"""Workflow records: the append-only audit log, reviewer availability and panel votes."""
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("Audit events are append-only; they cannot be updated.")

    def delete(self):
        raise AuditLogImmutable("Audit events are append-only; they cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what to which object, from which state to which, and why.

    The actor and the object acted on are kept apart (Zulip's RealmAuditLog); a null actor is the system.
    ``claim`` is denormalised so a claim's whole history is one indexed query.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60, db_index=True, help_text='Namespaced, e.g. "claim.assign".')
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target")]
        # The database itself refuses to rewrite history (raw SQL, psql, another service), on PostgreSQL.
        # One change is let through: a reference set to NULL when the user or claim it names is deleted
        # (Django's SET_NULL is an UPDATE); the event, and every other column, stays as written. TRUNCATE
        # (``manage.py flush``, test teardown) fires no row trigger, so it still works.
        triggers = [
            pgtrigger.Protect(name="audit_append_only_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="audit_append_only_update",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "((to_jsonb(OLD.*) - 'actor_id' - 'claim_id') IS DISTINCT FROM"
                    " (to_jsonb(NEW.*) - 'actor_id' - 'claim_id')"
                    " OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)"
                    " OR (NEW.claim_id IS NOT NULL AND NEW.claim_id IS DISTINCT FROM OLD.claim_id))"
                ),
            ),
        ]

    def __str__(self) -> str:
        who = self.actor or "system"
        return f"{self.created_at:%Y-%m-%d %H:%M} {who}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogImmutable("Audit events are append-only; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("Audit events are append-only; they cannot be deleted.")


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
            models.UniqueConstraint(
                fields=["verdict", "editor", "verdict_version"], name="panel_vote_once_per_version"
            )
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
