"""The public search's claim-side index (``claim_public_search``) rebuilt over the claim as the desk restated
it as well as the sentence as it appeared (``search.claim_document``), so readers find a fact-check by the
words they read on it. PostgreSQL only.

``0001`` builds its indexes from ``search`` as it is now, so on a new database the index already has this
shape and is simply rebuilt; an existing one gets the new expression, which the query must match exactly.
"""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from factcheck.publishing import search

NAME = "claim_public_search"


def _rebuild(apps, schema_editor, document) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')
        index = GinIndex(document, name=NAME, condition=search.PUBLIC_CLAIM)
        schema_editor.add_index(apps.get_model("claims", "Claim"), index)


def forwards(apps, schema_editor):
    _rebuild(apps, schema_editor, search.claim_document())


def backwards(apps, schema_editor):
    """The expression the code before this migration queries."""
    old = (SearchVector("text", weight="A", config=search.CONFIG)
           + SearchVector("speaker", weight="B", config=search.CONFIG))
    _rebuild(apps, schema_editor, old)


class Migration(migrations.Migration):

    dependencies = [
        ("publishing", "0001_search_indexes"),
        ("claims", "0003_claim_restatement_and_origin"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
