"""Faults against real processes and services: nothing is lost, nothing is duplicated.

Each test is bounded in time and runs on PostgreSQL + Redis with real `celery worker` processes.
"""

import os
import signal
import subprocess
import time
from unittest import mock

import pytest
from django.db import connection

from factcheck.articles.models import Article
from factcheck.articles.pipeline import article_process
from factcheck.articles.services import article_ingest
from factcheck.claims.models import Claim
from factcheck.extraction import extract
from factcheck.inputs import ArticleInput
from tests.corpus import corpus
from tests.procs import free_port

from .conftest import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _expected_claims(texts) -> int:
    return sum(len(extract(text).claims) for text in texts)


def _no_duplicate_spans():
    spans = list(Claim.objects.values_list("article_id", "start", "end"))
    return len(spans) == len(set(spans))


def test_worker_killed_mid_task_loses_and_duplicates_nothing(worker_queue, tmp_path, settings):
    """300 articles; SIGKILL a pool process mid-task, then the whole worker; a new worker finishes."""
    articles = corpus(300, seed=7)
    for title, text in articles:
        article_ingest(ArticleInput(text=text, title=title), source=Article.Source.API)
    assert Article.objects.count() == 300

    first = WorkerProcess(
        worker_queue, tmp_path / "worker-a.log", concurrency=2, extra_env={"CELERY_VISIBILITY_TIMEOUT": "5"}
    ).start()
    kills = 0
    try:
        wait_for(lambda: Article.objects.filter(status="done").count() >= 20, timeout=120, message="20 done")
        children = first.child_pids()
        assert children, "the worker should have pool processes"
        os.kill(children[0], signal.SIGKILL)  # a pool process dies under a task
        kills += 1
        wait_for(lambda: Article.objects.filter(status="done").count() >= 80, timeout=120, message="80 done")
        os.killpg(first.proc.pid, signal.SIGKILL)  # the whole worker dies, unacknowledged messages with it
        first.proc.wait(timeout=10)
        kills += 1
    finally:
        first.stop()
    done_after_kill = Article.objects.filter(status="done").count()
    assert done_after_kill < 300, "the kill should have left work pending"

    # The sweeper re-enqueues what the database shows as stuck; Redis also redelivers unacked messages.
    settings.FACTDESK = {**settings.FACTDESK, "STUCK_AFTER_SECONDS": 0}
    second = WorkerProcess(
        worker_queue, tmp_path / "worker-b.log", concurrency=2, extra_env={"CELERY_VISIBILITY_TIMEOUT": "5"}
    ).start()
    try:
        from factcheck.articles.tasks import sweep_stuck_articles

        time.sleep(1)
        sweep_stuck_articles.apply()
        wait_for(lambda: Article.objects.filter(status="done").count() == 300, timeout=240, message="all 300 done")
    finally:
        second.stop()
    assert Article.objects.exclude(status="done").count() == 0
    assert Claim.objects.count() == _expected_claims(text for _, text in articles)
    assert _no_duplicate_spans()
    print(
        f"\nfault 1: 300 articles, {kills} kills, {done_after_kill} done before restart, "
        f"{Claim.objects.count()} claims, 0 lost, 0 duplicated"
    )


def test_a_dropped_database_connection_mid_pipeline_fails_cleanly_and_a_retry_completes():
    title, text = corpus(1, seed=11)[0]
    with mock.patch("factcheck.articles.services._enqueue"):
        article = article_ingest(ArticleInput(text=text, title=title), source=Article.Source.API).article

    def drop_connection(claims, prematched=None):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    from django.db import OperationalError

    with (
        mock.patch("factcheck.articles.pipeline.link_claims", side_effect=drop_connection),
        pytest.raises(OperationalError),
    ):
        article_process(article.pk)
    article.refresh_from_db()
    assert article.status == "failed" and "OperationalError" in article.error
    assert Claim.objects.filter(article=article).count() == 0  # nothing half-written
    assert article_process(article.pk) == len(extract(text).claims)
    article.refresh_from_db()
    assert (article.status, article.error, article.attempts) == ("done", "", 2)


@pytest.fixture
def spare_redis(tmp_path):
    """A Redis of the test's own on a free port, so stopping it disturbs nobody else."""
    port = free_port()

    def start():
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(tmp_path),
                "--logfile",
                str(tmp_path / "redis.log"),
            ],
            check=True,
        )
        wait_for(
            lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0,
            timeout=10,
            message="spare redis up",
        )

    def stop():
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)
        wait_for(
            lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode != 0,
            timeout=10,
            message="spare redis down",
        )

    start()
    yield {"url": f"redis://127.0.0.1:{port}/0", "start": start, "stop": stop}
    stop()


def test_broker_down_articles_are_kept_queued_and_complete_when_it_returns(worker_queue, tmp_path, users, spare_redis):
    from tests.factories import api_token

    from .conftest import WebServer, http

    token = api_token(users["editor"])
    server = WebServer(tmp_path / "web.log", queue=worker_queue, redis_url=spare_redis["url"]).start()
    try:
        spare_redis["stop"]()
        texts = [text for _, text in corpus(10, seed=21)]
        statuses = []
        started = time.monotonic()
        for text in texts:
            status, body = http("POST", f"{server.url}/api/v1/articles/", token=token, body={"text": text})
            statuses.append(status)
            assert status in (202, 503), body
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    assert Article.objects.count() == statuses.count(202) == 10
    assert set(Article.objects.values_list("status", flat=True)) == {"queued"}

    spare_redis["start"]()
    worker = WorkerProcess(
        worker_queue,
        tmp_path / "worker.log",
        beat=True,
        extra_env={
            "REDIS_URL": spare_redis["url"],
            "FACTDESK_SWEEP_EVERY_SECONDS": "2",
            "FACTDESK_STUCK_AFTER_SECONDS": "1",
        },
    ).start()
    try:
        wait_for(lambda: Article.objects.filter(status="done").count() == 10, timeout=120, message="all 10 done")
    finally:
        worker.stop()
    assert Claim.objects.count() == _expected_claims(texts) and _no_duplicate_spans()
    print(
        f"\nfault 2: broker down, 10 articles posted ({statuses.count(202)} x 202, 0 x 5xx) in {elapsed:.1f}s; "
        f"all 10 completed after restart; {Claim.objects.count()} claims"
    )
