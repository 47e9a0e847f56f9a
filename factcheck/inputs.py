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
from django.utils import formats
from django.utils.translation import gettext, gettext_noop


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


# --- refusals, as whole sentences -------------------------------------------------------------------------
#
# Each refusal is one translatable sentence per subject, translated when it is raised (the request's
# language): ``("file", name)`` an uploaded or named file, ``("file_text", name)`` the text taken out of
# one, ``("text", "")`` text with no name, ``("page", url)`` a fetched page, ``("answer", url)`` what a
# monitored source's address answered, ``("archive", name)`` an archive of fact-checks, ``("feed", name)``
# a feed file. Sentences are never assembled from translated pieces, so every language words each subject
# its own way.

_SAY = {
    ("too_large", "file"): gettext_noop(
        "The file %(name)s is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("too_large", "file_text"): gettext_noop(
        "The text of file %(name)s is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("too_large", "text"): gettext_noop(
        "The text is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("too_large", "page"): gettext_noop(
        "The page at %(name)s is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("too_large", "answer"): gettext_noop(
        "The answer from %(name)s is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("too_large", "archive"): gettext_noop(
        "The archive %(name)s is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("too_large", "feed"): gettext_noop(
        "The feed %(name)s is %(size)s bytes; the limit is %(limit)s (FACTDESK_INGEST_MAX_BYTES)."
    ),
    ("empty", "file"): gettext_noop("The file %(name)s is empty."),
    ("empty", "file_text"): gettext_noop("The text of file %(name)s is empty."),
    ("empty", "text"): gettext_noop("The text is empty."),
    ("empty", "page"): gettext_noop("The page at %(name)s is empty."),
    ("empty", "answer"): gettext_noop("The answer from %(name)s is empty."),
    ("empty", "archive"): gettext_noop("The archive %(name)s is empty."),
    ("nul_bytes", "file"): gettext_noop(
        "The file %(name)s looks binary (it contains NUL bytes); choose a .txt, .md, .html, .docx or .pdf file."
    ),
    ("nul_bytes", "text"): gettext_noop("The text looks binary (it contains NUL bytes); send text or HTML."),
    ("nul_bytes", "page"): gettext_noop(
        "The page at %(name)s looks binary (it contains NUL bytes); give the address of an article page."
    ),
    ("nul_bytes", "answer"): gettext_noop(
        "The answer from %(name)s looks binary (it contains NUL bytes); check the source's address."
    ),
    ("nul_bytes", "archive"): gettext_noop(
        "The archive %(name)s looks binary (it contains NUL bytes); give a CSV or ClaimReview JSON file."
    ),
    ("encoding", "file"): gettext_noop(
        "The file %(name)s is not valid UTF-8 (byte %(position)s: %(byte)s); convert it to UTF-8 and try again."
    ),
    ("encoding", "text"): gettext_noop(
        "The text is not valid UTF-8 (byte %(position)s: %(byte)s); convert it to UTF-8 and try again."
    ),
    ("encoding", "page"): gettext_noop(
        "The page at %(name)s is not valid UTF-8 (byte %(position)s: %(byte)s) and declares no other encoding."
    ),
    ("encoding", "answer"): gettext_noop(
        "The answer from %(name)s is not valid UTF-8 (byte %(position)s: %(byte)s) and declares no other encoding."
    ),
    ("encoding", "archive"): gettext_noop(
        "The archive %(name)s is not valid UTF-8 (byte %(position)s: %(byte)s); convert it to UTF-8 and try again."
    ),
    ("charset", "page"): gettext_noop("The page at %(name)s is not valid %(charset)s."),
    ("charset", "answer"): gettext_noop("The answer from %(name)s is not valid %(charset)s."),
    ("nul_chars", "file"): gettext_noop("The file %(name)s contains NUL characters."),
    ("nul_chars", "file_text"): gettext_noop("The text of file %(name)s contains NUL characters."),
    ("nul_chars", "text"): gettext_noop("The text contains NUL characters."),
    ("nul_chars", "page"): gettext_noop("The page at %(name)s contains NUL characters."),
    ("nul_chars", "answer"): gettext_noop("The answer from %(name)s contains NUL characters."),
    ("nul_chars", "archive"): gettext_noop("The archive %(name)s contains NUL characters."),
    ("controls", "file"): gettext_noop(
        "The file %(name)s is mostly control characters; choose a .txt, .md, .html, .docx or .pdf file."
    ),
    ("controls", "file_text"): gettext_noop(
        "The text of file %(name)s is mostly control characters; send text or HTML."
    ),
    ("controls", "text"): gettext_noop("The text is mostly control characters; send text or HTML."),
    ("controls", "page"): gettext_noop(
        "The page at %(name)s is mostly control characters; give the address of an article page."
    ),
    ("controls", "answer"): gettext_noop(
        "The answer from %(name)s is mostly control characters; check the source's address."
    ),
    ("controls", "archive"): gettext_noop(
        "The archive %(name)s is mostly control characters; give a CSV or ClaimReview JSON file."
    ),
}

