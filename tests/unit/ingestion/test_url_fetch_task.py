"""Ingest by URL: the request stores a row (status ``fetching``) and answers at once; a task fetches the page.

A slow or hostile site then holds a Celery worker (bounded by the fetch's deadline and the task's time
limit), never a web worker. The row is the source of truth: the sweeper re-sends a fetch whose message was
lost, and a failed fetch leaves the row ``failed`` with the reason. The page is served by a real HTTP server
on loopback (allowed explicitly), which counts the requests it gets.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from factcheck.articles.services import article_retry, ingest_url
from factcheck.articles.tasks import sweep_stuck_articles
from factcheck.fetch import NOT_PUBLIC

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html lang="en"><head><title>Clinic doubles capacity</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Clinic doubles capacity</h1>
<p>The regional clinic treated 1,200 patients in 2024, twice as many as in 2022, its director said on Monday.</p>
<p>The expansion cost 4.5 million euros and was paid for by the regional government, according to the budget.</p>
</article><footer>Copyright 2025.</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        _Handler.hits.append(self.path)
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.5/secret")
            self.end_headers()
            return
        status, body = (200, PAGE) if self.path in ("/article", "/same-article", "/slow") else (404, "nope")
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": True}
    _Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def api(users):
    cache.clear()  # throttle counters
    client = APIClient()
    client.force_authenticate(users["editor"])
    return client


def test_the_api_answers_202_before_fetching_and_the_task_completes_the_article(api, site, committed):
    with committed():
        started = time.monotonic()
        response = api.post("/api/v1/articles/", {"url": f"{site}/slow"}, format="json")
        answered_in = time.monotonic() - started
        assert _Handler.hits == [], "the web request fetched the page itself"
    assert answered_in < 1.5
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "fetching" and body["created"] is True and body["url"] == f"{site}/slow"
    assert response["Location"].endswith(f"/api/v1/articles/{body['id']}/")
    polled = api.get(response["Location"]).json()
    assert polled["status"] == "done" and polled["title"] == "Clinic doubles capacity"
    assert polled["claim_count"] > 0 and _Handler.hits == ["/slow"]
    article = Article.objects.get(pk=body["id"])
    assert "1,200 patients" in article.raw_text and article.content_hash


def test_a_failed_fetch_leaves_the_row_failed_with_the_reason(api, site, committed):
    with committed():
        response = api.post("/api/v1/articles/", {"url": f"{site}/missing"}, format="json")
    assert response.status_code == 202
    polled = api.get(response["Location"]).json()
    assert polled["status"] == "failed" and "404" in polled["error"] and polled["claim_count"] == 0


def test_a_redirect_into_the_private_network_fails_the_row_and_stores_no_text(api, site, committed):
    with committed():
        response = api.post("/api/v1/articles/", {"url": f"{site}/to-private"}, format="json")
    article = Article.objects.get(pk=response.json()["id"])
    assert article.status == Article.Status.FAILED and article.error == NOT_PUBLIC
    assert article.raw_text == "" and article.claims.count() == 0


def test_the_same_text_from_another_url_points_at_the_first_article(api, site, committed):
    with committed():
        first = api.post("/api/v1/articles/", {"url": f"{site}/article"}, format="json").json()
        second = api.post("/api/v1/articles/", {"url": f"{site}/same-article"}, format="json").json()
    polled = api.get(f"/api/v1/articles/{second['id']}/").json()
    assert polled["status"] == "duplicate" and polled["duplicate_of"] == first["id"]
    assert Article.objects.get(pk=first["id"]).status == Article.Status.DONE


def test_a_url_already_being_fetched_is_not_fetched_twice(api, site):
    first = api.post("/api/v1/articles/", {"url": f"{site}/article"}, format="json")
    again = api.post("/api/v1/articles/", {"url": f"{site}/article"}, format="json")
    assert first.status_code == 202 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False
    assert Article.objects.count() == 1


def test_the_sweeper_resends_a_lost_fetch(api, site, committed):
    # The broker "loses" the message.
    with mock.patch("factcheck.articles.services._enqueue_fetch"), committed():
        body = api.post("/api/v1/articles/", {"url": f"{site}/article"}, format="json").json()
    assert Article.objects.get(pk=body["id"]).status == Article.Status.FETCHING and _Handler.hits == []
    assert sweep_stuck_articles.apply().get() == 0  # not stuck long enough yet
    Article.objects.filter(pk=body["id"]).update(status_changed_at=timezone.now() - timezone.timedelta(hours=1))
    with committed():
        assert sweep_stuck_articles.apply().get() == 1
    assert Article.objects.get(pk=body["id"]).status == Article.Status.DONE


def test_retrying_a_failed_fetch_fetches_again(site, committed):
    with pytest.raises(Exception):  # noqa: B017 - the command path reports the failure (an IngestError)
        ingest_url(f"{site}/missing")
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and "404" in article.error
    with committed():
        article_retry(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and _Handler.hits == ["/missing", "/missing"]
    assert article.raw_text == "", "a never-fetched row is fetched again, not run through extraction"


def test_the_command_path_stays_synchronous(site):
    result = ingest_url(f"{site}/article")
    article = Article.objects.get(pk=result.article.pk)
    assert result.created and article.status in (Article.Status.QUEUED, Article.Status.DONE)
    assert "1,200 patients" in article.raw_text and _Handler.hits == ["/article"]
