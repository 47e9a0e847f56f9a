"""An article interrupted mid-processing must not stay "processing" for ever, with or without beat.

In the embedded default (tasks in the web process, no beat) nothing runs in the background, so the sweep
runs where the desk already waits for ingestion: at most once per stuck threshold, after an ingest. And
sending the same text again re-queues a stuck or failed article (the answer says so).
"""

from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from factcheck.articles.services import article_ingest
from factcheck.inputs import ArticleInput

pytestmark = pytest.mark.django_db

TEXT = "The clinic treated 1,200 patients in 2024, its director said. It is the only clinic in the region."
OTHER = "Unemployment fell to 4.1 percent in March, the statistics office said on Friday."
LONG_AGO = timezone.timedelta(hours=1)


@pytest.fixture
def api(users):
    cache.clear()  # throttle counters and the sweep's once-per-interval mark
    client = APIClient()
    client.force_authenticate(users["editor"])
    return client


def _interrupted(text: str = TEXT, *, status=Article.Status.PROCESSING, ago=LONG_AGO) -> Article:
    """An article left mid-pipeline, as when the server process was killed under it."""
    with mock.patch("factcheck.articles.services._enqueue"):
        article = article_ingest(ArticleInput(text=text), source=Article.Source.API).article
    Article.objects.filter(pk=article.pk).update(status=status, status_changed_at=timezone.now() - ago)
    return article


def test_resubmitting_the_text_of_a_stuck_article_requeues_it(api, committed):
    article = _interrupted()
    with committed():
        response = api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["id"] == article.pk and body["created"] is False and body["requeued"] is True
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.claims.exists()


def test_resubmitting_the_text_of_a_failed_article_requeues_it(api, committed):
    article = _interrupted(status=Article.Status.FAILED, ago=timezone.timedelta(seconds=5))
    with committed():
        body = api.post("/api/v1/articles/", {"text": TEXT}, format="json").json()
    assert body["requeued"] is True
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.error == ""


def test_an_article_still_being_processed_is_left_alone(api, committed):
    article = _interrupted(ago=timezone.timedelta(seconds=5))  # a worker may well be on it right now
    with committed():
        response = api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 200 and response.json()["requeued"] is False
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING


def test_the_embedded_default_sweeps_on_ingest_at_most_once_per_interval(api, committed):
    stuck = _interrupted()
    with committed():
        api.post("/api/v1/articles/", {"text": OTHER}, format="json")
    stuck.refresh_from_db()
    assert stuck.status == Article.Status.DONE, "the sweep ran after the ingest and processed the stuck article"
    again = _interrupted("A third article: prices rose 3 percent in 2024, the bank said.")
    with committed():
        api.post("/api/v1/articles/", {"text": "Exports grew 12 percent last year, officials said."}, format="json")
    again.refresh_from_db()
    assert again.status == Article.Status.PROCESSING, "swept already within this interval"
    cache.delete("factdesk:articles:swept")  # the interval has passed
    with committed():
        api.post("/api/v1/articles/", {"text": "Rents rose 7 percent in the capital, a survey found."}, format="json")
    again.refresh_from_db()
    assert again.status == Article.Status.DONE


def test_with_a_broker_the_ingest_does_not_sweep(api, committed):
    """Workers and beat run the sweeper there; the web request does not."""
    from factcheck.celery import app

    stuck = _interrupted()
    app.conf.task_always_eager = False  # put back by the autouse _eager_tasks fixture
    with mock.patch("factcheck.articles.services._enqueue") as enqueue, committed():
        api.post("/api/v1/articles/", {"text": OTHER}, format="json")
    app.conf.task_always_eager = True
    assert enqueue.call_count == 1  # the new article only
    stuck.refresh_from_db()
    assert stuck.status == Article.Status.PROCESSING
