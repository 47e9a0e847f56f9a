"""An index for searching a desk of 100,000s of claims (measured by `make bench`).

- ``claim_search``: the API's claim search (``factcheck.api.filters.ClaimFilter.filter_q``) matches
  ``setweight(to_tsvector(text), 'A') || ... speaker 'B' || ... context 'C'`` against a web-search query; a
  GIN index on that very expression turns a sequential scan that re-parses every claim into an index scan.
  PostgreSQL only (SQLite searches with LIKE).

There is deliberately no index on the queue's order (priority, -score, id) over all states: with one, the
planner walks it and computes the search expression row by row until a page is full (~80 us a row, 130 ms
for a common word at 100,000 claims) instead of reading the GIN index (5 ms); sorting the unfiltered queue
for the admin costs ~40 ms at that size.
"""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def claim_search_index() -> GinIndex:
    return GinIndex(
        SearchVector("text", weight="A", config="english")
        + SearchVector("speaker", weight="B", config="english")
        + SearchVector("context", weight="C", config="english"),
        name="claim_search",
    )


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), claim_search_index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), claim_search_index())


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_search_index, remove_search_index, elidable=False),
    ]
