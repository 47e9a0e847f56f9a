"""What an editor adds to a claim: the claim as the desk checks it, when and where it was made, and how it came.

No backfill: an empty ``claim_reviewed`` means "the sentence as it appeared" (``Claim.reviewed_text``), so
existing claims read the same without a copy of their text, and extraction keeps storing only the sentence.
Every existing claim was found by extraction, which is the default ``origin``.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0002_claim_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='appearance_url',
            field=models.URLField(blank=True, help_text='Where the claim appeared (a post, a broadcast page), http(s) only.', max_length=2000, verbose_name='where it appeared'),
        ),
        migrations.AddField(
            model_name='claim',
            name='claim_date',
            field=models.DateField(blank=True, help_text='When the claim was made; empty: unknown.', null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='claim_reviewed',
            field=models.TextField(blank=True, help_text='The claim as the desk checks and publishes it, self-contained; empty: the sentence.', verbose_name='claim as checked'),
        ),
        migrations.AddField(
            model_name='claim',
            name='origin',
            field=models.CharField(choices=[('extracted', 'Extracted'), ('manual', 'Added by an editor')], default='extracted', max_length=12),
        ),
        migrations.AddField(
            model_name='claim',
            name='source_description',
            field=models.CharField(blank=True, help_text='Where a typed claim came from, in words (a broadcast, a social post).', max_length=500),
        ),
        migrations.AddField(
            model_name='claim',
            name='source_url',
            field=models.URLField(blank=True, help_text='Where a typed claim came from.', max_length=2000, verbose_name='source URL'),
        ),
    ]
