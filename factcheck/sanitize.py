"""The one place user HTML is cleaned: a single bleach allow-list used by models, admin, API and templates.

Links keep http, https and mailto only; everything executable (script, event handlers, javascript: and
data: URLs, iframes, SVG) is removed, its text escaped.
"""
import bleach
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "blockquote", "h2", "h3", "h4", "code"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def _nofollow(attrs, new=False):
    """Outbound links from a fact-check do not pass ranking credit and cannot reach back to the opener."""
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


_linker = Linker(callbacks=[_nofollow], skip_tags={"code"}, parse_email=False)


def clean_html(value: str | None) -> str:
    """Return ``value`` reduced to the allow-list; safe to render with ``|safe``."""
    if not value:
        return ""
    cleaned = _cleaner.clean(value.replace("\x00", ""))
    return _linker.linkify(cleaned)


def plain_text(value: str | None) -> str:
    """Strip every tag: for fields that are shown as text (headlines, names, quotes)."""
    if not value:
        return ""
    return bleach.clean(value.replace("\x00", ""), tags=set(), attributes={}, strip=True, strip_comments=True)
