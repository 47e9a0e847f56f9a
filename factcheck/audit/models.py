"""The audit log: append-only at the model, the queryset and (on PostgreSQL) the database itself."""

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
        # The table keeps the name it had in the workflow app, where the log began (see audit/0001).
        db_table = "workflows_auditevent"
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
