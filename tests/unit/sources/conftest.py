import pytest

from tests.fixtures_ingest.publisher import serve


@pytest.fixture
def publisher(settings):
    """A publisher on 127.0.0.1, with loopback fetches allowed for this test only."""
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": True}
    server, httpd = serve()
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def no_pipeline(monkeypatch):
    """Articles are stored and queued, but extraction is not run (these tests are about what gets in)."""
    monkeypatch.setattr("factcheck.articles.services._enqueue", lambda article_id: None)
    monkeypatch.setattr("factcheck.articles.services._enqueue_fetch", lambda article_id: None)


@pytest.fixture
def public_names(monkeypatch):
    """Host names resolve to a public address (this sandbox has no DNS); the fetcher's checks still run."""
    import socket

    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host.endswith(".example"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.fixture
def client_for(users):
    """``client_for("editor")``: an API client signed in as that user (None: anonymous)."""
    from rest_framework.test import APIClient

    def make(who):
        client = APIClient()
        if who is not None:
            client.force_authenticate(users[who])
        return client

    return make
