"""Draft history: one row per save of a verdict draft (``DraftRevision``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('verdicts', '0004_default_rating_scale'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DraftRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(help_text='The verdict version this save made.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('rating_label', models.CharField(blank=True, max_length=60)),
                ('headline', models.CharField(blank=True, max_length=300)),
                ('summary', models.TextField(blank=True)),
                ('explanation', models.TextField(blank=True, help_text='Sanitized HTML, as saved.')),
                ('changed', models.JSONField(blank=True, default=list, help_text='The fields this save changed.')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rating', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='verdicts.rating')),
                ('verdict', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='draft_revisions', to='verdicts.verdict')),
            ],
            options={
                'ordering': ['verdict', '-number'],
                'constraints': [models.UniqueConstraint(fields=('verdict', 'number'), name='draft_revision_once')],
            },
        ),
    ]
