"""Ingestion's refusals are whole sentences in the language of whoever meets them.

Each subject (a page, a source's answer, an archive, a feed, a file) has sentences of its own, so no
language gets an English phrase glued into a translated one; the desk, the API and the services all say
them in the request's language.
"""

from unittest import mock

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from factcheck import inputs
from factcheck.articles import services
from factcheck.claims.archive import parse_archive
from factcheck.fetch import FetchResult
from factcheck.inputs import IngestError, decode_text
from factcheck.sources import parsing

RU = "ru"


def _refusal(call, *args, **kwargs) -> IngestError:
    """The refusal in English (the language is set: a request before may have left another one active)."""
    with translation.override("en"), pytest.raises(IngestError) as caught:
        call(*args, **kwargs)
    return caught.value


def _in_russian(call, *args, **kwargs) -> IngestError:
    with translation.override(RU), pytest.raises(IngestError) as caught:
        call(*args, **kwargs)
    return caught.value


def _cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" for ch in text)


# --- every subject has every sentence it can meet ---------------------------------------------------------

BAD_BODIES = {
    "empty": b"   ",
    "binary": b"abc\x00def",
    "encoding": b"caf\xe9 au lait",
    "controls": b"\x01\x02\x03\x04 a",
}


@pytest.mark.parametrize(
    "subject",
    [
        inputs.page("https://news.example/a"),
        inputs.answer("https://fc.example/"),
        inputs.archive("old.csv"),
        ("file", "a.txt"),
        inputs.TEXT,
    ],
)
@pytest.mark.parametrize("body", sorted(BAD_BODIES))
def test_each_subject_is_refused_in_a_sentence_naming_it(subject, body):
    error = _refusal(decode_text, BAD_BODIES[body], subject)
    assert error.code == ("binary" if body == "controls" else body)
    kind, name = subject
    assert name in error.message and "%(" not in error.message
    russian = _in_russian(decode_text, BAD_BODIES[body], subject)
    assert russian.code == error.code and name in russian.message and _cyrillic(russian.message)


@pytest.mark.parametrize(
    "subject",
    [
        inputs.page("https://x.example/"),
        inputs.answer("https://y.example/"),
        inputs.archive("a.json"),
        inputs.feed("news.xml"),
    ],
)
def test_an_oversized_input_is_named_in_every_subject(subject, settings):
    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 10}
    error = _in_russian(inputs.check_size, 11, subject)
    assert error.code == "too_large" and subject[1] in error.message and _cyrillic(error.message)


# --- articles/services.py ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reviewer_sending_an_article_is_refused_in_russian(users):
    error = _in_russian(services.article_submit, actor=users["reviewer"], text="Prices rose 10% last year.")
    assert error.code == "forbidden"
    assert error.message == "Присылать статьи могут только редакторы и администраторы."


def test_two_ways_in_at_once_are_refused_in_russian():
    error = _in_russian(services.article_submit, actor=None, text="Some text.", url="https://a.example/")
    assert error.code == "invalid" and error.message == "Укажите что-то одно: текст статьи, файл или URL."


def _page(status: int, body: bytes, content_type: str = "text/html") -> FetchResult:
    return FetchResult("https://news.example/a", status, content_type, body)


def test_a_page_that_answers_an_error_is_refused_in_russian():
    with mock.patch.object(services, "guarded_fetch", return_value=_page(404, b"nope")):
        error = _in_russian(services.fetch_url_input, "https://news.example/a")
    assert error.code == "http_error"
    assert error.message == "Страница https://news.example/a ответила HTTP 404."


def test_a_page_not_in_its_declared_charset_is_refused_in_russian():
    page = _page(200, "Цены".encode(), "text/html; charset=ascii")
    with mock.patch.object(services, "guarded_fetch", return_value=page):
        error = _in_russian(services.fetch_url_input, "https://news.example/a")
    assert error.code == "encoding"
    assert error.message == "Страница https://news.example/a — некорректный ascii."


def test_a_page_that_is_not_utf8_is_named_as_a_page():
    with mock.patch.object(services, "guarded_fetch", return_value=_page(200, b"caf\xe9 au lait")):
        english = _refusal(services.fetch_url_input, "https://news.example/a")
        russian = _in_russian(services.fetch_url_input, "https://news.example/a")
    assert english.message.startswith("The page at https://news.example/a is not valid UTF-8")
    assert russian.message.startswith("Страница https://news.example/a — некорректный UTF-8")


def test_feed_refusals_are_in_russian(tmp_path):
    assert _in_russian(services.feed_inputs, b"<rss version='2.0'><channel></channel></rss>").message == (
        "В ленте нет записей."
    )
    unreadable = _in_russian(services.feed_inputs, b"\x00\x01 not xml <<<")
    assert unreadable.code == "bad_feed" and unreadable.message.startswith("Это не читаемая лента RSS или Atom (")
    missing = _in_russian(services.load_feed, str(tmp_path / "gone.xml"))
    assert missing.code == "not_found" and missing.message.endswith("— не URL http(s) и не файл.")


@pytest.mark.django_db
def test_the_api_refuses_a_private_address_in_the_requests_language(users):
    api = APIClient()
    api.force_authenticate(users["editor"])
    body = {"url": "http://10.1.2.3/page"}
    english = api.post("/api/v1/articles/", body, format="json")
    russian = api.post("/api/v1/articles/", body, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert english.status_code == russian.status_code == 400
    assert "not on the public internet" in str(english.json())
    assert "Этот адрес не в публичном интернете" in str(russian.json())
    assert "not on the public internet" not in str(russian.json())


# --- claims/archive.py ------------------------------------------------------------------------------------


def test_an_archive_missing_columns_is_refused_in_russian():
    error = _in_russian(parse_archive, b"claim,url\nThe sky is green.,https://fc.example/1\n", name="old.csv")
    assert error.code == "bad_archive"
    assert error.message == "В CSV нужны столбцы claim, rating, url (не хватает: rating)."


def test_an_archive_that_is_not_utf8_names_the_archive_in_russian():
    error = _in_russian(parse_archive, b"claim,rating,url\ncaf\xe9,False,https://fc.example/1\n", name="old.csv")
    assert error.code == "encoding" and error.message.startswith("Архив old.csv — некорректный UTF-8 (байт ")


def test_archive_json_refusals_are_in_russian():
    broken = _in_russian(parse_archive, b'{"@type": "ClaimReview",', name="a.json")
    assert broken.message == "Некорректный JSON (строка 1, столбец 25)."
    empty = _in_russian(parse_archive, b'[{"@type": "Article"}]', name="a.json")
    assert empty.message == "Не найдено ни одного объекта ClaimReview с claimReviewed и url."


# --- sources/parsing.py -----------------------------------------------------------------------------------


def test_a_sources_answer_in_the_wrong_charset_is_refused_in_russian():
    body = "Цены".encode()
    page = _in_russian(parsing.parse_page, body, content_type="text/html; charset=ascii", url="https://gov.example/")
    assert page.message == "Страница https://gov.example/ — некорректный ascii."
    answer = _in_russian(
        parsing.parse_claimreviews, body, content_type="application/json; charset=ascii", url="https://fc.example/"
    )
    assert answer.message == "Ответ https://fc.example/ — некорректный ascii."