#: A subject: what the refusal is about, as ``(kind, name)`` (see ``_SAY``).
Subject = tuple[str, str]
TEXT: Subject = ("text", "")


def page(url: str) -> Subject:
    """A fetched page, named by its address (cut to 120 characters)."""
    return ("page", url[:120])


def answer(url: str) -> Subject:
    """What a monitored source's address answered; text with no address is plain text."""
    return ("answer", url[:120]) if url else TEXT


def archive(name: str) -> Subject:
    """An archive of fact-checks being imported, named by its file name."""
    return ("archive", name)


def feed(name: str) -> Subject:
    """A feed file, named by its file name (only its size is checked before it is parsed)."""
    return ("feed", name)


def _refusal(code: str, message: str, subject: Subject | None, **values) -> IngestError:
    """``code``'s error with the sentence for ``subject``, in the active language."""
    kind, name = subject or TEXT
    return IngestError(code, gettext(_SAY[message, kind]) % {"name": name, **values})


def charset_error(subject: Subject, charset: str) -> IngestError:
    """A page or answer that is not in the encoding its Content-Type declares."""
    return _refusal("encoding", "charset", subject, charset=charset)


def _bytes(count: int) -> str:
    """A byte count as the active language groups digits (``1,048,576`` in English)."""
    return formats.number_format(count, force_grouping=True)


def max_bytes() -> int:
    return settings.FACTDESK["INGEST_MAX_BYTES"]


def check_size(size: int, subject: Subject | None) -> None:
    """``subject``: what the sentence is about (``page(url)``, ``feed(name)``, ...; None: plain text)."""
    limit = max_bytes()
    if size > limit:
        raise _refusal("too_large", "too_large", subject, size=_bytes(size), limit=_bytes(limit))


def decode_text(data: bytes, subject: Subject | None = None) -> str:
    """Decode UTF-8 (with or without BOM); refuse empty, binary and otherwise-encoded input with a reason."""
    check_size(len(data), subject)
    if not data.strip():
        raise _refusal("empty", "empty", subject)
    if b"\x00" in data[:8192]:
        raise _refusal("binary", "nul_bytes", subject)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refusal(
            "encoding", "encoding", subject, position=exc.start, byte=repr(data[exc.start : exc.start + 1])
        ) from exc
    check_text(text, subject)
    return text


