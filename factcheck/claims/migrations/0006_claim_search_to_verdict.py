"""A claim whose search document changes clears its verdict's, which the verdicts table's trigger recomputes
(the public fact-check's document carries the claim's readable part). After ``verdicts/0006``, which gives
verdicts their document."""
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0005_claim_search_vector"),
        ("verdicts", "0006_verdict_search_vector"),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name="claim",
            trigger=pgtrigger.compiler.Trigger(name='claim_search_to_verdict', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)', func='UPDATE verdicts_verdict SET search_vector = NULL WHERE claim_id = NEW.id; RETURN NULL;', hash='d4ff7f80c636ac19049dd60da7986c70a18379b6', operation='UPDATE OF "text", "claim_reviewed", "speaker", "context", "article_id", "search_vector"', pgid='pgtrigger_claim_search_to_verdict_e407e', table='claims_claim', when='AFTER')),
        ),
    ]
