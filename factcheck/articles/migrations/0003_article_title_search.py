"""A retitled article clears its claims' search documents, which the claims table's trigger recomputes (the
title is part of a claim's document, ``claims/0005``)."""
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_fetch_by_task"),
        ("claims", "0005_claim_search_vector"),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name="article",
            trigger=pgtrigger.compiler.Trigger(name='article_title_search', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.title IS DISTINCT FROM NEW.title)', func='UPDATE claims_claim SET search_vector = NULL WHERE article_id = NEW.id; RETURN NULL;', hash='66745944d9be0138ca6de77a7008ced1a6f3b585', operation='UPDATE OF "title"', pgid='pgtrigger_article_title_search_f2e47', table='articles_article', when='AFTER')),
        ),
    ]
