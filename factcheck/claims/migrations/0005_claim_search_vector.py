"""The claim's stored search document (``Claim.search_vector``), written by a trigger on the claims table over
the claim as restated and as it appeared, its speaker, its article's title and its context, with a GIN index;
an index on the API's order (priority, -score, id) that a search with many matches walks; and the function
``claim_search_ids`` that reads matching ids through the GIN index (sequential and plain index scans off, so
whatever the planner guesses of the words it reads the index). The document also stores the figures of the
text as written ("60%", "€500,000"), which the parser would split or strip.

``claims/0002``'s expression index (``claim_search``) is dropped: the search reads the stored column now.
Going back rebuilds it. The GIN index exists on PostgreSQL only (the model state has it everywhere, so
``makemigrations`` sees it); on SQLite the column stays empty and the search reads the text fields.

Everything this migration builds is written out here, not imported from the application, so later changes
to the search cannot change what this migration did.
"""
import pgtrigger.compiler
import pgtrigger.migrations
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

SEARCH_INDEX = GinIndex(fields=["search_vector"], name="claim_search_vector", gin_pending_list_limit=256)
OLD_EXPRESSION_INDEX = (
    "CREATE INDEX IF NOT EXISTS claim_search ON claims_claim USING gin (("
    "setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(speaker, '')::text), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(context, '')), 'C')))"
)


# The desk search's first step (``factcheck.claims.search.matching_claim_ids``): matching ids through the index.
SEARCH_IDS_FUNCTION = """
CREATE OR REPLACE FUNCTION claim_search_ids(query tsquery, most integer) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off SET enable_indexscan = off AS $$
    SELECT id FROM claims_claim WHERE search_vector @@ query LIMIT most
$$
"""


def on_postgresql(sql_forwards, sql_backwards=None):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql" and sql_forwards:
            schema_editor.execute(sql_forwards)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql" and sql_backwards:
            schema_editor.execute(sql_backwards)

    return migrations.RunPython(forwards, backwards, elidable=False)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), SEARCH_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0004_match_dismissal"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claim",
            trigger=pgtrigger.compiler.Trigger(name='claim_search_document', sql=pgtrigger.compiler.UpsertTriggerSql(declare='DECLARE article_title text;', func="SELECT title INTO article_title FROM articles_article WHERE id = NEW.article_id; NEW.search_vector := setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.claim_reviewed, '')), 'A') || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.text, '')), 'A') || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.speaker, '')), 'B') || setweight(to_tsvector('simple'::regconfig, COALESCE(article_title, '')), 'C') || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.context, '')), 'D') || setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches(concat_ws(' ', NEW.claim_reviewed, NEW.text, NEW.speaker, article_title), '([€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%)', 'g') AS m)), 'A') || setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches(COALESCE(NEW.context, ''), '([€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%)', 'g') AS m)), 'D'); RETURN NEW;", hash='902a2a1f2c0538ce0386e1152f9d66d583343d55', operation='INSERT OR UPDATE OF "text", "claim_reviewed", "speaker", "context", "article_id", "search_vector"', pgid='pgtrigger_claim_search_document_78a01', table='claims_claim', when='BEFORE')),
        ),
        # Existing claims: clearing the document makes the trigger compute it.
        on_postgresql("UPDATE claims_claim SET search_vector = NULL"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="claim", index=SEARCH_INDEX)],
            database_operations=[migrations.RunPython(add_search_index, remove_search_index, elidable=False)],
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["priority", "-score", "id"], name="claim_triage_order"),
        ),
        on_postgresql("DROP INDEX IF EXISTS claim_search", OLD_EXPRESSION_INDEX),
        on_postgresql(SEARCH_IDS_FUNCTION, "DROP FUNCTION IF EXISTS claim_search_ids(tsquery, integer)"),
    ]
