"""How the PostgreSQL connection sends queries: server-side parameters, and prepared statements once a query
repeats.

By default Django's psycopg 3 backend merges every parameter into the SQL text in Python (client-side
binding) and PostgreSQL parses and plans every statement anew. The desk's pages send the same few dozen
statements over and over (the session, the user, their roles and permissions, the claim, its assignments,
its draft), so both costs repeat. With the parameters sent apart (``server_side_binding``) psycopg keeps the
statement text and, from its ``prepare_threshold``-th run on a connection, prepares it: PostgreSQL then skips
parsing and, once a generic plan is as cheap as a custom one, planning. Measured on the bench's desk (100,000
claims, one user's loop of queue, claim page, draft load and save, API list, in one process on one core, a
2-core EPYC): 142 ms of Django CPU and 29 ms of PostgreSQL CPU per loop with client-side binding; 125 and
29 with server-side binding alone; 117 and 13.6 with prepared statements from the fifth run.

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
