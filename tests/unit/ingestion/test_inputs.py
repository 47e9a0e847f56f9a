"""Bad input is refused with a reason and leaves nothing behind."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from factcheck.articles.models import Article
from factcheck.articles.services import feed_inputs, ingest_file, ingest_url
from factcheck.inputs import IngestError, decode_text

pytestmark = pytest.mark.django_db


def _refused(tmp_path: Path, name: str, data: bytes) -> IngestError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        ingest_file(path)
    assert Article.objects.count() == 0
    return err.value


def test_empty_file_is_refused(tmp_path):
    assert _refused(tmp_path, "empty.txt", b"  \n\n").code == "empty"


def test_binary_file_is_refused(tmp_path):
    error = _refused(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    assert error.code == "binary"


def test_wrong_encoding_is_reported_with_the_byte(tmp_path):
    error = _refused(tmp_path, "latin1.txt", "Café prices rose 10% in 2024.".encode("latin-1"))
    assert error.code == "encoding"
    assert "not valid UTF-8" in error.message and "byte 3" in error.message


def test_file_over_the_limit_is_refused_before_reading(tmp_path, settings):
    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 100}
    error = _refused(tmp_path, "big.txt", b"The clinic treated 85 patients. " * 10)
    assert error.code == "too_large" and "limit is 100" in error.message


def test_utf8_with_bom_is_accepted():
    assert decode_text("\ufeffPrices rose 10%.".encode()) == "Prices rose 10%."


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "javascript:alert(1)"])
def test_non_http_url_is_refused(url):
    with pytest.raises(IngestError) as err:
        ingest_url(url)
    assert err.value.code == "bad_scheme"
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",
        "http://0x7f000001/",
    ],
)
def test_private_and_loopback_urls_are_refused(url):
    with pytest.raises(IngestError) as err:
        ingest_url(url)
    assert err.value.code == "blocked_address"
    assert Article.objects.count() == 0


def test_feed_that_does_not_parse_is_refused():
    with pytest.raises(IngestError) as err:
        feed_inputs(b"this is not a feed at all <<<")
    assert err.value.code == "bad_feed"


def test_ingest_command_reports_refusals_and_fails_when_nothing_landed(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    with pytest.raises(CommandError):
        call_command("ingest", str(bad))
    assert Article.objects.count() == 0


def test_a_refusal_reads_in_the_active_language(settings):
    """Refusals are whole sentences translated when raised: the name goes in, no English is left around it."""
    from django.utils import translation

    from factcheck.inputs import file_input

    settings.FACTDESK = {**settings.FACTDESK, "INGEST_MAX_BYTES": 100}
    with translation.override("ru"):
        with pytest.raises(IngestError) as empty:
            file_input("notes.txt", b"  \n\n ")
        with pytest.raises(IngestError) as large:
            file_input("big.txt", b"x" * 1500)
        with pytest.raises(IngestError) as old_word:
            file_input("old.doc", b"x")
    assert empty.value.code == "empty" and empty.value.message == "Файл notes.txt пуст."
    assert large.value.code == "too_large" and "big.txt" in large.value.message and "1\xa0500" in large.value.message
    assert old_word.value.code == "unsupported" and "old.doc" in old_word.value.message
    for error in (empty.value, large.value, old_word.value):
        assert "The file" not in error.message and "Файл" in error.message
