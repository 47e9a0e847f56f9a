"""Each search document as one SQL function, called by its trigger for the row it writes and by a bulk load for
every row in one statement with the triggers off (``factcheck.claims.search``: a load's documents cannot drift
from a trigger's). ``factdesk_search_config`` is a language code's configuration, ``factdesk_claim_document``
and ``factdesk_verdict_document`` the documents; the claims' trigger now calls them (the verdicts' trigger:
``verdicts/0009``). The documents they compute are the ones ``claims/0011`` computed, so none is recomputed.

Written out here, not imported from the application, so later changes to the search cannot change what this
migration did.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

DOCUMENT_FUNCTIONS_SQL = (
    "CREATE OR REPLACE FUNCTION factdesk_search_config(language_code text) RETURNS regconfig\nLANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n    SELECT (CASE lower(split_part(COALESCE(language_code, ''), '-', 1)) WHEN 'en' THEN 'english' WHEN 'ru' THEN 'russian' WHEN 'es' THEN 'spanish' WHEN 'el' THEN 'greek' WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french' WHEN 'sr' THEN 'serbian' ELSE 'simple' END)::regconfig\n$$",
    "CREATE OR REPLACE FUNCTION factdesk_claim_document(claim_reviewed text, claim_text text, speaker text, article_title text, context text, config regconfig) RETURNS tsvector\nLANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n    SELECT setweight(to_tsvector(config, COALESCE(claim_reviewed, '')), 'A') || setweight(to_tsvector(config, COALESCE(claim_text, '')), 'A') || setweight(to_tsvector(config, COALESCE(speaker, '')), 'B') || setweight(to_tsvector(config, COALESCE(article_title, '')), 'C') || setweight(to_tsvector(config, COALESCE(context, '')), 'D') || setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches(concat_ws(' ', claim_reviewed, claim_text, speaker, article_title), '([€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%)', 'g') AS m)), 'A') || setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches(COALESCE(context, ''), '([€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%)', 'g') AS m)), 'D')\n$$",
    "CREATE OR REPLACE FUNCTION factdesk_verdict_document(headline text, summary text, explanation text, config regconfig, claim_document tsvector) RETURNS tsvector\nLANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n    SELECT setweight(to_tsvector(config, COALESCE(headline, '')), 'A') || setweight(to_tsvector(config, COALESCE(summary, '')), 'B') || setweight(to_tsvector(config, COALESCE(explanation, '')), 'C') || setweight(array_to_tsvector(ARRAY(SELECT m[1] FROM regexp_matches(concat_ws(' ', headline, summary, explanation), '([€$£¥][0-9](?:[0-9.,]*[0-9])?%?|[0-9](?:[0-9.,]*[0-9])?%)', 'g') AS m)), 'C') || COALESCE(ts_filter(claim_document, '{a,b,c}'), ''::tsvector)\n$$",
)
DROP_FUNCTIONS_SQL = (
    "DROP FUNCTION IF EXISTS factdesk_verdict_document(text, text, text, regconfig, tsvector)",
    "DROP FUNCTION IF EXISTS factdesk_claim_document(text, text, text, text, text, regconfig)",
    "DROP FUNCTION IF EXISTS factdesk_search_config(text)",
)


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DOCUMENT_FUNCTIONS_SQL:
            schema_editor.execute(sql, None)  # no parameters: the "%" in the figures pattern is literal


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP_FUNCTIONS_SQL:
            schema_editor.execute(sql, None)  # no parameters: the "%" in the figures pattern is literal


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_search_per_language"),
    ]

    operations = [
        migrations.RunPython(create_functions, drop_functions, elidable=False),
        pgtrigger.migrations.RemoveTrigger(
            model_name="claim",
            name="claim_search_document",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="claim",
            trigger=pgtrigger.compiler.Trigger(
                name="claim_search_document",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE article record;",
                    func="SELECT title, language INTO article FROM articles_article WHERE id = NEW.article_id; NEW.search_vector := factdesk_claim_document(NEW.claim_reviewed, NEW.text, NEW.speaker, article.title, NEW.context, factdesk_search_config(COALESCE(NULLIF(NEW.language, ''), article.language))); RETURN NEW;",
                    hash="a28c3087940e973285ac038aac811885742a60ff",
                    operation='INSERT OR UPDATE OF "text", "claim_reviewed", "speaker", "context", "article_id", "language", "search_vector"',
                    pgid="pgtrigger_claim_search_document_78a01",
                    table="claims_claim",
                    when="BEFORE",
                ),
            ),
        ),
    ]
