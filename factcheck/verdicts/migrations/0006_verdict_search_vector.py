"""The public fact-check's stored search document (``Verdict.search_vector``), written by a trigger on the
verdicts table over the headline, summary and explanation and the readable part of the claim's document
(``claims/0005``), with a GIN index on fact-checks that have a public address (PostgreSQL only; the model
state has it everywhere). Replaces ``publishing``'s expression indexes, which ``publishing/0003`` drops.

Written out here, not imported from the application."""
import pgtrigger.compiler
import pgtrigger.migrations
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations
from django.db.models import Q

SEARCH_INDEX = GinIndex(fields=["search_vector"], name="verdict_search_vector", condition=Q(slug__isnull=False),
                        gin_pending_list_limit=256)


# The public search (``factcheck.publishing.search``): ids of fact-checks with an address whose document matches,
# through the GIN index whatever the planner guesses of the words.
SEARCH_IDS_FUNCTION = """
CREATE OR REPLACE FUNCTION verdict_search_ids(query tsquery) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off SET enable_indexscan = off AS $$
    SELECT id FROM verdicts_verdict WHERE slug IS NOT NULL AND search_vector @@ query
$$
"""


def add_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_IDS_FUNCTION)


def remove_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS verdict_search_ids(tsquery)")


def backfill(apps, schema_editor):
    """Existing verdicts: clearing the document makes the trigger compute it."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("UPDATE verdicts_verdict SET search_vector = NULL")


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("verdicts", "Verdict"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("verdicts", "Verdict"), SEARCH_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0005_claim_search_vector"),
        ("verdicts", "0005_draftrevision"),
    ]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="verdict",
            trigger=pgtrigger.compiler.Trigger(name='verdict_search_document', sql=pgtrigger.compiler.UpsertTriggerSql(func="NEW.search_vector := setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.headline, '')), 'A') || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.summary, '')), 'B') || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.explanation, '')), 'C') || setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches(concat_ws(' ', NEW.headline, NEW.summary, NEW.explanation), '([€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%)', 'g') AS m)), 'C') || COALESCE((SELECT ts_filter(search_vector, '{a,b,c}') FROM claims_claim WHERE id = NEW.claim_id), ''::tsvector); RETURN NEW;", hash='5cbb7e36fd39d843dd5320140e655111c8b7c370', operation='INSERT OR UPDATE OF "headline", "summary", "explanation", "claim_id", "search_vector"', pgid='pgtrigger_verdict_search_document_b2b19', table='verdicts_verdict', when='BEFORE')),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="verdict", index=SEARCH_INDEX)],
            database_operations=[migrations.RunPython(add_search_index, remove_search_index, elidable=False)],
        ),
        migrations.RunPython(add_function, remove_function, elidable=False),
    ]
