"""The audit log now belongs to the ``audit`` app (``factcheck.audit``; see its ``0001``).

Its table and rows stay as they are: this drops the workflow app's copies of the append-only triggers (the
audit app installed the same ones under its own names first, so the table is never unguarded) and takes
the model out of this app's state only.
"""
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0005_savedqueueview"),
        ("audit", "0001_initial"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="auditevent", name="audit_append_only_delete"),
        pgtrigger.migrations.RemoveTrigger(model_name="auditevent", name="audit_append_only_update"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
