"""The public search's first step reads at most ``most`` ids of live fact-checks through the GIN index.

``verdict_search_ids(query)`` (``0006``) returned every fact-check with an address whose document matched, so a
common word at a million claims read and sorted tens of thousands of rows for a page of twenty. The public
index now reads a few more than it would sort (``factcheck.publishing.search``): up to ``most`` ids (``NULL``:
all), of fact-checks with an address that are not retracted (a retraction stamps ``retracted_at``; the public
selectors still check the claim's state). Sequential and plain index scans stay off inside, as before, and the
matches are planned as a whole (a materialized CTE, read only as far as the limit): planned for the limit, a word
the planner guesses common would be looked for by reading every fact-check with an address, one by one.

Written out here, not imported from the application. PostgreSQL only.
"""

from django.db import migrations

OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION verdict_search_ids(query tsquery) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off SET enable_indexscan = off AS $$
    SELECT id FROM verdicts_verdict WHERE slug IS NOT NULL AND search_vector @@ query
$$
"""
NEW_FUNCTION = """
CREATE OR REPLACE FUNCTION verdict_search_ids(query tsquery, most integer) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off SET enable_indexscan = off AS $$
    WITH found AS MATERIALIZED (
        SELECT id, retracted_at FROM verdicts_verdict WHERE slug IS NOT NULL AND search_vector @@ query
    )
    SELECT id FROM found WHERE retracted_at IS NULL LIMIT most
$$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS verdict_search_ids(tsquery)")
        schema_editor.execute(NEW_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS verdict_search_ids(tsquery, integer)")
        schema_editor.execute(OLD_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("verdicts", "0009_search_document_function"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
