"""Signatures: what a receiver running ``verify`` accepts and refuses."""

import hashlib
import hmac

import pytest

from factcheck.notify import signing

SECRET = "whsec_test-secret"
BODY = b'{"event":"factcheck.published","data":{}}'


def test_a_signed_body_verifies_and_the_header_has_the_documented_shape():
    header = signing.sign(SECRET, BODY, timestamp=1_700_000_000)
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert signing.verify(SECRET, header, BODY, now=1_700_000_010) == 1_700_000_000


def test_a_text_body_and_its_bytes_sign_alike():
    assert signing.sign(SECRET, BODY.decode(), timestamp=5) == signing.sign(SECRET, BODY, timestamp=5)


@pytest.mark.parametrize(
    "body",
    [BODY.replace(b"published", b"retracted"), BODY + b" ", b""],
    ids=["changed", "appended", "empty"],
)
def test_a_tampered_body_is_refused(body):
    header = signing.sign(SECRET, BODY)
    with pytest.raises(signing.SignatureError, match="does not match"):
        signing.verify(SECRET, header, body)


def test_another_secret_is_refused():
    header = signing.sign("whsec_someone-else", BODY)
    with pytest.raises(signing.SignatureError, match="does not match"):
        signing.verify(SECRET, header, BODY)


def test_a_changed_timestamp_breaks_the_signature():
    header = signing.sign(SECRET, BODY, timestamp=1000)
    forged = header.replace("t=1000", "t=2000")
    with pytest.raises(signing.SignatureError, match="does not match"):
        signing.verify(SECRET, forged, BODY, now=2000)


def test_a_stale_timestamp_is_refused_as_a_replay():
    header = signing.sign(SECRET, BODY, timestamp=1_700_000_000)
    with pytest.raises(signing.SignatureError, match="replay"):
        signing.verify(SECRET, header, BODY, now=1_700_000_000 + 301)
    assert signing.verify(SECRET, header, BODY, now=1_700_000_000 + 300)
    with pytest.raises(signing.SignatureError, match="replay"):
        signing.verify(SECRET, header, BODY, tolerance=60, now=1_700_000_000 + 61)


def test_a_timestamp_from_the_future_is_refused_too():
    header = signing.sign(SECRET, BODY, timestamp=1_700_001_000)
    with pytest.raises(signing.SignatureError, match="replay"):
        signing.verify(SECRET, header, BODY, now=1_700_000_000)


def test_several_v1_signatures_pass_when_one_matches():
    good = signing.sign(SECRET, BODY, timestamp=42)
    header = good.replace(",v1=", ",v1=" + "0" * 64 + ",v1=")
    assert signing.verify(SECRET, header, BODY, now=42) == 42


@pytest.mark.parametrize(
    ("header", "says"),
    [("", "no timestamp"), ("v1=abc", "no timestamp"), ("t=12", "no v1"), ("t=abc,v1=00", "not a number")],
)
def test_malformed_headers_are_refused_with_a_reason(header, says):
    with pytest.raises(signing.SignatureError, match=says):
        signing.verify(SECRET, header, BODY)


def test_new_secrets_are_random_and_prefixed():
    first, second = signing.new_secret(), signing.new_secret()
    assert first != second and first.startswith("whsec_") and len(first) > 40
