"""The evidence link checker (item 10): a periodic task that marks each EvidenceLink ok / broken /
blocked through the SSRF guard, bounded per run, idempotent, and never following a redirect into a
private range. A hostile server on loopback stands in for the web (loopback allowed for it only)."""

import datetime
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from factcheck.audit.models import AuditEvent
from factcheck.verdicts.models import EvidenceLink
from tests.factories import EvidenceLinkFactory, VerdictFactory
from workflows.linkcheck import classify_url, evidence_link_check, evidence_links_check_due
from workflows.linkcheck_tasks import check_evidence_links

pytestmark = pytest.mark.django_db

# path on the hostile server -> expected status
CASES = {
    "/ok": "ok",
    "/head-refused": "ok",  # HEAD 405, GET 200
    "/status/403": "ok",  # there, but not for robots
    "/status/401": "ok",
    "/status/429": "ok",
    "/chain/3": "ok",  # redirects within the server end at /ok
    "/big": "ok",  # answers 200 and keeps sending: the status is what counts
    "/status/404": "broken",
    "/status/410": "broken",
    "/status/500": "broken",
    "/status/503": "broken",
    "/loop": "broken",  # too many redirects
    "/stall?seconds=3": "broken",  # timed out
    "/redirect?to=" + quote("http://169.254.169.254/latest/meta-data/", safe=""): "blocked",
    "/redirect?to=" + quote("http://10.0.0.5/", safe=""): "blocked",
    "/redirect?to=" + quote("http://[::1]/", safe=""): "blocked",
    "/redirect?to=" + quote("http://0x7f000001/", safe=""): "blocked",
    "/redirect?status=301&to=" + quote("http://100.64.0.1/", safe=""): "blocked",
    "/chain/2?to=" + quote("http://192.168.1.1/", safe=""): "blocked",
    "/redirect?to=" + quote("file:///etc/passwd", safe=""): "blocked",
}
DIRECT = {  # stored URLs that point at non-public addresses outright
    "http://169.254.169.254/latest/meta-data/": "blocked",
    "http://127.0.0.1:6379/": "blocked",
    "http://[::ffff:10.0.0.1]/": "blocked",
    "http://2130706433/": "blocked",
}


@pytest.fixture(autouse=True)
def _fast(settings, no_traffic_off_loopback):
    settings.FACTDESK = {**settings.FACTDESK, "LINKCHECK_TIMEOUT": 0.5, "LINKCHECK_MAX_BYTES": 16 * 1024}


def _link(url: str, **fields) -> EvidenceLink:
    link = EvidenceLinkFactory(**fields)
    EvidenceLink.objects.filter(pk=link.pk).update(url=url)  # as stored, whatever validation said then
    link.refresh_from_db()
    return link


@pytest.mark.parametrize(("path", "expected"), list(CASES.items()))
def test_each_kind_of_link_gets_its_status(first_hop_only, path, expected):
    link = _link(f"{first_hop_only}{path}")
    assert evidence_link_check(evidence_id=link.pk) == expected
    link.refresh_from_db()
    assert link.link_status == expected and link.checked_at is not None


@pytest.mark.parametrize(("url", "expected"), list(DIRECT.items()))
def test_links_to_private_addresses_are_blocked_without_a_request(
    first_hop_only, no_traffic_off_loopback, url, expected
):
    link = _link(url)
    assert evidence_link_check(evidence_id=link.pk) == expected
    assert no_traffic_off_loopback == []


def test_head_first_then_get_only_when_needed(first_hop_only):
    assert classify_url(f"{first_hop_only}/ok") == ("ok", "HEAD 200")
    assert classify_url(f"{first_hop_only}/head-refused") == ("ok", "GET 200")


def test_a_run_is_bounded_and_idempotent(first_hop_only):
    links = [_link(f"{first_hop_only}/ok") for _ in range(7)]
    first = evidence_links_check_due(limit=5)
    assert len(first.checked) == 5 and first.remaining == 2
    assert set(first.checked) == {link.pk for link in links[:5]}, "never-checked links go first, by id"
    second = evidence_links_check_due(limit=5)
    assert set(second.checked) == {link.pk for link in links[5:]} and second.remaining == 0
    assert evidence_links_check_due(limit=5).checked == {}, "a third run finds nothing due"


def test_stale_checks_are_redone_oldest_first(first_hop_only, settings):
    settings.FACTDESK = {**settings.FACTDESK, "LINKCHECK_RECHECK_HOURS": 24}
    now = timezone.now()
    fresh = _link(f"{first_hop_only}/status/404")
    old = _link(f"{first_hop_only}/status/404")
    older = _link(f"{first_hop_only}/status/404")
    EvidenceLink.objects.filter(pk=fresh.pk).update(link_status="ok", checked_at=now - datetime.timedelta(hours=1))
    EvidenceLink.objects.filter(pk=old.pk).update(link_status="ok", checked_at=now - datetime.timedelta(days=2))
    EvidenceLink.objects.filter(pk=older.pk).update(link_status="ok", checked_at=now - datetime.timedelta(days=9))
    run = evidence_links_check_due(limit=1)
    assert list(run.checked) == [older.pk]
    run = evidence_links_check_due(limit=10)
    assert list(run.checked) == [old.pk]
    assert dict(EvidenceLink.objects.values_list("pk", "link_status")) == {
        fresh.pk: "ok",
        old.pk: "broken",
        older.pk: "broken",
    }


@pytest.mark.slow  # waits on real sockets, a time budget, a subprocess or a latency sample
def test_the_time_budget_stops_new_checks(first_hop_only):
    for _ in range(3):
        _link(f"{first_hop_only}/stall?seconds=2")
    run = evidence_links_check_due(limit=10, time_budget=0.1)
    assert len(run.checked) == 1 and run.remaining == 2


def test_checking_does_not_touch_updated_at_or_the_audit_log(first_hop_only):
    """A reviewer editing the link meanwhile must not get a stale-edit refusal because of the checker."""
    link = _link(f"{first_hop_only}/ok")
    before = link.updated_at
    evidence_link_check(evidence_id=link.pk)
    link.refresh_from_db()
    assert link.updated_at == before and link.link_status == "ok"
    assert not AuditEvent.objects.exists()


def test_a_deleted_link_is_skipped():
    assert evidence_link_check(evidence_id=987654321) is None


def test_the_periodic_task_runs_the_service_and_reports_counts(first_hop_only, settings):
    verdict = VerdictFactory()
    for path in ("/ok", "/status/404", "/redirect?to=http://169.254.169.254/"):
        _link(f"{first_hop_only}{path}", verdict=verdict)
    result = check_evidence_links.delay().get()
    assert result == {"ok": 1, "broken": 1, "blocked": 1, "remaining": 0}
    assert check_evidence_links.delay().get() == {"ok": 0, "broken": 0, "blocked": 0, "remaining": 0}


def test_the_task_is_scheduled_and_registered():
    from factcheck.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["check-evidence-links"]
    assert entry["task"] == "workflows.linkcheck_tasks.check_evidence_links"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert django_settings.FACTDESK["LINKCHECK_BATCH"] > 0
