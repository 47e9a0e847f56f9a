"""The benchmark's bulk load writes the search documents set-based with the triggers off: the documents it stores
must be exactly the ones the triggers would have stored, the triggers must be on again afterwards, and the SQL
functions both call must be the ones the migration installed. Also the reuse of a recorded load and how a partial
run's figures are merged into docs/benchmarks.json."""

from __future__ import annotations

import importlib
import json

import pytest
from django.db import connection

from factcheck.claims import search
from factcheck.claims.models import Claim
from factcheck.verdicts.models import Verdict
from tests.benchmarks import loader, run

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the documents, their functions and triggers are PostgreSQL's"
)
MIGRATION = importlib.import_module("factcheck.claims.migrations.0012_search_document_functions")


def test_the_migration_installs_the_document_functions_the_search_module_describes():
    # The migration writes them out (it imports nothing of the application): a change to a document in
    # ``search`` without a migration that installs it fails here.
    assert tuple(MIGRATION.DOCUMENT_FUNCTIONS_SQL) == search.DOCUMENT_FUNCTIONS_SQL


def _function_bodies() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosrc FROM pg_proc WHERE proname = ANY(%s)",
            [[search.CONFIG_FUNCTION, search.CLAIM_DOCUMENT_FUNCTION, search.VERDICT_DOCUMENT_FUNCTION]],
        )
        return {name: " ".join(body.split()) for name, body in cursor.fetchall()}


@postgres_only
@pytest.mark.django_db
def test_the_database_runs_the_functions_as_written_and_the_triggers_call_them():
    installed = _function_bodies()
    for sql in search.DOCUMENT_FUNCTIONS_SQL:
        name = sql.split("FUNCTION ", 1)[1].split("(", 1)[0]
        assert installed[name] == " ".join(sql.split("$$")[1].split()), name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = ANY(%s)",
            [
                [
                    search.claim_document_trigger().get_pgid(Claim),
                    search.verdict_document_trigger().get_pgid(Verdict),
                ]
            ],
        )
        sources = " ".join(row[0] for row in cursor.fetchall())
    assert search.CLAIM_DOCUMENT_FUNCTION in sources and search.VERDICT_DOCUMENT_FUNCTION in sources


def _documents() -> tuple[dict[int, str], dict[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_vector::text FROM claims_claim")
        claims = dict(cursor.fetchall())
        cursor.execute("SELECT id, search_vector::text FROM verdicts_verdict")
        return claims, dict(cursor.fetchall())


def _trigger_states() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid IN "
            "('claims_claim'::regclass, 'verdicts_verdict'::regclass) AND NOT tgisinternal"
        )
        return dict(cursor.fetchall())


@postgres_only
@pytest.mark.django_db(transaction=True)  # the load ends with VACUUM, which runs outside a transaction
def test_a_bulk_load_stores_the_documents_the_triggers_would_and_turns_them_back_on(monkeypatch):
    # Some claims in another language, so the configuration each loaded document is parsed with is checked too.
    write = loader._writer_with_documents

    def some_in_russian(model, rows, *args):
        for row in rows[::7] if model is Claim else []:
            row["language"] = "ru"
        return write(model, rows, *args)

    monkeypatch.setattr(loader, "_writer_with_documents", some_in_russian)
    loaded = loader.load(400, log=lambda message: None)
    assert {"claims with documents", "verdicts with documents", "search indexes"} <= set(loaded.steps)
    assert Claim._base_manager.filter(language="ru").count() == len(range(0, 400, 7))
    loaded_claims, loaded_verdicts = _documents()
    assert len(loaded_claims) == loaded.claims and all(loaded_claims.values())
    assert len(loaded_verdicts) == loaded.verdicts > 0 and all(loaded_verdicts.values())
    assert set(_trigger_states().values()) == {"O"}, _trigger_states()  # every trigger fires again

    with connection.cursor() as cursor:
        # Written in the ids' order, as a desk that grew (the planner's statistics say so); a row placed in an
        # earlier page's free space is the only disorder.
        cursor.execute(
            "SELECT tablename, correlation FROM pg_stats WHERE attname = 'id' "
            "AND tablename IN ('claims_claim', 'verdicts_verdict')"
        )
        correlations = dict(cursor.fetchall())
        assert len(correlations) == 2 and min(correlations.values()) > 0.9, correlations

    # The triggers recompute every document (a cleared claim document also clears its verdict's).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET search_vector = NULL")
    by_trigger_claims, by_trigger_verdicts = _documents()
    assert by_trigger_claims == loaded_claims
    assert by_trigger_verdicts == loaded_verdicts

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN ('claim_search_vector', 'verdict_search_vector')"
        )
        assert len(cursor.fetchall()) == 2  # the GIN indexes dropped for the load are back


def test_a_recorded_load_is_read_back_whole_and_says_its_scale(tmp_path):
    path = tmp_path / "load.json"
    assert run.recorded_claims(path) is None and loader.read_record(path) is None
    made = loader.Loaded(
        claims=100,
        articles=9,
        verdicts=3,
        published=1,
        evidence=6,
        audit=40,
        clusters=2,
        seconds=1.5,
        steps={"generate": 0.5},
        editor_id=4,
        published_slugs=["a-slug-3"],
    )
    loader.save_record(made, path)
    assert run.recorded_claims(path) == 100
    assert loader.read_record(path) == made


def test_a_partial_million_run_updates_its_figures_and_keeps_the_rest(tmp_path):
    path = tmp_path / "benchmarks.json"
    path.write_text(
        json.dumps(
            {
                "scale_claims": 100_000,
                "api_p50_ms": 14.0,
                "million": {"scale_claims": 1_000_000, "match_p95_ms": 9.0, "api_p50_ms": 30.0},
            }
        )
    )
    out = run.merged(path, {"scale_claims": 1_000_000, "api_p50_ms": 20.0}, partial=True)
    assert out["million"] == {"scale_claims": 1_000_000, "match_p95_ms": 9.0, "api_p50_ms": 20.0}
    assert out["scale_claims"] == 100_000 and out["api_p50_ms"] == 14.0
    # A full run replaces its scale's figures whole.
    assert run.merged(path, {"scale_claims": 1_000_000, "api_p50_ms": 20.0})["million"] == {
        "scale_claims": 1_000_000,
        "api_p50_ms": 20.0,
    }
