"""Refusals given before any view runs (a malformed desk request, an oversized API body) are in the
request's language too, although they come before ``LocaleMiddleware`` has set it."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_desk_address_is_refused_in_the_requests_language(client):
    english = client.get("/admin/claims/claim/", {"q": "\x00"})
    russian = client.get("/admin/claims/claim/", {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert english.status_code == russian.status_code == 400
    assert "The address contains a NUL byte (%00); remove it and try again." in english.content.decode()
    page = russian.content.decode()
    assert "В адресе есть байт NUL (%00); удалите его и попробуйте снова." in page and 'lang="ru"' in page


def test_a_form_field_not_in_utf8_is_named_in_the_requests_language(client):
    body = b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\ncaf\xe9\r\n--b--\r\n'
    answer = client.generic(
        "POST", "/admin/login/", body, content_type="multipart/form-data; boundary=b", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert answer.status_code == 400
    assert "El campo del formulario «note» no es UTF-8 válido" in answer.content.decode()


def test_an_oversized_api_body_is_refused_in_the_requests_language(client, settings):
    settings.FACTDESK = {**settings.FACTDESK, "API_MAX_BODY_BYTES": 100}
    answer = client.post("/api/v1/articles/", b"x" * 2000, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"
    assert answer.json()["detail"] == "Тело запроса занимает 2\xa0000 байт; ограничение — 100."
