"""Turning what arrives (bytes, HTML, a file, a fetched page, a feed entry) into article text, or a refusal.

Nothing here touches the database: every check runs before an Article row exists, so a refused input
leaves nothing behind. Below the apps, beside ``fetch``: ingestion reads articles with it, and the archive
import (``factcheck.claims.archive``) and ``extract_claims`` read their files with it too. Files (a
command's path, an upload at the desk or through the API) all go through ``file_input``: plain text,
Markdown, HTML, Word (.docx, python-docx) and PDF (its text layer, pypdf).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath

from django.conf import settings


class IngestError(Exception):
    """An input that cannot become an article; ``code`` is machine-readable, the message is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ArticleInput:
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published_at: datetime | None = None
    language: str = ""


def max_bytes() -> int:
    return settings.FACTDESK["INGEST_MAX_BYTES"]


def check_size(size: int, what: str) -> None:
    limit = max_bytes()
    if size > limit:
        raise IngestError("too_large", f"{what} is {size:,} bytes; the limit is {limit:,} (FACTDESK_INGEST_MAX_BYTES).")


def decode_text(data: bytes, what: str = "The file", *, send: str = "send text or HTML") -> str:
    """Decode UTF-8 (with or without BOM); refuse empty, binary and otherwise-encoded input with a reason."""
    check_size(len(data), what)
    if not data.strip():
        raise IngestError("empty", f"{what} is empty.")
    if b"\x00" in data[:8192]:
        raise IngestError("binary", f"{what} looks binary (it contains NUL bytes); {send}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            "encoding",
            f"{what} is not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "convert it to UTF-8 and try again.",
        ) from exc
    check_text(text, what, send=send)
    return text


def check_text(text: str, what: str = "The text", *, send: str = "send text or HTML") -> None:
    if "\x00" in text:
        raise IngestError("binary", f"{what} contains NUL characters.")
    if not text.strip():
        raise IngestError("empty", f"{what} is empty.")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise IngestError("binary", f"{what} is mostly control characters; {send}.")
    check_size(len(text.encode("utf-8")), what)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head or "<p>" in head or "<div" in head)


def html_to_article(html: str, *, url: str = "") -> ArticleInput:
    """Extract the main text of a page with trafilatura, dropping navigation, ads and comments."""
    import trafilatura

    # Precision first: page chrome in the text becomes false claims; recall is the fallback for odd pages.
    for favor_precision in (True, False):
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            favor_precision=favor_precision,
        )
        text = (getattr(document, "text", None) or "").strip() if document else ""
        if text:
            break
    if not text:
        raise IngestError("no_text", "No article text could be found in that page.")
    published = None
    if document.date:
        try:
            published = datetime.fromisoformat(document.date)
        except ValueError:
            published = None
    return ArticleInput(
        text=text,
        title=(document.title or "").strip(),
        publisher=(document.sitename or "").strip(),
        url=url,
        published_at=published,
        language=(document.language or "") if hasattr(document, "language") else "",
    )


# --- files ----------------------------------------------------------------------------------------------

#: What the desk reads, as the refusals name it.
FILE_KINDS = ".txt, .md, .html, .docx or .pdf"
SEND_A_FILE = f"choose a {FILE_KINDS} file"
#: Word and PDF files carry layout, fonts and images around their text: they may be this many times the
#: text limit (``INGEST_MAX_BYTES``), and the text taken out of them is then held to the limit itself.
DOCUMENT_SIZE_FACTOR = 10
DOCUMENT_SUFFIXES = (".docx", ".pdf")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
# Formats a desk might try that are not read: a sentence saying what to do beats "looks binary".
_OTHER_FORMATS = {
    ".doc": "an old Word (.doc) file: save it as .docx in Word or LibreOffice and upload that",
    ".odt": "an OpenDocument file: save it as .docx or .pdf and upload that",
    ".rtf": "an RTF file: save it as .docx or .txt and upload that",
    ".pages": "a Pages file: export it as .docx or .pdf and upload that",
}
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"


def size_limit(name: str) -> int:
    """The largest file of this kind the desk accepts, in bytes."""
    return max_bytes() * (DOCUMENT_SIZE_FACTOR if name.lower().endswith(DOCUMENT_SUFFIXES) else 1)


