"""The desk's topic list (``Topic``), topics on claims (``ClaimTopic``: suggested, accepted, rejected) and the
claims' free tags.

The tags live in django-taggit's own table (``taggit.TaggedItem``, a generic relation), so adding them
changes nothing in ``claims_claim``: the field is added to the model state only. Letting the schema editor
"add" it would make SQLite rebuild the claims table from the model state, whose PostgreSQL-only GIN index
SQLite refuses (see ``0009``).
"""

import django.db.models.deletion
import django.utils.timezone
import taggit.managers
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_claim_language_and_tip_origin"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, unique=True, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        help_text="Its address: /topics/<slug>/.", max_length=80, unique=True, verbose_name="slug"
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True, help_text="Shown on the topic's public page.", verbose_name="description"
                    ),
                ),
                (
                    "keywords",
                    models.TextField(
                        blank=True,
                        help_text="Words and phrases that suggest this topic, one a line or separated by commas. Capitals (NHS) match only in capitals; a trailing * matches any ending (immigra*).",
                        verbose_name="keywords",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ["name"],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="claim",
                    name="tags",
                    field=taggit.managers.TaggableManager(
                        blank=True,
                        help_text="The desk's free tags for this claim.",
                        through="taggit.TaggedItem",
                        to="taggit.Tag",
                        verbose_name="Tags",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="ClaimTopic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[("suggested", "Suggested"), ("accepted", "Accepted"), ("rejected", "Rejected")],
                        default="suggested",
                        max_length=10,
                    ),
                ),
                ("score", models.FloatField(blank=True, help_text="How strongly extraction suggested it.", null=True)),
                ("matched", models.JSONField(blank=True, default=list, help_text="The keywords extraction found.")),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="topic_links", to="claims.claim"
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="claim_links", to="claims.topic"
                    ),
                ),
            ],
            options={
                "ordering": ["topic__name"],
                "indexes": [models.Index(fields=["topic", "status"], name="claim_topic_by_topic")],
                "constraints": [models.UniqueConstraint(fields=("claim", "topic"), name="claim_topic_unique")],
            },
        ),
    ]
