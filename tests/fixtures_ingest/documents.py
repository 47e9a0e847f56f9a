"""Small Word and PDF files built in the test that needs them, so no binary is committed.

The PDF is written by hand (one page, Helvetica, one text line per paragraph, a correct xref table): it is
what a newsroom's "Save as PDF" produces at its simplest, and it has a real text layer for pypdf to read.
"""

from __future__ import annotations

import io


def make_docx(paragraphs: list[str], *, title: str = "", heading: str = "") -> bytes:
    """A .docx with an optional heading and the paragraphs, its core title set when given."""
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII), each on its own line."""
    body = ["BT /F1 11 Tf 14 TL 56 780 Td"]
    for line in lines:
        body.append(f"{_pdf_string(line)} Tj T*")
    body.append("ET")
    stream = "\n".join(body).encode("latin-1")
    info = f"<< /Title {_pdf_string(title)} >>" if title else "<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info.encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
