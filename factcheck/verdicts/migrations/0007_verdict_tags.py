"""The fact-checks' public tags.

They live in django-taggit's own table (``taggit.TaggedItem``, a generic relation), so nothing changes in
``verdicts_verdict``: the field is added to the model state only. Letting the schema editor "add" it would
make SQLite rebuild the verdicts table from the model state, whose PostgreSQL-only GIN index SQLite refuses.
"""

import taggit.managers
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("verdicts", "0006_verdict_search_vector"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="verdict",
                    name="tags",
                    field=taggit.managers.TaggableManager(
                        blank=True,
                        help_text="The fact-check's public tags.",
                        through="taggit.TaggedItem",
                        to="taggit.Tag",
                        verbose_name="Tags",
                    ),
                ),
            ],
        ),
    ]
