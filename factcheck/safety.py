"""Text and links as a reader may safely see them, wherever they are shown: the public site, the desk, the API.

Beside ``sanitize`` (which owns the HTML allow-list), these are the plain-text and link rules every output
shares: ``plain`` for a text field, ``strip_controls`` for what a reader typed, ``http_url`` for a stored
address (only absolute http(s) URLs ever become links, so a ``javascript:`` URL that got past validation
is shown as text).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from factcheck.sanitize import XML_ILLEGAL as _CONTROL_CHARS
from factcheck.sanitize import plain_text

# Without these (and without CR, which the HTML parser would normalise) text comes back from the sanitizer as is.
_MARKUP_CHARS = re.compile(r"[<>&\r]")


def plain(value: str | None) -> str:
    """Markup-free text for a text field (claim, names, titles, quotes).

    Tags are stripped rather than shown, and unescaping is repeated until stable so an entity-encoded tag
    (``&lt;script&gt;``) cannot come back as markup in a consumer that renders JSON-LD or feeds unescaped.
    Characters XML 1.0 cannot carry (controls, U+FFFE, U+FFFF, lone surrogates) go too: every output, feeds
    and sitemap included, is built from this text. ``html.unescape`` never brings one back (it maps such
    character references to nothing or U+FFFD).
    """
    text = _CONTROL_CHARS.sub("", value or "")
    if not _MARKUP_CHARS.search(text):
        return text.strip()  # nothing for the sanitizer to strip or unescape: skip it (most fields, every page)
    for _ in range(4):
        stripped = html.unescape(plain_text(text))
        if stripped == text:
            break
        text = stripped
    return text.strip()


def strip_controls(value: str | None) -> str:
    """Drop control characters (NUL included, which PostgreSQL refuses) and the other characters XML cannot
    carry from text a reader typed in."""
    return _CONTROL_CHARS.sub("", value or "")


def http_url(value: str | None) -> str:
    """``value`` when it is an absolute http(s) URL, else "": only such URLs ever become links."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    clean = not _CONTROL_CHARS.search(value) and not any(c.isspace() for c in value)
    if parts.scheme.lower() in {"http", "https"} and parts.netloc and clean:
        return value
    return ""
