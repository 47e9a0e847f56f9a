"""Sentence embeddings (384 signed bytes) stored with claims and archived fact-checks, for matching."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0007_claim_queue_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="archivedfactcheck",
            name="embedding",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="embedding",
            field=models.BinaryField(blank=True, null=True),
        ),
    ]
