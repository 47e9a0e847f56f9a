"""Audit events are append-only in the database itself, not only in Django: on PostgreSQL a trigger refuses
UPDATE and DELETE on ``workflows_auditevent`` whoever sends them (a raw cursor, psql, another service).

What must still work: deleting a user or a claim an event points at (Django sets that reference to NULL;
the event itself is kept), ``manage.py flush`` and the test database's teardown (both TRUNCATE, which is
not DELETE).

SQLite has no such trigger; there the model and queryset guards are the only ones, and these tests skip
saying so.
"""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from factcheck.audit.log import record
from factcheck.audit.models import AuditEvent
from tests.factories import ClaimFactory, make_user


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        reason = (
            f"the append-only trigger exists on PostgreSQL only (running on {connection.vendor}); "
            "set DATABASE_URL=postgres://... to run this test"
        )
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)


def _event(actor=None, claim=None) -> AuditEvent:
    claim = claim or ClaimFactory()
    return record(action="claim.triage", actor=actor, target=claim, claim=claim, note="as it happened")


def _refused(sql: str, params: list) -> str:
    with pytest.raises(DatabaseError) as err, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(err.value)


@pytest.mark.django_db
def test_raw_sql_cannot_rewrite_or_delete_an_audit_event():
    event = _event(actor=make_user("editor", "Editor"))
    message = _refused("UPDATE workflows_auditevent SET note = %s WHERE id = %s", ["nothing happened", event.pk])
    assert "workflows_auditevent" in message or "protect" in message.lower(), message
    _refused("UPDATE workflows_auditevent SET action = %s, created_at = now() WHERE id = %s", ["x", event.pk])
    _refused("DELETE FROM workflows_auditevent WHERE id = %s", [event.pk])
    other = make_user("someone", "Editor")
    _refused("UPDATE workflows_auditevent SET actor_id = %s WHERE id = %s", [other.pk, event.pk])
    event.refresh_from_db()
    assert event.note == "as it happened" and event.action == "claim.triage" and event.actor.username == "editor"
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_deleting_the_actor_or_the_claim_keeps_the_event():
    actor = make_user("leaver", "Editor")
    claim = ClaimFactory()
    event = _event(actor=actor, claim=claim)
    actor.delete()
    claim.article.delete()  # the claim goes with its article
    event.refresh_from_db()
    assert event.actor_id is None and event.claim_id is None
    assert event.note == "as it happened" and event.object_id == str(claim.pk)


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database():
    """TRUNCATE is not DELETE: ``manage.py flush`` (and every transactional test's teardown) still works."""
    _event()
    assert AuditEvent.objects.exists()
    call_command("flush", "--noinput", verbosity=0)
    assert not AuditEvent.objects.exists()
