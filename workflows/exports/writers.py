"""Writing rows to CSV and XLSX without holding them in memory.

CSV is produced as it is read: a generator of byte chunks for a ``StreamingHttpResponse``, starting with a
UTF-8 byte order mark so Excel opens Cyrillic and Greek as such (without it, Excel guesses the system's code
page). XLSX is written by XlsxWriter in ``constant_memory`` mode (each row goes to disk as soon as the next
one starts) into a temporary file, which is then streamed back and deleted when the response closes.

Formula injection: a text cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written to CSV behind an apostrophe, as OWASP advises, so
``=HYPERLINK(...)`` typed into a claim arrives as text. In XLSX every text cell is written as a string
(``write_string``, never ``write``), which Excel never evaluates, so the text is kept exactly.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.utils import timezone

from factcheck.safety import strip_controls

from .columns import Cell, Column

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_ROWS_PER_CHUNK = 200
# Excel's limit is 1,048,576 rows a sheet, one of which is the header.
XLSX_MAX_ROWS = 1_048_575
XLSX_MAX_CELL = 32_767  # characters Excel keeps in a cell


def guard_formula(text: str) -> str:
    """Text a spreadsheet would take for a formula, made inert with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_naive(value: datetime.datetime, zone: datetime.tzinfo | None = None) -> datetime.datetime:
    """A stored time as the desk reads it (``TIME_ZONE``, or ``zone``), without a zone, as spreadsheets
    want it."""
    if timezone.is_aware(value):
        value = value.astimezone(zone or timezone.get_current_timezone())
    return value.replace(tzinfo=None)


def clean_text(value: object) -> str:
    """Text without the control characters a file must not carry (tab and line breaks stay)."""
    text = str(value)
    return text if text.isprintable() else strip_controls(text)


def csv_cell(value: Cell, kind: str, zone: datetime.tzinfo | None = None) -> str | int | float:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return f"{local_naive(value, zone):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and kind == "number":
        return value
    return guard_formula(clean_text(value))


class _Line:
    """The smallest file ``csv.writer`` can write to: it hands back what it was given."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(columns: Sequence[Column], rows: Iterable[Any]) -> Iterator[bytes]:
    """The CSV file in UTF-8 (with a BOM), a chunk of rows at a time."""
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow([str(c.header) for c in columns])).encode()
    cells = [(c.bind(), c.kind) for c in columns]
    zone = timezone.get_current_timezone()
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([csv_cell(read(row), kind, zone) for read, kind in cells]))
        if len(lines) >= CSV_ROWS_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


def write_xlsx(columns: Sequence[Column], rows: Iterable[Any], *, sheet: str) -> tuple[IO[bytes], int]:
    """An .xlsx workbook of ``rows`` in an anonymous temporary file (gone once closed), rewound; and the number
    of rows written. The header row is bold and frozen, with a filter on every column."""
    import xlsxwriter  # here, not at import: 10 MB that only an export needs, kept out of django.setup()

    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - handed to the response, which closes it
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    header = book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1})
    formats = {
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    ws = book.add_worksheet(str(sheet)[:31])
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width)
        ws.write_string(0, index, str(column.header), header)
    ws.freeze_panes(1, 0)
    cells = [(index, c.bind(), c.kind) for index, c in enumerate(columns)]
    zone = timezone.get_current_timezone()
    written = 0
    for written, row in enumerate(rows, start=1):
        for index, read, kind in cells:
            value = read(row)
            if value is None or value == "":
                continue
            if isinstance(value, datetime.datetime):
                ws.write_datetime(written, index, local_naive(value, zone), formats["datetime"])
            elif isinstance(value, datetime.date):
                ws.write_datetime(written, index, value, formats["date"])
            elif isinstance(value, int | float) and not isinstance(value, bool) and kind == "number":
                ws.write_number(written, index, value)
            else:
                ws.write_string(written, index, clean_text(value)[:XLSX_MAX_CELL])
    ws.autofilter(0, 0, max(written, 1), len(columns) - 1)
    book.close()
    out.seek(0)
    return out, written
