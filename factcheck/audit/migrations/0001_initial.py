"""The audit log moves from the workflow app to its own, without touching a row.

The table stays where it is (``workflows_auditevent``): this app only takes the model into its state
(``SeparateDatabaseAndState``), re-points the model's content type, so its permissions (and the role groups
holding them) follow the new app label, and installs the append-only triggers under this app's names. The
workflow app's ``0006`` then drops its own copies of the triggers and lets go of the model. A fresh
database gets the table from ``workflows/0001`` and arrives at the same end.
"""
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, *, old: str, new: str) -> None:
    """The model's content type (and so its permissions) goes with it; a stale duplicate is dropped."""
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    moving = content_types.filter(app_label=old, model="auditevent")
    if content_types.filter(app_label=new, model="auditevent").exists():
        moving.delete()  # made by a ``migrate`` that ran between the two: its permissions are made again
    else:
        moving.update(app_label=new)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, old="workflows", new="audit")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, old="audit", new="workflows")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("workflows", "0005_savedqueueview"),
        ("claims", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("action", models.CharField(db_index=True, help_text='Namespaced, e.g. "claim.assign".',
                                                    max_length=60)),
                        ("object_id", models.CharField(max_length=64)),
                        ("from_state", models.CharField(blank=True, max_length=20)),
                        ("to_state", models.CharField(blank=True, max_length=20)),
                        ("note", models.TextField(blank=True)),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                    to=settings.AUTH_USER_MODEL)),
                        ("claim", models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.SET_NULL,
                                                    related_name="audit_events", to="claims.claim")),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                           related_name="+", to="contenttypes.contenttype")),
                    ],
                    options={
                        "db_table": "workflows_auditevent",
                        "ordering": ["created_at", "id"],
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="audit_target")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
        # The same append-only triggers as workflows/0004, named after this app (PostgreSQL only).
        pgtrigger.migrations.AddTrigger(
            model_name="auditevent",
            trigger=pgtrigger.compiler.Trigger(name="audit_append_only_delete", sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash="5226553e856ce8b90f1698c7eab2d3c5fc84b39a", operation="DELETE", pgid="pgtrigger_audit_append_only_delete_973be", table="workflows_auditevent", when="BEFORE")),  # noqa: E501
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="auditevent",
            trigger=pgtrigger.compiler.Trigger(name="audit_append_only_update", sql=pgtrigger.compiler.UpsertTriggerSql(condition="WHEN ((to_jsonb(OLD.*) - 'actor_id' - 'claim_id') IS DISTINCT FROM (to_jsonb(NEW.*) - 'actor_id' - 'claim_id') OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id) OR (NEW.claim_id IS NOT NULL AND NEW.claim_id IS DISTINCT FROM OLD.claim_id))", func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash="a100d8d3140d1bc6d1c8b2d2e7d65bbdae38eb8c", operation="UPDATE", pgid="pgtrigger_audit_append_only_update_a3de6", table="workflows_auditevent", when="BEFORE")),  # noqa: E501
        ),
    ]
