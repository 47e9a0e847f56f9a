"""Nothing executable from user content survives onto a public page, a feed or the JSON-LD.

Each payload goes through every user-supplied field at once; the output is parsed (not string-matched)
and must contain no script but the one ld+json block, no event-handler attribute, no javascript:/data:
URL, no element our templates and the sanitizer do not produce, and JSON-LD that still parses.
"""

import json
import re

import pytest
from django.db import connection

from factcheck.claims.models import ClaimState
from factcheck.verdicts.models import Correction, EvidenceLink
from tests.specs import XSS_PAYLOADS
from tests.unit.publishing.conftest import Page, claim_reviews, parse, xml_root

pytestmark = pytest.mark.django_db

PAYLOADS = XSS_PAYLOADS

ALLOWED_TAGS = {
    # what our templates emit ...
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "a",
    "header",
    "div",
    "nav",
    "ul",
    "li",
    "main",
    "article",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "time",
    "figure",
    "blockquote",
    "figcaption",
    "cite",
    "span",
    "svg",
    "rect",
    "text",
    "g",
    "path",
    "ol",
    "dl",
    "dt",
    "dd",
    "strong",
    "footer",
    "form",
    "label",
    "input",
    "select",
    "option",
    "button",
    # ... and what factcheck.sanitize allows in an explanation
    "em",
    "b",
    "i",
    "br",
    "code",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.IGNORECASE)


def assert_nothing_executable(page: Page) -> None:
    scripts = [attrs for tag, attrs in page.elements if tag == "script"]
    assert all(attrs.get("type") == "application/ld+json" for attrs in scripts), scripts
    assert len(scripts) <= 1
    for _, text in page.scripts:
        json.loads(text)  # still valid JSON: no payload broke out of the string
        assert not set(text) & {"<", ">", "&"}, "user text in a script block is \\u-escaped"
    for tag, attrs in page.elements:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> from user content: {attrs}"
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            assert name.lower() != "style" or tag == "span", f"style attribute on <{tag}>"
            if name.lower() in URL_ATTRIBUTES and value:
                squeezed = re.sub(r"[\s\x00-\x1f]", "", value)
                assert not BAD_SCHEME.match(squeezed), f"{name}={value!r} on <{tag}>"
        if tag == "meta":
            assert "http-equiv" not in attrs
    assert sum(1 for tag, _ in page.elements if tag == "svg") <= 1, "only our rating meter is SVG"
    # Our forms only: the index's search and the footer's language switch (Django's set_language).
    forms = [a for t, a in page.elements if t == "form" and a.get("action") != "/i18n/setlang/site/"]
    assert len(forms) <= 1
    assert all(a.get("action") in (None, "/fact-checks/") for a in forms)


def hostile_factcheck(make_factcheck, users, payload: str, *, retracted: bool = False):
    if connection.vendor == "postgresql":
        payload = payload.replace("\x00", "")  # PostgreSQL refuses NUL in text; SQLite stores it
    user = users["reviewer"]
    user.first_name, user.last_name = payload[:150], payload[:150]
    user.save()
    verdict = make_factcheck(
        headline=payload[:300],
        summary=payload,
        explanation=f"<p>Intro</p>{payload}<p>After</p>",
        claim_text=f"Claim {payload}",
        speaker=payload[:200],
        article={"title": payload, "publisher": payload[:200], "url": "javascript:alert(1)"},
        evidence=0,
        author=user,
        slug="hostile",
    )
    EvidenceLink.objects.create(
        verdict=verdict, url="javascript:alert(1)", title=payload[:300], publisher=payload[:200], quote=payload
    )
    EvidenceLink.objects.create(
        verdict=verdict, url="data:text/html,<script>alert(1)</script>", title="Data URL", quote=payload
    )
    EvidenceLink.objects.create(verdict=verdict, url="https://ok.example/report", title=payload[:300])
    Correction.objects.create(
        verdict=verdict, what_changed=payload[:300], note=payload, old_rating=payload[:60], new_rating="False"
    )
    if retracted:
        verdict.claim.state = ClaimState.RETRACTED
        verdict.claim.save()
        verdict.retraction_reason = payload
        verdict.save()
    return verdict


@pytest.mark.parametrize("payload", PAYLOADS)
def test_detail_page_neutralises_payloads_in_every_field(client, make_factcheck, users, payload):
    verdict = hostile_factcheck(make_factcheck, users, payload)
    response = client.get(verdict.get_absolute_url())
    assert response.status_code == 200
    page = parse(response)
    assert_nothing_executable(page)
    reviews = claim_reviews(response)
    assert len(reviews) == 1
    assert reviews[0]["claimReviewed"].startswith("Claim")
    assert reviews[0]["claimReviewed"] in page.text, "the JSON-LD still agrees with the page"
    assert "appearance" not in reviews[0]["itemReviewed"], "a javascript: source URL is never published"
    # The one safe evidence URL is still linked; the others are shown as text only.
    assert page.find("a", href="https://ok.example/report")


@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_retracted_page_neutralises_the_reason(client, make_factcheck, users, payload):
    verdict = hostile_factcheck(make_factcheck, users, payload, retracted=True)
    page = parse(client.get(verdict.get_absolute_url()))
    assert_nothing_executable(page)
    assert not page.scripts


@pytest.mark.parametrize("payload", PAYLOADS)
def test_index_feeds_and_claimreview_feed_neutralise_payloads(client, make_factcheck, users, payload):
    hostile_factcheck(make_factcheck, users, payload)
    index = client.get("/fact-checks/", {"q": payload[:50], "speaker": payload})
    assert index.status_code == 200
    assert_nothing_executable(parse(index))
    assert_nothing_executable(parse(client.get("/fact-checks/")))

    for url in ("/fact-checks/feed/rss/", "/fact-checks/feed/atom/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        root = xml_root(response)
        for element in root.iter():
            # Feed readers may render titles and descriptions as HTML: even then, no element may form.
            assert Page(element.text or "").elements == [], (url, element.tag, element.text)

    feed = json.loads(client.get("/fact-checks/claimreview.json").content)
    for value in strings(feed):
        assert Page(value).elements == [], value


def strings(data):
    """Every string in a JSON document, for checking one by one."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
