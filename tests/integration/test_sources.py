"""Monitored sources polled by beat and a real Celery worker over Redis, against PostgreSQL.

A local publisher on 127.0.0.1 (loopback fetches allowed for this worker only) serves the feeds. Beat ticks
every second; nothing here calls a service to poll: the schedule does it all.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.sources.models import Source, SourceEntry
from tests.fixtures_ingest.publisher import FIXTURES, serve

from .conftest import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SLOW_SECONDS = 12


@pytest.fixture
def publisher():
    server, httpd = serve()
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def beat_worker(worker_queue, tmp_path):
    worker = WorkerProcess(
        worker_queue,
        tmp_path / "worker.log",
        concurrency=2,
        beat=True,
        extra_env={
            "FACTDESK_ALLOW_LOOPBACK_FETCH": "true",
            "FACTDESK_SOURCES_TICK_SECONDS": "1",
            "FACTDESK_SOURCES_FETCH_TIMEOUT": str(SLOW_SECONDS + 10),
        },
    ).start(timeout=90)
    yield worker
    worker.stop()


def _row(source: Source) -> Source:
    return Source.objects.get(pk=source.pk)


def _due_now(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())


def test_beat_takes_new_entries_once_and_an_unchanged_feed_costs_one_304(publisher, beat_worker):
    feed = (FIXTURES / "feed.rss.xml").read_text().replace("https://courier.example", publisher.base_url)
    publisher.put("/news/libraries", "<html><body><article><p>" + "The council will close three libraries. " * 20)
    source = Source.objects.create(
        name="Courier", kind="rss", url=publisher.put("/feed.xml", feed), next_poll_at=timezone.now()
    )

    wait_for(lambda: _row(source).last_success_at is not None, timeout=60, message="the first poll")
    first = _row(source)
    assert (first.entries_seen, first.articles_ingested, first.consecutive_failures) == (3, 3, 0)
    wait_for(
        lambda: Article.objects.filter(source=Article.Source.FEED, content_hash__isnull=False).count() == 3,
        timeout=60,
        message="the teaser's page fetched by the worker",
    )
    articles = Article.objects.count()
    assert publisher.hits("/feed.xml") == 1

    _due_now(source)
    wait_for(lambda: _row(source).last_polled_at > first.last_polled_at, timeout=30, message="the second poll")

    assert publisher.hits("/feed.xml") == 2
    assert publisher.conditional_hits("/feed.xml") == 1
    assert Article.objects.count() == articles
    assert _row(source).entries_seen == 3

    publisher.put(
        "/feed.xml",
        feed.replace(
            "<item>",
            "<item><title>Fuel duty frozen</title><guid>courier-fuel</guid><description>"
            + "The finance minister said fuel duty would stay frozen for a fifth year. " * 6
            + "</description></item><item>",
            1,
        ),
    )
    second = _row(source)
    _due_now(source)
    wait_for(lambda: _row(source).last_polled_at > second.last_polled_at, timeout=30, message="the third poll")

    assert Article.objects.count() == articles + 1
    assert SourceEntry.objects.filter(source=source).count() == 4
    assert SourceEntry.objects.get(key="courier-fuel").article.title == "Fuel duty frozen"


def test_a_failing_source_backs_off_and_a_slow_one_blocks_no_other(publisher, beat_worker):
    now = timezone.now()
    slow = Source.objects.create(
        name="Slow",
        kind="rss",
        url=publisher.fixture("/slow.xml", "feed.atom.xml", delay=SLOW_SECONDS),
        next_poll_at=now,
    )
    failing = Source.objects.create(
        name="Gone", kind="rss", url=publisher.base_url + "/gone.xml", poll_minutes=10, next_poll_at=now
    )
    fast = Source.objects.create(
        name="Fast",
        kind="claimreview",
        url=publisher.fixture("/reviews.json", "claimreview_datafeed.json", content_type="application/json"),
        next_poll_at=now,
    )

    wait_for(
        lambda: _row(fast).last_success_at is not None and _row(failing).last_failure_at is not None,
        timeout=SLOW_SECONDS - 2,
        message="the fast and the failing source polled while the slow one is still answering",
    )
    assert _row(slow).last_polled_at is None
    assert _row(fast).factchecks_imported == 2

    gone = _row(failing)
    assert gone.consecutive_failures == 1
    assert "HTTP 404" in gone.last_error and "new address" in gone.last_error
    assert gone.next_poll_at - gone.last_failure_at == timedelta(minutes=20)  # 10 minutes, doubled once

    wait_for(lambda: _row(slow).last_success_at is not None, timeout=60, message="the slow source's poll")
    assert _row(slow).articles_ingested == 1
    # Backing off: the failing source is not polled again while beat keeps ticking.
    assert publisher.hits("/gone.xml") == 1
