"""Once: GIN indexes on the verdicts and claims tables for the public search. Now nothing.

The public app has no tables, and the indexes of the search belong to the tables they index: the stored
search documents of ``claims/0005`` and ``verdicts/0006`` replaced them. A database this migration already
built them on has them dropped by ``0003``; a new one never gets them.
"""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0002_claim_search_index"),
        ("verdicts", "0001_initial"),
    ]

    operations = []
