"""An index in the triage queue's own order, so the queue an editor opens first reads 50 rows, not a million.

The desk's queue (``workflows.selectors.QUEUE_ORDER``) ranks claims by stage and claim type with CASE
expressions; no plain column index can serve that order, so every page sorted every open claim (1.2 s at a
million claims). This index is on the very expressions, in the same directions, so PostgreSQL walks it and
stops after the page. The expressions are written out here as the queue defines them today (a migration
must not change with the code); ``tests/unit/workflows/test_queue_index.py`` fails if the two drift apart.

PostgreSQL only: SQLite desks are small, and sort in memory.
"""
from django.db import migrations, models
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.sql import Query

STAGES = {"new": 0, "assigned": 1, "in_review": 1, "submitted": 2, "approved": 2, "published": 3,
          "retracted": 3, "dismissed": 4}
STAGE_STATISTICS = "claim_queue_stage"
CLAIM_TYPES = {"quantity": 5, "laws_rules": 4, "correlation_causation": 3, "prediction": 2,
               "personal_experience": 1, "other": 0}


def _ranked(field: str, ranks: dict, default: int) -> Case:
    return Case(*(When(**{field: key}, then=Value(rank)) for key, rank in ranks.items()),
                default=Value(default), output_field=IntegerField())


def queue_order_index() -> models.Index:
    return models.Index(
        _ranked("state", STAGES, 9).asc(), F("priority").asc(), F("score").desc(),
        F("due_at").asc(nulls_last=True), _ranked("claim_type", CLAIM_TYPES, 0).desc(),
        F("created_at").desc(), F("id").desc(),
        name="claim_queue_order",
    )


def _stage_sql(model, schema_editor) -> str:
    """The stage expression as PostgreSQL will see it in the queue's queries (compiled as indexes are)."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = _ranked("state", STAGES, 9).resolve_expression(query).as_sql(compiler, schema_editor.connection)
    return sql % tuple(schema_editor.quote_value(p) for p in params)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("claims", "Claim")
    schema_editor.add_index(model, queue_order_index())
    # A filtered queue ("published", "waiting for sign-off") says its states twice (``workflows.desk.queue.
    # in_states``): by state and by stage. Without statistics on the pair the planner multiplies their
    # selectivities, expects a few rows and sorts thousands; with them it walks this index and stops.
    schema_editor.execute(
        f"CREATE STATISTICS {STAGE_STATISTICS} (mcv) ON state, ({_stage_sql(model, schema_editor)}) "
        f"FROM {schema_editor.quote_name(model._meta.db_table)}"
    )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STAGE_STATISTICS}")
    schema_editor.remove_index(apps.get_model("claims", "Claim"), queue_order_index())


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0006_claim_search_to_verdict"),
    ]

    operations = [
        migrations.RunPython(add_index, remove_index, elidable=False),
    ]