def check_file_size(name: str, size: int) -> None:
    """Refuse an oversized file before reading it."""
    limit = size_limit(name)
    if size > limit:
        kind = " for Word and PDF files" if limit != max_bytes() else ""
        raise IngestError(
            "too_large",
            f"The file {name} is {size:,} bytes; the limit is {limit:,}{kind} "
            "(FACTDESK_INGEST_MAX_BYTES): cut it, or paste the article's text.",
        )


def file_input(name: str, data: bytes) -> ArticleInput:
    """The article in a file called ``name``: its kind from the name, or from its first bytes.

    A PDF or Word file is recognised by its content even when misnamed; anything without a known suffix is
    read as UTF-8 text (HTML when it looks like HTML), so the commands keep ingesting extension-less files.
    """
    name = PurePath(name or "upload").name or "upload"
    what = f"The file {name}"
    check_file_size(name, len(data))
    suffix = PurePath(name).suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise IngestError("unsupported", f"{what} is {_OTHER_FORMATS[suffix]}.")
    if not data.strip():
        raise IngestError("empty", f"{what} is empty.")
    if suffix == ".pdf" or data.startswith(_PDF_MAGIC):
        return _checked(pdf_to_article(data, what), what)
    if suffix == ".docx" or data.startswith(_ZIP_MAGIC):
        return _checked(docx_to_article(data, what), what)
    text = decode_text(data, what, send=SEND_A_FILE)
    if suffix in MARKDOWN_SUFFIXES:
        return _checked(markdown_to_article(text), what)
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return html_to_article(text)
    return ArticleInput(text=text)


def read_file_input(path: Path) -> ArticleInput:
    """A file on disk (text, Markdown, HTML, Word or PDF); the size is checked before the file is read."""
    if not path.is_file():
        raise IngestError("not_found", f"{path} is not a file.")
    check_file_size(path.name, path.stat().st_size)
    return file_input(path.name, path.read_bytes())


def _checked(item: ArticleInput, what: str) -> ArticleInput:
    check_text(item.text, f"The text of {what[4:]}")
    return item


def docx_to_article(data: bytes, what: str = "The file") -> ArticleInput:
    """A Word document's paragraphs (headings included, one per line pair); its title from the properties."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > DOCUMENT_SIZE_FACTOR * size_limit(".docx"):  # a zip bomb, not a newsroom document
            raise IngestError(
                "too_large", f"{what} unpacks to {unpacked:,} bytes, far more than any article; paste the text instead."
            )
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(
            "unreadable",
            f"{what} could not be read as a Word (.docx) document; open it in Word "
            "or LibreOffice, save it as .docx again and upload that.",
        ) from exc
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    if not paragraphs:
        raise IngestError("no_text", f"{what} has no text in its paragraphs; paste the article instead.")
    title = (document.core_properties.title or "").strip() or next(
        (
            p.text.strip()
            for p in document.paragraphs
            if p.text.strip() and p.style is not None and p.style.name in ("Title", "Heading 1")
        ),
        "",
    )
    return ArticleInput(text="\n\n".join(paragraphs), title=title)


_HYPHENATED_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def pdf_to_article(data: bytes, what: str = "The file") -> ArticleInput:
    """A PDF's text layer, page by page; a scanned PDF (no text layer) is refused with what to do."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(
                "encrypted",
                f"{what} is password-protected; save an unprotected copy and upload that, or paste the text.",
            )
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(
            "unreadable", f"{what} could not be read as a PDF; export it again as PDF, or paste the text."
        ) from exc
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise IngestError(
            "no_text", f"{what} has no text layer (it is probably a scan); paste the text, or run it through OCR first."
        )
    # A word hyphenated across a line end is one word again; other line breaks stay (the cleaner joins them).
    return ArticleInput(text=_HYPHENATED_BREAK.sub("", text), title=title)


def markdown_to_article(text: str) -> ArticleInput:
    """Markdown's prose without its markup: one block (heading, paragraph, list item) per line pair."""
    from markdown_it import MarkdownIt

    blocks, title = [], ""
    tokens = MarkdownIt("commonmark").parse(text)
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        line = "".join(
            child.content if child.type in ("text", "code_inline") else " " if "break" in child.type else ""
            for child in token.children or ()
        ).strip()
        if not line:
            continue
        if not title and index and tokens[index - 1].type == "heading_open" and tokens[index - 1].tag == "h1":
            title = line
        blocks.append(line)
    return ArticleInput(text="\n\n".join(blocks), title=title)
