"""GIN indexes for the public search (``factcheck.publishing.search``), on public rows only. PostgreSQL only."""
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from factcheck.publishing import search


def indexes():
    return [
        ("verdicts", "Verdict", GinIndex(search.verdict_document(), name="verdict_public_search",
                                         condition=search.PUBLIC_VERDICT)),
        ("claims", "Claim", GinIndex(search.claim_document(), name="claim_public_search",
                                     condition=search.PUBLIC_CLAIM)),
    ]


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for app, model, index in indexes():
            schema_editor.add_index(apps.get_model(app, model), index)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for app, model, index in indexes():
            schema_editor.remove_index(apps.get_model(app, model), index)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0002_claim_search_index"),
        ("verdicts", "0001_initial"),
    ]

    operations = [migrations.RunPython(add, remove, elidable=False)]
