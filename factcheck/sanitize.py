"""The one place user HTML is cleaned: a single bleach allow-list used by models, admin, API and templates.

Links keep http, https and mailto only; everything executable (script, event handlers, javascript: and
data: URLs, iframes, SVG) is removed. Elements whose content is code or markup, not prose (script, style,
SVG, ...), go with their content, so a reader never sees a pasted script as text; other disallowed tags
are stripped and their text kept.

Both functions also drop the characters XML 1.0 cannot carry (``XML_ILLEGAL``): text made safe here ends
up in the feeds and the sitemap too, where one U+FFFF would make the whole document unparseable.
"""

import re

import bleach
from bleach.linkifier import Linker
from django.utils.translation import gettext, ngettext
from lxml import etree
from lxml import html as lxml_html

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "blockquote", "h2", "h3", "h4", "code"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# C0 controls other than tab, LF and CR, lone surrogates and U+FFFE/U+FFFF are not XML 1.0 characters (NUL is
# refused by PostgreSQL too); DEL is legal XML but no reader means to type it.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_xml_illegal(value: str | None) -> str:
    """``value`` without the characters no XML document (feed, sitemap) may contain."""
    return XML_ILLEGAL.sub("", value or "")


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

DROP_WITH_CONTENT = ("script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "title")


def _drop_code_elements(value: str) -> str:
    """Remove code-bearing elements with their content (bleach alone would keep their text).

    Safety does not rest on this step: bleach runs afterwards on whatever it returns.
    """
    lowered = value.lower()
    if not any(f"<{tag}" in lowered for tag in DROP_WITH_CONTENT):
        return value
    try:
        root = lxml_html.fragment_fromstring(value, create_parent="div")
        for element in list(root.iter(*DROP_WITH_CONTENT)):
            element.drop_tree()  # raises ValueError on text lxml cannot hold (e.g. a \x0b control character)
        return (root.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
    except (etree.ParserError, ValueError):
        return value


def clean_html(value: str | None) -> str:
    """Return ``value`` reduced to the allow-list; safe to render with ``|safe``."""
    if not value:
        return ""
    cleaned = _cleaner.clean(_drop_code_elements(strip_xml_illegal(value)))
    return _linker.linkify(cleaned)


def plain_text(value: str | None) -> str:
    """Strip every tag: for fields that are shown as text (headlines, names, quotes)."""
    if not value:
        return ""
    return bleach.clean(strip_xml_illegal(value), tags=set(), attributes={}, strip=True, strip_comments=True)


# --- what cleaning removed, named for the writer ---------------------------------------------------------


def _an(word: str) -> bool:
    """Whether English says "an" before ``word`` (the catalogue keeps "a" and "an" apart, whole phrases)."""
    return word[:1].lower() in "aeio"


# What was removed, one whole phrase per case (translated when the report is made, in the request's
# language): one of them ("a"/"an" in English), or a count (its own msgid, so a language whose singular
# form also serves 21, 31, ... still shows the number).
def _element(tag: str, count: int, kept: bool) -> str:
    if count == 1:
        if kept:
            one = (
                gettext("an <%(tag)s> element (its text is kept)")
                if _an(tag)
                else gettext("a <%(tag)s> element (its text is kept)")
            )
        else:
            one = gettext("an <%(tag)s> element") if _an(tag) else gettext("a <%(tag)s> element")
        return one % {"tag": tag}
    if kept:
        many = ngettext(
            "%(count)d <%(tag)s> element (its text is kept)", "%(count)d <%(tag)s> elements (their text is kept)", count
        )
    else:
        many = ngettext("%(count)d <%(tag)s> element", "%(count)d <%(tag)s> elements", count)
    return many % {"count": count, "tag": tag}


def _attribute(name: str, count: int) -> str:
    if count == 1:
        one = gettext("an %(name)s attribute") if _an(name) else gettext("a %(name)s attribute")
        return one % {"name": name}
    return ngettext("%(count)d %(name)s attribute", "%(count)d %(name)s attributes", count) % {
        "count": count,
        "name": name,
    }


def _link_address(scheme: str, count: int) -> str:
    if count == 1:
        one = gettext("an %(scheme)s: link address") if _an(scheme) else gettext("a %(scheme)s: link address")
        return one % {"scheme": scheme}
    return ngettext("%(count)d %(scheme)s: link address", "%(count)d %(scheme)s: link addresses", count) % {
        "count": count,
        "scheme": scheme,
    }


def _inventory(value: str):
    """Elements (in order first seen, with whether they held text), and the attributes and link schemes of
    the allowed elements of ``value``."""
    from collections import Counter

    root = lxml_html.fragment_fromstring(value, create_parent="div")
    tags, attributes, schemes = Counter(), Counter(), Counter()
    had_text: set[str] = set()
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        tags[element.tag] += 1
        if (element.text_content() or "").strip():
            had_text.add(element.tag)
        if element.tag not in ALLOWED_TAGS:
            continue  # its attributes go with it: naming the element says enough
        for name, attr_value in element.attrib.items():
            attributes[name] += 1
            if name == "href" and ":" in attr_value:
                schemes[attr_value.split(":", 1)[0].strip().lower()] += 1
    return tags, attributes, schemes, had_text


def removed_by_cleaning(value: str | None, cleaned: str | None = None) -> list[str]:
    """What ``clean_html`` takes out of ``value``, as phrases a writer understands, in the active language:
    "a <script> element", "2 onclick attributes", "a javascript: link address". Elements first, then
    attributes, each in the order first seen; empty when nothing was removed. A diff of the elements and
    attributes before and after cleaning, so it names exactly what the one allow-list took away (nothing the
    linker adds)."""
    if not value or "<" not in value:
        return []
    cleaned = clean_html(value) if cleaned is None else cleaned
    try:
        before_tags, before_attrs, before_schemes, had_text = _inventory(strip_xml_illegal(value))
        after_tags, after_attrs, _, _ = _inventory(cleaned) if cleaned else ({}, {}, {}, set())
    except (etree.ParserError, ValueError):
        return []
    phrases = []
    for tag, count in before_tags.items():
        gone = count - after_tags.get(tag, 0)
        if gone > 0:
            phrases.append(_element(tag, gone, kept=tag in had_text and tag not in DROP_WITH_CONTENT))
    for name, count in before_attrs.items():
        gone = count - after_attrs.get(name, 0)
        if gone <= 0:
            continue
        if name == "href":
            refused = [s for s in before_schemes if s not in ALLOWED_PROTOCOLS]
            if refused:
                phrases.extend(_link_address(s, before_schemes[s]) for s in refused)
                continue
        phrases.append(_attribute(name, gone))
    return phrases


def clean_html_report(value: str | None) -> tuple[str, list[str]]:
    """``clean_html(value)`` and what it removed (``removed_by_cleaning``), for a writer about to be told."""
    cleaned = clean_html(value)
    return cleaned, removed_by_cleaning(value, cleaned)
