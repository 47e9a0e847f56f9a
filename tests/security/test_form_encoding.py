"""Desk forms must be UTF-8, whether sent form-encoded or as multipart: bytes that are not UTF-8 are refused
with a 400 naming the field, never stored as replacement characters."""

import pytest
from django.test import Client

from factcheck.claims.models import Claim

pytestmark = pytest.mark.django_db

BOUNDARY = "FactdeskBoundary7MA4YWxk"


def multipart(fields: dict[str, bytes], files: dict[str, bytes] | None = None) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value)
    for name, value in (files or {}).items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="data.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + value
        )
    return b"\r\n".join(parts) + f"\r\n--{BOUNDARY}--\r\n".encode()


def post_multipart(client, url, body):
    return client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


@pytest.fixture
def desk(users):
    client = Client()
    client.force_login(users["admin"])
    return client


def test_a_multipart_field_that_is_not_utf8_is_refused(desk, make_claim):
    claim = make_claim("dismissed")
    body = multipart({"note": b"caf\xe9 \xff", "version": str(claim.version).encode()})
    response = post_multipart(desk, f"/admin/claims/claim/{claim.pk}/workflow/reopen/", body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "UTF-8" in page and "note" in page
    after = Claim.objects.get(pk=claim.pk)
    assert (after.state, after.version) == (claim.state, claim.version)


def test_the_form_encoded_path_refuses_the_same_bytes(desk, make_claim):
    claim = make_claim("dismissed")
    response = desk.generic(
        "POST",
        f"/admin/claims/claim/{claim.pk}/workflow/reopen/",
        b"note=caf%E9+%FF&version=" + str(claim.version).encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


def test_the_admin_login_refuses_a_multipart_username_that_is_not_utf8(users):
    client = Client()
    response = post_multipart(client, "/admin/login/", multipart({"username": b"edit\xc3or", "password": b"x"}))
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


def test_utf8_multipart_forms_and_binary_files_pass(desk, make_claim, users):
    claim = make_claim("dismissed")
    body = multipart(
        {"note": "Réouvert — «à revoir»".encode(), "version": str(claim.version).encode()},
        files={"attachment": bytes(range(256))},
    )
    response = post_multipart(desk, f"/admin/claims/claim/{claim.pk}/workflow/reopen/", body)
    assert response.status_code == 302, response.content[:300]
    assert Claim.objects.get(pk=claim.pk).state == "new"
    login = post_multipart(
        Client(), "/admin/login/?next=/admin/", multipart({"username": b"editor", "password": b"pw-editor"})
    )
    assert login.status_code == 302
