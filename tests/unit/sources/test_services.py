"""Changing sources: who may, what is refused (in words that say what to do), the audit trail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factcheck.audit.models import AuditEvent
from factcheck.sources.models import Source
from factcheck.sources.services import (
    SourceRefused,
    source_create,
    source_delete,
    source_poll_now,
    source_set_enabled,
    source_update,
)

pytestmark = pytest.mark.django_db


def _new(actor, **fields):
    data = {"name": "Daily Courier", "kind": "rss", "url": "https://courier.example/feed.xml", **fields}
    return source_create(actor=actor, **data)


def test_an_editor_adds_a_source_that_is_due_at_once_and_audited(users, public_names):
    source = _new(users["editor"], language="es", poll_minutes=30)

    assert (source.name, source.kind, source.language, source.poll_minutes, source.enabled) == (
        "Daily Courier",
        "rss",
        "es",
        30,
        True,
    )
    assert source.next_poll_at <= timezone.now()
    assert source.created_by == users["editor"]
    event = AuditEvent.objects.get(action="source.create")
    assert (event.actor, event.object_id, event.data["url"]) == (users["editor"], str(source.pk), source.url)


@pytest.mark.parametrize("role", ["reviewer", None])
def test_reviewers_and_strangers_may_not_manage_sources(users, public_names, role):
    actor = users[role] if role else None
    with pytest.raises(SourceRefused) as refusal:
        _new(actor)
    assert refusal.value.code == "forbidden"
    source = _new(users["admin"])
    for attempt in (
        lambda: source_update(actor=actor, source_id=source.pk, changes={"name": "x"}),
        lambda: source_delete(actor=actor, source_id=source.pk),
        lambda: source_set_enabled(actor=actor, source_id=source.pk, enabled=False),
        lambda: source_poll_now(actor=actor, source_id=source.pk),
    ):
        with pytest.raises(SourceRefused):
            attempt()
    assert Source.objects.get().name == "Daily Courier"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.1.2.3/feed", "not on the public internet"),
        ("http://127.0.0.1:8000/feed", "not on the public internet"),
        ("ftp://courier.example/feed", "http:// or https://"),
        ("https://user:pw@courier.example/feed", "user name or password"),
        ("https://no-such-host.invalid/feed", "check the address for a typo"),
        ("", "Give the address"),
    ],
)
def test_an_address_the_fetcher_would_refuse_is_refused_saying_why(users, public_names, url, words):
    with pytest.raises(SourceRefused) as refusal:
        _new(users["editor"], url=url)
    assert refusal.value.code == "invalid"
    assert words in refusal.value.errors["url"][0]
    assert not Source.objects.exists()


def test_names_and_addresses_are_not_watched_twice(users, public_names):
    _new(users["editor"])
    with pytest.raises(SourceRefused) as same_name:
        _new(users["editor"], name="daily courier", url="https://courier.example/other.xml")
    with pytest.raises(SourceRefused) as same_url:
        _new(users["editor"], name="Courier again")
    assert "already called “Daily Courier”" in same_name.value.errors["name"][0]
    assert "already watched as “Daily Courier”" in same_url.value.errors["url"][0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "twitter"}, "kind"),
        ({"language": "English"}, "language"),
        ({"poll_minutes": 1}, "poll_minutes"),
        ({"poll_minutes": 20000}, "poll_minutes"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_fields_are_refused_on_the_field(users, public_names, fields, field):
    with pytest.raises(SourceRefused) as refusal:
        _new(users["editor"], **fields)
    assert list(refusal.value.errors) == [field]


def test_an_update_changes_only_what_changed_and_records_it(users, public_names):
    source = _new(users["editor"])
    updated = source_update(
        actor=users["editor2"], source_id=source.pk, changes={"name": "Courier: politics", "poll_minutes": 15}
    )
    assert (updated.name, updated.poll_minutes, updated.url) == ("Courier: politics", 15, source.url)
    event = AuditEvent.objects.get(action="source.update")
    assert event.data == {
        "name": {"from": "Daily Courier", "to": "Courier: politics"},
        "poll_minutes": {"from": 60, "to": 15},
    }


def test_a_new_address_starts_afresh(users, public_names):
    source = _new(users["editor"])
    Source.objects.filter(pk=source.pk).update(
        etag='"abc"', consecutive_failures=4, next_poll_at=timezone.now() + timedelta(days=1)
    )
    updated = source_update(actor=users["editor"], source_id=source.pk, changes={"url": "https://courier.example/rss"})
    assert (updated.etag, updated.consecutive_failures) == ("", 0)
    assert updated.next_poll_at <= timezone.now()


def test_a_stale_edit_is_refused(users, public_names):
    source = _new(users["editor"])
    loaded = source.updated_at
    source_update(actor=users["editor2"], source_id=source.pk, changes={"poll_minutes": 20})
    with pytest.raises(SourceRefused) as refusal:
        source_update(actor=users["editor"], source_id=source.pk, changes={"name": "Mine"}, expected_updated_at=loaded)
    assert refusal.value.code == "conflict"
    assert Source.objects.get().name == "Daily Courier"


def test_unknown_fields_are_refused(users, public_names):
    source = _new(users["editor"])
    with pytest.raises(SourceRefused) as refusal:
        source_update(actor=users["editor"], source_id=source.pk, changes={"etag": "x"})
    assert "etag" in refusal.value.message


def test_enabling_forgets_the_backoff_and_disabling_stops_polling(users, public_names):
    source = _new(users["editor"])
    off = source_set_enabled(actor=users["editor"], source_id=source.pk, enabled=False)
    Source.objects.filter(pk=source.pk).update(consecutive_failures=5, next_poll_at=timezone.now() + timedelta(hours=9))
    on = source_set_enabled(actor=users["editor"], source_id=source.pk, enabled=True)

    assert off.enabled is False and on.enabled is True
    assert on.consecutive_failures == 0 and on.next_poll_at <= timezone.now()
    assert list(
        AuditEvent.objects.filter(action__in=["source.enable", "source.disable"])
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["source.disable", "source.enable"]


def test_delete_keeps_an_audit_record_of_what_was_watched(users, public_names):
    source = _new(users["editor"])
    source_delete(actor=users["editor"], source_id=source.pk)
    assert not Source.objects.exists()
    event = AuditEvent.objects.get(action="source.delete")
    assert event.data["url"] == "https://courier.example/feed.xml"
    with pytest.raises(SourceRefused) as refusal:
        source_delete(actor=users["editor"], source_id=source.pk)
    assert refusal.value.code == "not_found"


def test_poll_now_sends_the_poll_after_commit_even_for_a_disabled_source(users, public_names, monkeypatch, committed):
    sent = []
    monkeypatch.setattr("factcheck.sources.services._send_poll", lambda pk, force=False: sent.append((pk, force)))
    source = _new(users["editor"], enabled=False)
    with committed():
        source_poll_now(actor=users["editor"], source_id=source.pk)
        assert sent == []
    assert sent == [(source.pk, True)]
    assert AuditEvent.objects.filter(action="source.poll_now", actor=users["editor"]).exists()