def check_text(text: str, subject: Subject | None = None) -> None:
    if "\x00" in text:
        raise _refusal("binary", "nul_chars", subject)
    if not text.strip():
        raise _refusal("empty", "empty", subject)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise _refusal("binary", "controls", subject)
    check_size(len(text.encode("utf-8")), subject)


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
        raise IngestError("no_text", gettext("No article text could be found in that page."))
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
#: Word and PDF files carry layout, fonts and images around their text: they may be this many times the
#: text limit (``INGEST_MAX_BYTES``), and the text taken out of them is then held to the limit itself.
DOCUMENT_SIZE_FACTOR = 10
DOCUMENT_SUFFIXES = (".docx", ".pdf")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
# Formats a desk might try that are not read: a sentence saying what to do beats "looks binary".
_OTHER_FORMATS = {
    ".doc": gettext_noop(
        "The file %(name)s is an old Word (.doc) file: save it as .docx in Word or LibreOffice and upload that."
    ),
    ".odt": gettext_noop("The file %(name)s is an OpenDocument file: save it as .docx or .pdf and upload that."),
    ".rtf": gettext_noop("The file %(name)s is an RTF file: save it as .docx or .txt and upload that."),
    ".pages": gettext_noop("The file %(name)s is a Pages file: export it as .docx or .pdf and upload that."),
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
        if limit != max_bytes():
            message = gettext(
                "The file %(name)s is %(size)s bytes; the limit is %(limit)s for Word and PDF files "
                "(FACTDESK_INGEST_MAX_BYTES): cut it, or paste the article's text."
            )
        else:
            message = gettext(
                "The file %(name)s is %(size)s bytes; the limit is %(limit)s "
                "(FACTDESK_INGEST_MAX_BYTES): cut it, or paste the article's text."
            )
        raise IngestError("too_large", message % {"name": name, "size": _bytes(size), "limit": _bytes(limit)})


def file_input(name: str, data: bytes) -> ArticleInput:
    """The article in a file called ``name``: its kind from the name, or from its first bytes.

    A PDF or Word file is recognised by its content even when misnamed; anything without a known suffix is
    read as UTF-8 text (HTML when it looks like HTML), so the commands keep ingesting extension-less files.
    """
    name = PurePath(name or "upload").name or "upload"
    check_file_size(name, len(data))
    suffix = PurePath(name).suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise IngestError("unsupported", gettext(_OTHER_FORMATS[suffix]) % {"name": name})
    if not data.strip():
        raise _refusal("empty", "empty", ("file", name))
    if suffix == ".pdf" or data.startswith(_PDF_MAGIC):
        return _checked(pdf_to_article(data, name), name)
    if suffix == ".docx" or data.startswith(_ZIP_MAGIC):
        return _checked(docx_to_article(data, name), name)
    text = decode_text(data, ("file", name))
    if suffix in MARKDOWN_SUFFIXES:
        return _checked(markdown_to_article(text), name)
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return html_to_article(text)
    return ArticleInput(text=text)


def read_file_input(path: Path) -> ArticleInput:
    """A file on disk (text, Markdown, HTML, Word or PDF); the size is checked before the file is read."""
    if not path.is_file():
        raise IngestError("not_found", gettext("%(path)s is not a file.") % {"path": path})
    check_file_size(path.name, path.stat().st_size)
    return file_input(path.name, path.read_bytes())


def _checked(item: ArticleInput, name: str) -> ArticleInput:
    check_text(item.text, ("file_text", name))
    return item


def docx_to_article(data: bytes, name: str = "upload") -> ArticleInput:
    """A Word document's paragraphs (headings included, one per line pair); its title from the properties."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > DOCUMENT_SIZE_FACTOR * size_limit(".docx"):  # a zip bomb, not a newsroom document
            raise IngestError(
                "too_large",
                gettext(
                    "The file %(name)s unpacks to %(size)s bytes, far more than any article; paste the text instead."
                )
                % {"name": name, "size": _bytes(unpacked)},
            )
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(
            "unreadable",
            gettext(
                "The file %(name)s could not be read as a Word (.docx) document; open it in Word "
                "or LibreOffice, save it as .docx again and upload that."
            )
            % {"name": name},
        ) from exc
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    if not paragraphs:
        raise IngestError(
            "no_text",
            gettext("The file %(name)s has no text in its paragraphs; paste the article instead.") % {"name": name},
        )
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


def pdf_to_article(data: bytes, name: str = "upload") -> ArticleInput:
    """A PDF's text layer, page by page; a scanned PDF (no text layer) is refused with what to do."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(
                "encrypted",
                gettext(
                    "The file %(name)s is password-protected; save an unprotected copy and upload that, "
                    "or paste the text."
                )
                % {"name": name},
            )
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(
            "unreadable",
            gettext("The file %(name)s could not be read as a PDF; export it again as PDF, or paste the text.")
            % {"name": name},
        ) from exc
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise IngestError(
            "no_text",
            gettext(
                "The file %(name)s has no text layer (it is probably a scan); paste the text, "
                "or run it through OCR first."
            )
            % {"name": name},
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
