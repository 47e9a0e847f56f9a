"""The audit log moved from the workflow app to its own (``factcheck.audit``) without losing a row.

A database at the old migrations (``workflows/0005``, no ``audit`` app) with events in it migrates forward:
the rows read back as written, the model's content type and its permissions (and so the role groups that
hold them) follow the new app label, and on PostgreSQL the append-only trigger still refuses UPDATE and
DELETE, now under the audit app's names only. Runs on SQLite and PostgreSQL alike (the trigger checks on
PostgreSQL only).
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from factcheck.audit.log import record
from factcheck.audit.models import AuditEvent
from tests.factories import ClaimFactory, make_user

BEFORE_THE_MOVE = [("workflows", "0005_savedqueueview"), ("audit", None)]
OLD_TRIGGERS = {"pgtrigger_audit_append_only_delete_5e37d", "pgtrigger_audit_append_only_update_a50ba"}
NEW_TRIGGERS = {"pgtrigger_audit_append_only_delete_973be", "pgtrigger_audit_append_only_update_a3de6"}


def _migrate(targets=None):
    """Migrate the test database to ``targets`` (default: every app's latest); return the state's apps."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


def _triggers() -> set[str]:
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'workflows_auditevent'::regclass")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def before_the_move(transactional_db):
    """The database as it was before the audit app existed; put back at the latest migrations after."""
    try:
        yield _migrate(BEFORE_THE_MOVE)
    finally:
        _migrate()
        ContentType.objects.clear_cache()


def test_events_written_before_the_move_read_back_after_it(before_the_move):
    old_apps = before_the_move
    OldEvent = old_apps.get_model("workflows", "AuditEvent")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    claim = ClaimFactory()
    claim_type = OldContentType.objects.get(app_label="claims", model="claim")
    actor = make_user("erin", "Editor")
    written = [
        OldEvent.objects.create(
            action="claim.triage",
            actor_id=actor.pk,
            content_type=claim_type,
            object_id=str(claim.pk),
            claim_id=claim.pk,
            from_state="new",
            to_state="triaged",
            note="as it happened",
            data={"priority": "high", "n": 1},
        ),
        OldEvent.objects.create(
            action="article.ingest", content_type=claim_type, object_id=str(claim.pk), to_state="queued", data={}
        ),
    ]
    if connection.vendor == "postgresql":
        assert _triggers() >= OLD_TRIGGERS, "the old database is guarded by workflows/0004's triggers"
    old_type = OldContentType.objects.get(app_label="workflows", model="auditevent")
    reviewers_perm = Group.objects.get(name="Reviewer").permissions.get(codename="view_auditevent")
    assert reviewers_perm.content_type_id == old_type.pk

    _migrate()
    ContentType.objects.clear_cache()

    events = list(AuditEvent.objects.order_by("id"))
    assert [
        (e.pk, e.action, e.actor_id, e.claim_id, e.from_state, e.to_state, e.note, e.data, e.created_at) for e in events
    ] == [
        (w.pk, w.action, w.actor_id, w.claim_id, w.from_state, w.to_state, w.note, w.data, w.created_at)
        for w in written
    ]
    assert events[0].target == claim
    moved = ContentType.objects.get_for_model(AuditEvent)
    assert (moved.pk, moved.app_label) == (old_type.pk, "audit"), "the same content type row, re-pointed"
    assert not ContentType.objects.filter(app_label="workflows", model="auditevent").exists()
    view = Permission.objects.get(content_type=moved, codename="view_auditevent")
    assert view.pk == reviewers_perm.pk and Group.objects.get(name="Reviewer").permissions.filter(pk=view.pk).exists()
    assert record(action="claim.note", actor=None, target=claim, claim=claim).pk > events[-1].pk

    if connection.vendor == "postgresql":
        assert _triggers() & (OLD_TRIGGERS | NEW_TRIGGERS) == NEW_TRIGGERS, "one set of triggers, the audit app's"
        for sql in (
            "UPDATE workflows_auditevent SET note = 'rewritten' WHERE id = %s",
            "DELETE FROM workflows_auditevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [events[0].pk])
        events[0].refresh_from_db()
        assert events[0].note == "as it happened"


def test_the_role_groups_and_the_admin_follow_the_new_app_label(db, client):
    """After a fresh ``migrate``: the groups hold ``audit.*`` permissions, and the log's admin lives at /audit/."""
    reviewer = Group.objects.get(name="Reviewer")
    assert reviewer.permissions.filter(content_type__app_label="audit", codename="view_auditevent").exists()
    admins = Group.objects.get(name="Admin").permissions.filter(content_type__app_label="audit")
    assert set(admins.values_list("codename", flat=True)) == {"view_auditevent", "add_auditevent"}
    client.force_login(make_user("rafael", "Reviewer"))
    assert client.get("/admin/audit/auditevent/").status_code == 200
