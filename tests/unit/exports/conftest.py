"""Fixtures for the export tests: a desk of users, and files read back with real parsers."""

import csv
import io

import openpyxl
import pytest


def read_csv(response) -> list[list[str]]:
    """A CSV download read as a spreadsheet would read it: BOM first, then rows."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark first, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def read_xlsx(response) -> list[list]:
    body = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def as_user(client, users):
    def login(name):
        client.force_login(users[name])
        return client

    return login
