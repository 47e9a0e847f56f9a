"""POST /api/v1/articles/ as multipart with a ``file``: the same service, refusals and error shape as JSON."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from factcheck.articles.models import Article
from tests.fixtures_ingest.documents import make_docx, make_pdf

pytestmark = pytest.mark.django_db
URL = "/api/v1/articles/"
TEXT = (
    "The regional clinic treated 1,200 patients in 2024, twice as many as in 2022, its director said.\n\n"
    "Unemployment fell to 4.1% in March, the lowest rate since 2008, according to the statistics office."
)


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("clinic.txt", TEXT.encode()),
        ("clinic.docx", make_docx(TEXT.split("\n\n"), title="Clinic")),
        ("clinic.pdf", make_pdf(TEXT.split("\n\n"), title="Clinic")),
    ],
)
def test_multipart_file_is_stored_and_processed(editor, committed, name, data):
    with committed():
        response = editor.post(URL, {"file": _file(name, data), "publisher": "Daily Post"}, format="multipart")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["created"] is True and body["source"] == "file" and body["publisher"] == "Daily Post"
    article = Article.objects.get(pk=body["id"])
    assert article.source_name == name and "1,200 patients" in article.raw_text
    assert response["Location"].endswith(f"/api/v1/articles/{article.pk}/")
    detail = editor.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["status"] == "done" and any("1,200" in claim["text"] for claim in detail["claims"])


def test_the_same_file_twice_is_200_with_the_same_article(editor):
    first = editor.post(URL, {"file": _file("a.txt", TEXT.encode())}, format="multipart")
    again = editor.post(URL, {"file": _file("b.txt", TEXT.encode())}, format="multipart")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b" \n ", "empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        ("latin.txt", "Café prices rose 10% in 2024.".encode("latin-1"), "encoding"),
        ("broken.pdf", b"%PDF-1.4 and nothing more", "unreadable"),
        ("scan.pdf", make_pdf([]), "no_text"),
        ("old.doc", b"\xd0\xcf\x11\xe0 word 97", "unsupported"),
    ],
)
def test_refused_files_answer_400_with_the_one_error_shape(editor, name, data, code):
    response = editor.post(URL, {"file": _file(name, data)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and name in body["detail"]
    assert Article.objects.count() == 0


def test_a_file_over_the_limit_is_413(editor, settings):
    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 50}
    response = editor.post(URL, {"file": _file("long.txt", TEXT.encode())}, format="multipart")
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert Article.objects.count() == 0


def test_a_file_beside_text_or_a_url_is_refused_field_by_field(editor):
    response = editor.post(URL, {"file": _file("a.txt", TEXT.encode()), "text": TEXT}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "file" in body["fields"]
    assert Article.objects.count() == 0


def test_multipart_without_a_file_or_text_is_refused(editor):
    response = editor.post(URL, {"title": "Only a title"}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_multipart_text_still_works(editor):
    response = editor.post(URL, {"text": TEXT, "title": "Clinic"}, format="multipart")
    assert response.status_code == 202 and response.json()["source"] == "api"


def test_reviewers_cannot_upload(reviewer):
    response = reviewer.post(URL, {"file": _file("a.txt", TEXT.encode())}, format="multipart")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Article.objects.count() == 0


def test_schema_documents_the_multipart_file(users):
    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    body = schema["paths"]["/api/v1/articles/"]["post"]["requestBody"]["content"]
    assert "application/json" in body and "multipart/form-data" in body
    ref = body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    upload = schema["components"]["schemas"][ref]["properties"]["file"]
    assert upload["format"] == "binary"
    json_ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "file" not in schema["components"]["schemas"][json_ref]["properties"]
