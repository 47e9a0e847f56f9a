"""Articles → Add at the desk: paste, upload or a URL, through the same ingest services as the API.

Every refusal is a form error that keeps what was typed (a file input cannot be refilled by a browser, so
its error says to choose the file again); the same text twice lands on the article already on the desk.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from tests.fixtures_ingest.documents import make_docx, make_pdf

pytestmark = pytest.mark.django_db

TEXT = (
    "The regional clinic treated 1,200 patients in 2024, twice as many as in 2022, its director said.\n\n"
    "Unemployment fell to 4.1% in March, the lowest rate since 2008, according to the statistics office."
)
ADD = "/admin/articles/article/add/"


@pytest.fixture
def desk(users):
    """An editor signed in to the admin."""
    client = Client()
    client.force_login(users["editor"])
    return client


def _form(data, files=None):
    from factcheck.articles.forms import ArticleIntakeForm

    return ArticleIntakeForm(data=data, files=files)


def _upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the form ---------------------------------------------------------------------------------------


def test_form_wants_exactly_one_way_in():
    nothing = _form({"title": "Clinic"})
    assert not nothing.is_valid()
    assert "paste the article's text, choose a file, or give its URL" in " ".join(nothing.non_field_errors())

    two = _form({"text": TEXT, "url": "https://example.org/a"})
    assert not two.is_valid()
    assert "only one" in " ".join(two.non_field_errors()).lower()

    text_and_file = _form({"text": TEXT}, {"file": _upload("a.txt", TEXT.encode())})
    assert not text_and_file.is_valid()

    assert _form({"text": TEXT, "title": "Clinic"}).is_valid()
    assert _form({"url": "https://example.org/a"}).is_valid()
    assert _form({}, {"file": _upload("a.txt", TEXT.encode())}).is_valid()


def test_form_refuses_an_original_url_beside_a_url_to_fetch():
    form = _form({"url": "https://example.org/a", "original_url": "https://example.org/b"})
    assert not form.is_valid()
    assert "original_url" in form.errors


def test_whitespace_only_text_counts_as_no_text():
    form = _form({"text": "   \n\n  "})
    assert not form.is_valid()


# --- the add page -----------------------------------------------------------------------------------


def test_add_page_offers_paste_upload_and_url(desk):
    response = desk.get(ADD)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("text", "file", "url", "title", "publisher", "published_at", "original_url"):
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html


def test_reviewers_do_not_see_add_and_cannot_post(users):
    client = Client()
    client.force_login(users["reviewer"])
    changelist = client.get("/admin/articles/article/")
    assert changelist.status_code == 200
    assert ADD not in changelist.content.decode()
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"text": TEXT}).status_code == 403
    assert Article.objects.count() == 0


def test_pasted_text_lands_on_its_article_with_claims(desk, users, committed):
    with committed():
        response = desk.post(
            ADD,
            {
                "text": TEXT,
                "title": "Clinic doubles capacity",
                "publisher": "Daily Post",
                "published_at": "2025-03-03",
                "original_url": "https://example.org/clinic",
            },
        )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert (article.title, article.publisher, article.url) == (
        "Clinic doubles capacity",
        "Daily Post",
        "https://example.org/clinic",
    )
    assert article.source == Article.Source.ADMIN and article.raw_text == TEXT
    assert article.published_at.date().isoformat() == "2025-03-03"
    assert AuditEvent.objects.get(action="article.ingest").actor == users["editor"]
    page = desk.get(response["Location"])
    html = page.content.decode()
    assert article.status == Article.Status.DONE and article.claims.exists()
    claim = article.claims.order_by("start").first()
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in html
    assert "claims found" in html.lower()
    queue = desk.get(reverse("admin:claims_claim_changelist") + f"?article={article.pk}")
    assert queue.status_code == 200 and claim.text[:40] in queue.content.decode()


def test_the_same_text_twice_takes_the_editor_to_the_article_on_the_desk(desk, committed):
    with committed():
        first = desk.post(ADD, {"text": TEXT, "title": "Clinic"})
    second = desk.post(ADD, {"text": TEXT, "title": "Another title"})
    article = Article.objects.get()
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert any(m.startswith("This article is already on the desk: ") for m in _messages(second))
    assert Article.objects.count() == 1 and article.title == "Clinic"


def test_saving_with_nothing_stores_nothing_and_twice_is_no_error(desk):
    # What a browser sends from the form with no article given (the former page also sent language and
    # source, and saved an empty "Queued" article, then answered a 500 the second time).
    for _ in range(2):
        response = desk.post(ADD, {"title": "Only a title", "language": "en", "source": "api"})
        assert response.status_code == 200
        assert "Only a title" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("notes.txt", b"  \n\n ", "is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "looks binary"),
        ("latin.txt", "Café prices rose 10% in 2024.".encode("latin-1"), "not valid UTF-8"),
        ("old.doc", b"\xd0\xcf\x11\xe0 word 97", "save it as .docx"),
        ("broken.docx", b"PK\x03\x04 this is not really a zip", "could not be read as a Word"),
        ("broken.pdf", b"%PDF-1.4 nothing else", "could not be read as a PDF"),
    ],
)
def test_a_refused_file_keeps_every_other_field_and_says_choose_again(desk, name, data, phrase):
    response = desk.post(ADD, {"file": _upload(name, data), "title": "Kept title", "publisher": "Kept Post"})
    assert response.status_code == 200
    form = response.context["form"]
    errors = " ".join(form.errors["file"])
    assert phrase in errors and "choose the file again" in errors.lower()
    html = response.content.decode()
    assert 'value="Kept title"' in html and 'value="Kept Post"' in html
    assert Article.objects.count() == 0


def test_text_over_the_limit_is_a_form_error_that_keeps_the_text(desk, settings):
    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 100}
    response = desk.post(ADD, {"text": TEXT, "title": "Kept"})
    assert response.status_code == 200
    assert "limit" in " ".join(response.context["form"].errors["text"])
    assert TEXT.split("\n")[0] in response.content.decode()
    assert Article.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(desk, settings):
    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 100}
    response = desk.post(ADD, {"file": _upload("long.txt", TEXT.encode())})
    assert "limit" in " ".join(response.context["form"].errors["file"])
    assert Article.objects.count() == 0


def test_text_with_nul_characters_is_refused_with_a_reason(desk):
    # The desk refuses NUL bytes in any form field before a view runs (factcheck.ops.security), with a
    # page saying what to do; the browser's Back keeps the text.
    response = desk.post(ADD, {"text": "bad\x00byte " + TEXT})
    assert response.status_code == 400 and b"NUL" in response.content
    assert Article.objects.count() == 0


def test_a_file_of_control_characters_is_refused_as_binary(desk):
    response = desk.post(ADD, {"file": _upload("noise.txt", bytes(range(1, 9)) * 400), "title": "Kept"})
    errors = " ".join(response.context["form"].errors["file"])
    assert "control characters" in errors and "choose a .txt, .md, .html, .docx or .pdf file" in errors
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("http://169.254.169.254/latest/meta-data/", "paste the article's text"),
        ("http://10.1.2.3/page", "not on the public internet"),
        ("ftp://example.org/article.txt", "http"),
    ],
)
def test_private_address_and_bad_scheme_are_form_errors_that_keep_the_url(desk, url, phrase):
    response = desk.post(ADD, {"url": url, "title": "Kept"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["url"])
    assert phrase in errors.lower()
    assert f'value="{url}"' in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("clinic.txt", TEXT.encode()),
        ("clinic.md", ("# Clinic doubles capacity\n\n" + TEXT.replace("1,200", "**1,200**")).encode()),
        (
            "clinic.html",
            (
                f"<html><head><title>Clinic doubles capacity</title></head><body><nav>Home | News</nav>"
                f"<article><p>{TEXT}</p></article></body></html>"
            ).encode(),
        ),
        ("clinic.docx", make_docx(TEXT.split("\n\n"), heading="Clinic doubles capacity")),
        ("clinic.pdf", make_pdf(TEXT.split("\n\n"), title="Clinic doubles capacity")),
    ],
)
def test_each_kind_of_file_becomes_an_article_with_claims(desk, committed, name, data):
    with committed():
        response = desk.post(ADD, {"file": _upload(name, data)})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    article = Article.objects.get()
    assert article.source == Article.Source.FILE and article.source_name == name
    assert "1,200 patients" in article.raw_text
    assert "**" not in article.raw_text and "Home | News" not in article.raw_text
    if name != "clinic.txt":
        assert article.title == "Clinic doubles capacity"
    assert article.status == Article.Status.DONE
    assert any("1,200" in claim.text for claim in article.claims.all())


def test_a_scanned_pdf_is_refused_with_what_to_do(desk):
    response = desk.post(ADD, {"file": _upload("scan.pdf", make_pdf([]))})
    errors = " ".join(response.context["form"].errors["file"])
    assert "no text layer" in errors and "paste the text" in errors
    assert Article.objects.count() == 0


def test_the_status_url_says_where_the_pipeline_is(desk, committed):
    with committed():
        desk.post(ADD, {"text": TEXT})
    article = Article.objects.get()
    status = desk.get(reverse("admin:articles_article_status", args=[article.pk])).json()
    assert status["status"] == "done" and status["pending"] is False
    assert status["claim_count"] == article.claims.count() > 0
    assert "claims found" in status["sentence"].lower()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PROCESSING)
    status = desk.get(reverse("admin:articles_article_status", args=[article.pk])).json()
    assert status["pending"] is True and "extracting" in status["sentence"].lower()
    assert desk.get(reverse("admin:articles_article_status", args=[999999])).status_code == 404


def test_a_pending_article_page_polls_its_status_without_inline_script(desk):
    desk.post(ADD, {"text": TEXT})  # on-commit hooks never run: the article stays queued
    article = Article.objects.get()
    html = desk.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert reverse("admin:articles_article_status", args=[article.pk]) in html
    assert "articles/article_progress.js" in html
    assert "waiting" in html.lower()
    assert "<script>" not in html.replace(" ", "")


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == "/missing":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (
            f"<!doctype html><html><head><title>Clinic</title></head><body><article><h1>Clinic</h1>"
            f"<p>{TEXT}</p></article></body></html>".encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def page_url(settings):
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": True}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/clinic"
    server.shutdown()
    server.server_close()


def test_a_url_is_fetched_and_lands_on_the_article(desk, committed, page_url):
    with committed():
        response = desk.post(ADD, {"url": page_url, "publisher": "Daily Post"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.source == Article.Source.URL and article.url == page_url and article.publisher == "Daily Post"
    assert article.status == Article.Status.DONE and "1,200 patients" in article.raw_text


def test_a_url_that_cannot_be_fetched_lands_on_a_page_saying_what_to_do(desk, committed, page_url):
    missing = page_url.replace("/clinic", "/missing")
    with committed():
        response = desk.post(ADD, {"url": missing})
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED
    html = desk.get(response["Location"]).content.decode()
    assert "could not be fetched" in html and "404" in html and "Paste the article" in html


def test_the_ingest_command_reads_word_and_pdf_files_of_a_folder(tmp_path):
    from django.core.management import call_command

    (tmp_path / "clinic.docx").write_bytes(make_docx(TEXT.split("\n\n")))
    (tmp_path / "rail.pdf").write_bytes(make_pdf(["Rail ridership rose 18% last year to 92 million journeys."]))
    call_command("ingest", str(tmp_path))
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["clinic.docx", "rail.pdf"]
