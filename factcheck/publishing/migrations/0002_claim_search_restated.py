"""Once: rebuilt the claim-side public search index over the restated claim. Now nothing (see ``0001``;
``0003`` drops the index where this migration built it)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("publishing", "0001_search_indexes"),
        ("claims", "0003_claim_restatement_and_origin"),
    ]

    operations = []
