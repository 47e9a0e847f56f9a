"""Who wrote a verdict is recorded for every write of its draft or evidence, and the data migration
recovers it for verdicts written before: from the audit log's draft and evidence events, and the author."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from factcheck.audit.log import record
from factcheck.verdicts.models import VerdictContribution
from workflows import services
from workflows.exceptions import ActionForbidden

pytestmark = pytest.mark.django_db

BACKFILL = ("verdicts", "0003_backfill_contributions")
backfill = importlib.import_module(f"factcheck.verdicts.migrations.{BACKFILL[1]}").backfill


def test_each_write_records_its_writer_once_with_first_and_last_time(users, make_claim, ratings):
    claim = make_claim("in_review")
    link = services.evidence_add(
        claim_id=claim.pk, actor=users["admin"], url="https://example.org/a", title="A", stance="refutes"
    )
    first = VerdictContribution.objects.get(user=users["admin"])
    services.evidence_update(evidence_id=link.pk, actor=users["admin"], title="A, better")
    services.evidence_remove(evidence_id=link.pk, actor=users["admin"])
    again = VerdictContribution.objects.get(user=users["admin"])
    assert again.first_at == first.first_at and again.last_at >= first.last_at
    assert VerdictContribution.objects.filter(verdict=claim.verdict).count() == 1


def test_backfill_reads_the_audit_log_and_the_author(users, make_claim):
    claim = make_claim("submitted")  # authored by users["reviewer"], no contribution rows yet
    verdict = claim.verdict
    for action, actor in [
        ("evidence.add", users["admin"]),
        ("verdict.save_draft", users["editor"]),
        ("evidence.update", users["admin"]),
        ("claim.assign", users["editor2"]),
        ("verdict.approve", users["editor2"]),
    ]:
        record(action=action, actor=actor, target=verdict, claim=claim)
    assert not VerdictContribution.objects.exists()
    apps = MigrationLoader(connection).project_state(BACKFILL).apps  # the models as the migration saw them
    backfill(apps, None)
    backfill(apps, None)  # running twice changes nothing
    rows = {c.user.username: c for c in VerdictContribution.objects.filter(verdict=verdict)}
    assert set(rows) == {"reviewer", "admin", "editor"}, "assigning and approving are not writing"
    assert rows["admin"].first_at <= rows["admin"].last_at
    with pytest.raises(ActionForbidden, match="worked on this verdict"):
        services.verdict_approve(claim_id=claim.pk, actor=users["editor"])
