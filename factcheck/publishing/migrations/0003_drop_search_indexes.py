"""Drop the expression indexes that ``0001``/``0002`` once built on other apps' tables, where they exist (a
database migrated before those became empty); a new database has none, and ``IF EXISTS`` makes this a no-op.
The stored documents of ``claims/0005`` and ``verdicts/0006`` serve the public search now.

Not reversed: the code that read those indexes is gone with them.
"""
from django.db import migrations

OLD_INDEXES = ("verdict_public_search", "claim_public_search")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in OLD_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("publishing", "0002_claim_search_restated"),
        ("claims", "0005_claim_search_vector"),
        ("verdicts", "0006_verdict_search_vector"),
    ]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop, elidable=False)]
