"""URL and feed ingestion against a real HTTP server on loopback (loopback allowed explicitly)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck.articles.models import Article
from factcheck.articles.services import article_ingest, feed_inputs, ingest_url, load_feed
from factcheck.inputs import IngestError

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html lang="en"><head><title>Clinic doubles capacity</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Clinic doubles capacity</h1>
<p>The regional clinic treated 1,200 patients in 2024, twice as many as in 2022, its director said on Monday.</p>
<p>The expansion cost 4.5 million euros and was paid for by the regional government, according to the budget.</p>
<p>It is the only clinic in the region that offers the therapy, the director added.</p>
</article><footer>Follow us on social media. Copyright 2025.</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Health Desk</title>
<item><title>Vaccine trial enrols 48 volunteers</title><link>https://news.example/a</link>
<description>The first human trial enrolled 48 volunteers in June 2025, the ministry said.</description>
<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item>
<item><title>Drug costs fall</title><link>https://news.example/b</link>
<description>A course of treatment now costs $55,000, down from $80,000 in 2023.</description></item>
</channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/feed": (200, "application/rss+xml", FEED),
        }
        if self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.5/secret")
            self.end_headers()
            return
        if self.path == "/to-metadata":
            self.send_response(301)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", "nope"))
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": True}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_ingest_extracts_main_text_without_chrome(server, committed):
    with committed():
        result = ingest_url(f"{server}/article")
    article = Article.objects.get(pk=result.article.pk)
    assert result.created and article.source == "url"
    assert "1,200 patients" in article.raw_text
    assert "Follow us on" not in article.raw_text and "Sport" not in article.raw_text
    assert article.title == "Clinic doubles capacity"
    assert article.status == Article.Status.DONE
    assert article.claims.filter(text__contains="1,200 patients").exists()


def test_url_ingest_twice_is_one_article(server):
    first = ingest_url(f"{server}/article")
    second = ingest_url(f"{server}/article")
    assert first.created and not second.created and first.article.pk == second.article.pk


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_redirect_into_private_range_is_refused(server, path):
    with pytest.raises(IngestError) as err:
        ingest_url(f"{server}{path}")
    assert err.value.code == "blocked_address"
    # The row stored before the fetch says why it failed; no text from anywhere was stored.
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and article.raw_text == "" and article.error


def test_http_error_is_reported(server):
    with pytest.raises(IngestError) as err:
        ingest_url(f"{server}/missing")
    assert err.value.code == "http_error" and "404" in err.value.message


def test_loopback_is_refused_unless_allowed(server, settings):
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": False}
    with pytest.raises(IngestError) as err:
        ingest_url(f"{server}/article")
    assert err.value.code == "blocked_address"


def test_feed_entries_become_articles(server, committed):
    items = feed_inputs(load_feed(f"{server}/feed"))
    assert [i.title for i in items] == ["Vaccine trial enrols 48 volunteers", "Drug costs fall"]
    assert items[0].publisher == "Health Desk" and items[0].published_at.year == 2025
    with committed():
        for item in items:
            article_ingest(item, source=Article.Source.FEED)
    assert Article.objects.filter(source="feed", status="done").count() == 2
