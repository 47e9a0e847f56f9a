"""Polling one source: each kind taken once, a 304 costs one request and no ingest, failures back off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import ArchivedFactCheck
from factcheck.sources.models import Source, SourceEntry
from factcheck.sources.services import backoff_minutes, source_poll, sources_dispatch_due
from tests.fixtures_ingest.publisher import FIXTURES

pytestmark = pytest.mark.django_db


def _source(url: str, kind: str = "rss", **fields) -> Source:
    return Source.objects.create(name=fields.pop("name", f"{kind} {url}"), kind=kind, url=url, **fields)


def test_a_feed_is_taken_once_and_an_unchanged_feed_is_one_conditional_request(publisher, no_pipeline, committed):
    feed = (FIXTURES / "feed.rss.xml").read_text().replace("https://courier.example", publisher.base_url)
    url = publisher.put("/feed.xml", feed)
    source = _source(url)

    with committed():
        first = source_poll(source.pk)

    assert (first.status, first.entries, first.articles) == ("new", 3, 3)
    # Two entries carry their article; the teaser (no full text in the feed) is fetched from its page.
    feed_articles = Article.objects.filter(source=Article.Source.FEED)
    assert feed_articles.filter(content_hash__isnull=False).count() == 2
    teaser = feed_articles.get(status=Article.Status.FETCHING)
    assert (teaser.url, teaser.title) == (publisher.base_url + "/news/libraries", "Council to close three libraries")
    assert SourceEntry.objects.get(article=teaser).outcome == "fetching"
    source.refresh_from_db()
    assert (source.entries_seen, source.articles_ingested, source.consecutive_failures) == (3, 3, 0)
    assert source.etag and source.last_modified
    assert source.next_poll_at > timezone.now() + timedelta(minutes=source.poll_minutes - 1)

    before = Article.objects.count()
    second = source_poll(source.pk)

    assert (second.status, second.entries, second.articles) == ("unchanged", 0, 0)
    assert Article.objects.count() == before
    assert publisher.hits("/feed.xml") == 2
    assert publisher.conditional_hits("/feed.xml") == 1


def test_a_feed_without_validators_is_read_again_but_nothing_is_taken_twice(publisher, no_pipeline):
    url = publisher.fixture("/feed.xml", "feed.rss.xml", validators=False)
    source = _source(url)
    source_poll(source.pk)
    entries, articles = SourceEntry.objects.count(), Article.objects.count()

    again = source_poll(source.pk)

    assert (again.status, again.entries) == ("unchanged", 0)
    assert (SourceEntry.objects.count(), Article.objects.count()) == (entries, articles)


def test_a_new_entry_in_the_feed_is_the_only_thing_taken(publisher, no_pipeline):
    feed = (publisher.fixture("/feed.xml", "feed.rss.xml"), publisher.routes["/feed.xml"].body.decode())[1]
    source = _source(publisher.base_url + "/feed.xml")
    source_poll(source.pk)
    longer = feed.replace(
        "<item>",
        "<item><title>Fuel duty frozen</title><guid>courier-fuel</guid>"
        "<link>https://courier.example/news/fuel</link><description>"
        + "The finance minister said fuel duty would stay frozen for a fifth year, saving drivers 120 euros. " * 4
        + "</description></item><item>",
        1,
    )
    publisher.put("/feed.xml", longer)

    outcome = source_poll(source.pk)

    assert (outcome.status, outcome.entries, outcome.articles) == ("new", 1, 1)
    assert SourceEntry.objects.get(source=source, key="courier-fuel").article.title == "Fuel duty frozen"


def test_an_atom_feed_is_read_like_rss(publisher, no_pipeline):
    source = _source(publisher.fixture("/atom.xml", "feed.atom.xml", content_type="application/atom+xml"))
    outcome = source_poll(source.pk)
    assert (outcome.status, outcome.articles) == ("new", 1)
    article = Article.objects.get(source=Article.Source.FEED)
    assert article.title.startswith("Rail fares")
    assert article.source_name == source.name


def test_a_watched_page_is_ingested_when_its_text_changes_and_only_then(publisher, no_pipeline):
    url = publisher.fixture("/statement", "page.html", content_type="text/html; charset=utf-8", validators=False)
    source = _source(url, kind="page")

    assert source_poll(source.pk).articles == 1
    assert source_poll(source.pk).status == "unchanged"
    page = publisher.routes["/statement"].body.decode()
    publisher.put(
        "/statement",
        page.replace("3,100 new teachers", "3,400 new teachers"),
        content_type="text/html; charset=utf-8",
        validators=False,
    )
    changed = source_poll(source.pk)

    assert (changed.status, changed.articles) == ("new", 1)
    assert Article.objects.filter(source=Article.Source.FEED).count() == 2
    assert "Olsen" in Article.objects.order_by("-pk").first().raw_text


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [("claimreview_datafeed.json", 2), ("claimreview_graph.jsonld", 1), ("google_factcheck_tools.json", 2)],
)
def test_claimreview_feeds_go_into_the_archive_once(publisher, fixture, expected):
    source = _source(
        publisher.fixture("/reviews", fixture, content_type="application/json", validators=False), "claimreview"
    )

    first = source_poll(source.pk)
    again = source_poll(source.pk)

    assert (first.status, first.factchecks) == ("new", expected)
    assert ArchivedFactCheck.objects.count() == expected
    assert (again.status, again.factchecks) == ("unchanged", 0)
    source.refresh_from_db()
    assert source.factchecks_imported == expected
    assert SourceEntry.objects.filter(source=source, outcome="factcheck", factcheck__isnull=False).count() == expected


def test_a_changed_rating_in_a_claimreview_feed_updates_the_archive(publisher):
    url = publisher.fixture("/reviews", "claimreview_datafeed.json", content_type="application/json")
    source = _source(url, "claimreview")
    source_poll(source.pk)
    body = publisher.routes["/reviews"].body.decode().replace('"Mostly false"', '"False"')
    publisher.put("/reviews", body, content_type="application/json")

    outcome = source_poll(source.pk)

    assert (outcome.status, outcome.factchecks, outcome.entries) == ("new", 1, 0)
    assert ArchivedFactCheck.objects.get(url__endswith="bridge-cost").rating == "False"
    assert ArchivedFactCheck.objects.count() == 2


def test_a_failing_source_backs_off_and_says_why(publisher, settings):
    source = _source(publisher.base_url + "/gone.xml", poll_minutes=10)

    first = source_poll(source.pk)
    second = source_poll(source.pk)

    assert first.status == second.status == "failed"
    assert "HTTP 404" in first.reason and "new address" in first.reason
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert source.last_error == second.reason
    wait = source.next_poll_at - source.last_failure_at
    assert timedelta(minutes=39) < wait <= timedelta(minutes=40)  # 10 x 2^2
    assert source.last_success_at is None


def test_a_success_after_failures_resets_the_backoff(publisher, no_pipeline):
    source = _source(publisher.base_url + "/feed.xml", poll_minutes=15)
    source_poll(source.pk)
    publisher.fixture("/feed.xml", "feed.atom.xml")

    outcome = source_poll(source.pk)

    source.refresh_from_db()
    assert outcome.status == "new"
    assert source.consecutive_failures == 0
    assert source.last_failure_at is not None  # the last failure stays on record, with its reason
    assert source.next_poll_at - source.last_success_at <= timedelta(minutes=15)


def test_something_that_is_not_a_feed_is_a_failure_an_editor_understands(publisher):
    url = publisher.put("/home", "<html><body><p>Welcome to our site</p></body></html>", content_type="text/html")
    outcome = source_poll(_source(url).pk)
    assert outcome.status == "failed"
    assert "RSS or Atom" in outcome.reason and "feed's address" in outcome.reason


def test_a_server_error_is_retried_later(publisher):
    url = publisher.put("/feed.xml", "oops", status=503)
    outcome = source_poll(_source(url).pk)
    assert "HTTP 503" in outcome.reason and "try again" in outcome.reason


def test_a_refused_entry_is_noted_once_and_not_tried_again(publisher, no_pipeline):
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Intranet</title>'
        "<guid>intranet</guid><link>http://10.0.0.7/memo</link><description>A memo.</description></item>"
        "</channel></rss>"
    )
    source = _source(publisher.put("/feed.xml", body, validators=False))

    first = source_poll(source.pk)
    again = source_poll(source.pk)

    assert first.status == "new" and len(first.refused) == 1 and "public internet" in first.refused[0][1]
    assert again.entries == 0 and again.refused == []
    assert SourceEntry.objects.get(key="intranet").outcome == "refused"
    assert not Article.objects.exists()


def test_a_disabled_source_is_not_polled_unless_forced(publisher, no_pipeline):
    source = _source(publisher.fixture("/feed.xml", "feed.atom.xml"), enabled=False)
    assert source_poll(source.pk).status == "skipped"
    assert publisher.hits("/feed.xml") == 0
    assert source_poll(source.pk, force=True).status == "new"


def test_a_source_being_polled_is_not_polled_twice_at_once(publisher):
    source = _source(publisher.fixture("/feed.xml", "feed.atom.xml"), polling_since=timezone.now())
    outcome = source_poll(source.pk)
    assert (outcome.status, publisher.hits("/feed.xml")) == ("skipped", 0)


def test_a_poll_abandoned_by_a_dead_worker_is_taken_over(publisher, no_pipeline):
    source = _source(publisher.fixture("/feed.xml", "feed.atom.xml"), polling_since=timezone.now() - timedelta(hours=1))
    assert source_poll(source.pk).status == "new"
    source.refresh_from_db()
    assert source.polling_since is None


def test_polls_write_no_audit_events_and_leave_the_editors_version_alone(publisher, no_pipeline):
    source = _source(publisher.fixture("/feed.xml", "feed.atom.xml"))
    updated_at = source.updated_at
    source_poll(source.pk)
    source.refresh_from_db()
    assert source.updated_at == updated_at
    assert not AuditEvent.objects.filter(action__startswith="source.").exists()


def test_the_schedule_sends_due_sources_once(monkeypatch):
    sent = []
    monkeypatch.setattr("factcheck.sources.services._send_poll", lambda pk, force=False: sent.append(pk))
    now = timezone.now()
    due = _source("https://a.example/feed", next_poll_at=now - timedelta(minutes=1))
    never = _source("https://b.example/feed", next_poll_at=None)
    _source("https://c.example/feed", next_poll_at=now + timedelta(minutes=5))
    _source("https://d.example/feed", next_poll_at=now - timedelta(minutes=5), enabled=False)

    assert sorted(sources_dispatch_due()) == sorted([due.pk, never.pk])
    assert sources_dispatch_due() == []  # held while their messages wait in the queue
    assert sorted(sent) == sorted([due.pk, never.pk])


@pytest.mark.parametrize(
    ("minutes", "failures", "expected"),
    [(30, 0, 30), (30, 1, 60), (30, 2, 120), (30, 5, 960), (30, 6, 1440), (30, 60, 1440), (2880, 3, 2880)],
)
def test_backoff_doubles_per_failure_up_to_the_cap(minutes, failures, expected):
    assert backoff_minutes(minutes, failures) == expected


def _datafeed(urls: list[str], next_url: str = "") -> str:
    import json

    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "ClaimReview",
                "url": url,
                "claimReviewed": f"Claim {url[-1]}",
                "reviewRating": {"alternateName": "False"},
            }
            for url in urls
        ],
    }
    if next_url:
        feed["next"] = next_url
    return json.dumps(feed)


def test_a_paged_claimreview_feed_is_followed_while_its_pages_bring_something_new(publisher):
    json_type = {"content_type": "application/json", "validators": False}
    url = publisher.put(
        "/cr.json", _datafeed(["https://n.example/1", "https://n.example/2"], "/cr-2.json"), **json_type
    )
    publisher.put("/cr-2.json", _datafeed(["https://n.example/3"]), **json_type)
    source = _source(url, "claimreview")

    first = source_poll(source.pk)
    again = source_poll(source.pk)

    assert (first.status, first.factchecks) == ("new", 3)
    assert ArchivedFactCheck.objects.count() == 3
    assert (again.status, again.factchecks) == ("unchanged", 0)
    assert publisher.hits("/cr-2.json") == 1  # nothing new on page 1: page 2 is not read again
