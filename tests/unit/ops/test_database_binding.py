"""PostgreSQL connections send parameters apart from the SQL and prepare the queries they repeat."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from factcheck.ops.database import database_binding_options


@pytest.mark.parametrize(
    ("setting", "threshold"), [("5", 5), (" 12 ", 12), ("1", 1), ("off", None), ("OFF", None), ("", None)]
)
def test_the_prepare_threshold_is_read_from_the_setting(setting, threshold):
    assert database_binding_options(setting) == {"server_side_binding": True, "prepare_threshold": threshold}


@pytest.mark.parametrize("setting", ["0", "-1", "five", "2.5"])
def test_a_threshold_that_is_not_a_count_of_runs_is_refused_with_what_to_write(setting):
    with pytest.raises(ImproperlyConfigured, match="whole number of runs from 1 up .* or off"):
        database_binding_options(setting)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no server-side binding to choose")
@pytest.mark.django_db
def test_a_query_repeated_on_a_connection_is_prepared():
    """The desk's pages repeat the same statements; from the threshold on, PostgreSQL keeps them prepared."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    connection.ensure_connection()
    raw = connection.connection
    assert raw.prepare_threshold == 5
    with connection.cursor() as cursor:
        assert type(cursor.cursor).__name__ == "ServerBindingCursor"
    for n in range(raw.prepare_threshold + 1):
        list(User.objects.filter(username=f"nobody-{n}").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "auth_user"' in statement and "$1" in statement for statement in prepared), prepared


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL connections load timestamptz")
@pytest.mark.django_db
def test_timestamps_are_parsed_by_psycopgs_own_loader_in_djangos_time_zone():
    from psycopg import adapters, postgres
    from psycopg.pq import Format

    connection.ensure_connection()
    oid = postgres.types["timestamptz"].oid
    loader = connection.connection.adapters.get_loader(oid, Format.TEXT)
    assert loader.__name__ == "FastTzLoader" and loader.timezone == connection.timezone
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", ["2026-01-01 10:00:00+05"])
        (value,) = cursor.fetchone()
    assert value.isoformat() == "2026-01-01T05:00:00+00:00" and value.tzinfo is connection.timezone
    assert loader(oid, connection.connection)._parse.__self__.__class__ is adapters.get_loader(oid, Format.TEXT)
