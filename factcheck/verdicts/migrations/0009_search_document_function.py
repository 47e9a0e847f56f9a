"""The public fact-check's trigger calls ``factdesk_verdict_document`` (``claims/0012``), the function a bulk load
also calls for every row; the documents it computes are the ones it computed before, so none is recomputed.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("verdicts", "0008_search_per_language"),
        ("claims", "0012_search_document_functions"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="verdict",
            name="verdict_search_document",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="verdict",
            trigger=pgtrigger.compiler.Trigger(
                name="verdict_search_document",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    declare="DECLARE claim record; article record;",
                    func="SELECT search_vector, language, article_id INTO claim FROM claims_claim WHERE id = NEW.claim_id; SELECT language INTO article FROM articles_article WHERE id = claim.article_id; NEW.search_vector := factdesk_verdict_document(NEW.headline, NEW.summary, NEW.explanation, factdesk_search_config(COALESCE(NULLIF(claim.language, ''), article.language)), claim.search_vector); RETURN NEW;",
                    hash="b99ce51448113624a72e4b99c7eb5c89531ed706",
                    operation='INSERT OR UPDATE OF "headline", "summary", "explanation", "claim_id", "search_vector"',
                    pgid="pgtrigger_verdict_search_document_b2b19",
                    table="verdicts_verdict",
                    when="BEFORE",
                ),
            ),
        ),
    ]
