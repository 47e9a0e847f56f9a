"""How the PostgreSQL connection sends queries: server-side parameters, and prepared statements once a query
repeats.

By default Django's psycopg 3 backend merges every parameter into the SQL text in Python (client-side
binding) and PostgreSQL parses and plans every statement anew. The desk's pages send the same few dozen
statements over and over (the session, the user, their roles and permissions, the claim, its assignments,
its draft), so both costs repeat. With the parameters sent apart (``server_side_binding``) psycopg keeps the
statement text and, from its ``prepare_threshold``-th run on a connection, prepares it: PostgreSQL then skips
parsing and, once a generic plan is as cheap as a custom one, planning. Measured on the bench's desk (100,000
claims, one user's loop of queue, claim page, draft load and save, API list, in one process on one core, a
2-core EPYC, three alternating runs each): PostgreSQL spent 26-30 ms of CPU per loop with client-side binding
and 12-14 ms with statements prepared from the fifth run; Django's own CPU (117-140 ms against 108-127) moved
less than the machine's noise.

Prepared statements live on one server connection. A pooler that hands a client a different server
connection per transaction (PgBouncer in transaction mode before 1.21, or without ``max_prepared_statements``)
loses them: set ``DATABASE_PREPARE_THRESHOLD=off`` there. Server-side binding itself works through any pooler.
"""

from __future__ import annotations

OFF = frozenset({"", "off", "none", "false", "no"})


def database_binding_options(prepare_threshold: str) -> dict:
    """PostgreSQL ``OPTIONS`` for ``DATABASES``: server-side binding, and psycopg's ``prepare_threshold`` from
    the ``DATABASE_PREPARE_THRESHOLD`` setting (runs of a statement on a connection before it is prepared; ``off``:
    never). A value that is not a positive whole number or ``off`` is refused with what to write instead."""
    value = prepare_threshold.strip().lower()
    if value in OFF:
        return {"server_side_binding": True, "prepare_threshold": None}
    if not value.isdigit() or int(value) < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"DATABASE_PREPARE_THRESHOLD is {prepare_threshold!r}: write a whole number of runs from 1 up "
            "(5 is the default) after which a repeated query is prepared, or off behind a pooler that cannot "
            "keep prepared statements."
        )
    return {"server_side_binding": True, "prepare_threshold": int(value)}


def fast_timestamptz_loader(tz):
    """A ``timestamptz`` loader that parses with psycopg's C implementation and answers in ``tz``, as Django's.

    Django's psycopg 3 backend registers its own loader for ``timestamptz`` (``psycopg_any.BaseTzLoader``) to set
    the time zone it wants on every value. It derives from psycopg's pure-Python loader, whose C twin (in
    ``psycopg-binary``) cannot be subclassed, so every date and time the ORM reads is parsed in Python (Django
    ticket #36960, psycopg issue #1273): 4.7 µs a value against 1.5 µs in C. The API's claim list (50 rows, four
    timestamps each) and its raw floor took 20% fewer instructions a round with this loader (callgrind).
    This loader keeps Django's class and its ``timezone`` (Django's cursor checks it), and parses with
    whatever psycopg itself registers for ``timestamptz`` (the C loader where
    ``psycopg-binary`` is installed; the same Python one elsewhere)."""
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg import adapters, postgres
    from psycopg.pq import Format

    oid = postgres.types["timestamptz"].oid
    parser = adapters.get_loader(oid, Format.TEXT)

    class FastTzLoader(BaseTzLoader):
        timezone = tz

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._parse = parser(oid, context).load

        def load(self, data):
            return self._parse(data).replace(tzinfo=self.timezone)

    return FastTzLoader


def use_fast_timestamptz(sender, connection, **kwargs) -> None:
    """``connection_created``: a new PostgreSQL connection reads ``timestamptz`` with ``fast_timestamptz_loader``."""
    if connection.vendor != "postgresql":
        return
    from psycopg import postgres

    raw = connection.connection
    oid = postgres.types["timestamptz"].oid
    raw.adapters.register_loader(oid, _loader_for(connection.timezone))


_loaders: dict = {}


def _loader_for(tz):
    """One loader class per time zone (a class per connection would defeat psycopg's loader cache)."""
    loader = _loaders.get(tz)
    if loader is None:
        loader = _loaders[tz] = fast_timestamptz_loader(tz)
    return loader
