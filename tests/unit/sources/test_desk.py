"""The desk's Monitored sources page: the list, add and edit through the services, refusals that keep what
was typed, Poll now, Enable and Disable; reviewers do not see it."""

import re

import pytest
from django.test import Client

from factcheck.sources.models import Source

pytestmark = pytest.mark.django_db

LIST = "/admin/sources/source/"
ADD = LIST + "add/"


@pytest.fixture
def desk(users):
    def login(who: str) -> Client:
        client = Client()
        client.force_login(users[who])
        return client

    return login


def _form(**fields):
    return {
        "name": "Daily Courier",
        "kind": "rss",
        "url": "https://courier.example/feed.xml",
        "language": "en",
        "poll_minutes": "60",
        "enabled": "on",
        "loaded_at": "",
        **fields,
    }


def test_an_editor_adds_a_source_through_the_service(desk, public_names):
    answer = desk("editor").post(ADD, _form(), follow=True)
    assert answer.status_code == 200
    source = Source.objects.get()
    assert (source.name, source.created_by.username) == ("Daily Courier", "editor")
    assert source.next_poll_at is not None


def test_a_refused_address_says_why_and_keeps_what_was_typed(desk, public_names):
    answer = desk("editor").post(ADD, _form(name="Intranet memos", url="http://10.0.0.7/feed", language="pt-BR"))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "not on the public internet" in page
    assert 'value="Intranet memos"' in page and 'value="http://10.0.0.7/feed"' in page and 'value="pt-BR"' in page
    assert not Source.objects.exists()


def test_the_list_shows_status_reasons_and_counts(desk, public_names):
    from django.utils import timezone

    Source.objects.create(
        name="Courier",
        kind="rss",
        url="https://courier.example/feed.xml",
        consecutive_failures=2,
        last_failure_at=timezone.now(),
        last_error="Nothing is at this address any more (HTTP 404): find the feed's new address and edit the source.",
        entries_seen=12,
        articles_ingested=10,
    )
    Source.objects.create(
        name="Checks", kind="claimreview", url="https://checks.example/claimreview.json", factchecks_imported=40
    )
    page = desk("editor").get(LIST).content.decode()
    assert "failing (2 times in a row)" in page and "HTTP 404" in page
    assert "10 articles of 12 entries" in page
    assert "40 fact-checks" in page
    assert "ClaimReview" in page and "Feed" in page


def test_an_edit_made_meanwhile_is_not_overwritten(desk, public_names):
    editor = desk("editor")
    editor.post(ADD, _form())
    source = Source.objects.get()
    change = f"{LIST}{source.pk}/change/"
    loaded = re.search(r'name="loaded_at" value="([^"]+)"', editor.get(change).content.decode()).group(1)
    desk("editor2").post(change, _form(poll_minutes="15", loaded_at=loaded))

    answer = editor.post(change, _form(name="Courier: politics", loaded_at=loaded))

    assert "Someone changed this source after you opened it" in answer.content.decode()
    assert 'value="Courier: politics"' in answer.content.decode()
    assert Source.objects.get().name == "Daily Courier"


@pytest.mark.django_db(transaction=True)  # Poll now runs after its commit, in this process
def test_poll_now_on_the_source_page_polls_it_and_says_how_it_went(desk, publisher, no_pipeline):
    source = Source.objects.create(name="Herald", kind="rss", url=publisher.fixture("/atom.xml", "feed.atom.xml"))
    answer = desk("editor").post(f"{LIST}{source.pk}/poll/", follow=True)
    page = answer.content.decode()
    assert "“Herald” polled" in page
    assert "Rail fares to rise" in page  # the entry taken, listed on the page
    assert Source.objects.get().articles_ingested == 1


@pytest.mark.django_db(transaction=True)  # Poll now runs after its commit, in this process
def test_poll_now_of_a_failing_source_shows_the_reason(desk, publisher):
    source = Source.objects.create(name="Gone", kind="rss", url=publisher.base_url + "/gone.xml")
    page = desk("editor").post(f"{LIST}{source.pk}/poll/", follow=True).content.decode()
    assert "“Gone” failed: Nothing is at this address any more (HTTP 404)" in page


def test_enable_and_disable_actions(desk, public_names):
    one = Source.objects.create(name="A", kind="rss", url="https://a.example/feed")
    two = Source.objects.create(name="B", kind="rss", url="https://b.example/feed", enabled=False)
    editor = desk("editor")
    editor.post(LIST, {"action": "disable", "_selected_action": [one.pk]})
    editor.post(LIST, {"action": "enable", "_selected_action": [two.pk]})
    assert list(Source.objects.order_by("name").values_list("enabled", flat=True)) == [False, True]


def test_reviewers_do_not_see_sources(desk, public_names):
    reviewer = desk("reviewer")
    assert reviewer.get(LIST).status_code == 403
    assert reviewer.post(ADD, _form()).status_code == 403
    assert "Monitored sources" not in reviewer.get("/admin/").content.decode()
    assert "Monitored sources" in desk("editor").get("/admin/").content.decode()


def test_deleting_at_the_desk_goes_through_the_service(desk, public_names):
    from factcheck.audit.models import AuditEvent

    source = Source.objects.create(name="A", kind="rss", url="https://a.example/feed")
    answer = desk("editor").post(f"{LIST}{source.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert not Source.objects.exists()
    assert AuditEvent.objects.get(action="source.delete").data["name"] == "A"
