"""A claim's language and how its score was reached; a reader's tip as a third origin.

On SQLite, adding a column with a default makes Django rebuild the table from the model state, which has the
PostgreSQL-only GIN index (``claims/0005``): SQLite refuses its ``WITH`` clause. SQLite adds these columns in
place instead (``ALTER TABLE ... ADD COLUMN ... DEFAULT ''``), which it supports; PostgreSQL uses Django's
own ``add_field``. The model state is the same on both.
"""

from django.db import migrations, models

COLUMNS = {
    "language": models.CharField(blank=True, help_text="The claim's language; empty: the article's.", max_length=12),
    "score_basis": models.CharField(
        blank=True, help_text="Empty: the model's score; 'figures': a figures-based score.", max_length=12
    ),
}


def add_columns(apps, schema_editor):
    claim = apps.get_model("claims", "Claim")
    for name, field in COLUMNS.items():
        field = field.clone()
        field.set_attributes_from_name(name)
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"ALTER TABLE claims_claim ADD COLUMN {name} varchar(12) NOT NULL DEFAULT ''")
        else:
            schema_editor.add_field(claim, field)


def remove_columns(apps, schema_editor):
    claim = apps.get_model("claims", "Claim")
    for name, field in COLUMNS.items():
        field = field.clone()
        field.set_attributes_from_name(name)
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"ALTER TABLE claims_claim DROP COLUMN {name}")
        else:
            schema_editor.remove_field(claim, field)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_match_embeddings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, remove_columns, elidable=False)],
            state_operations=[
                migrations.AddField(model_name="claim", name=name, field=field) for name, field in COLUMNS.items()
            ],
        ),
        migrations.AlterField(
            model_name="claim",
            name="origin",
            field=models.CharField(
                choices=[("extracted", "Extracted"), ("manual", "Added by an editor"), ("tip", "Reader tip")],
                default="extracted",
                max_length=12,
            ),
        ),
    ]
