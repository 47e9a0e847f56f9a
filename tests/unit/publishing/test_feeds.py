"""RSS, Atom and the sitemap are valid XML and list live fact-checks only, with canonical absolute URLs."""

from datetime import timedelta

import pytest
from django.db import connection

from factcheck.claims.models import ClaimState
from tests.unit.publishing.conftest import BASE_TIME, xml_root

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def mixed(make_factcheck):
    """Two live fact-checks, one retracted, one draft."""
    live = [make_factcheck(headline=f"Live {i}", published_at=BASE_TIME + timedelta(days=i)) for i in range(2)]
    retracted = make_factcheck(headline="Retracted")
    retracted.claim.state = ClaimState.RETRACTED
    retracted.claim.save()
    make_factcheck(headline="Draft", state=ClaimState.APPROVED, slug="draft")
    return live


def test_rss_is_valid_and_lists_only_live_factchecks(client, mixed):
    response = client.get("/fact-checks/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = xml_root(response)
    assert root.tag == "rss"
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Live 1", "Live 0"]
    assert [i.findtext("link") for i in items] == [f"{SITE}{v.get_absolute_url()}" for v in reversed(mixed)]
    assert items[0].findtext("description").startswith("Rating: False. Claim: The clinic treated")
    assert root.findtext("./channel/link") == f"{SITE}/fact-checks/"


def test_atom_is_valid_and_lists_only_live_factchecks(client, mixed):
    response = client.get("/fact-checks/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = xml_root(response)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Live 1", "Live 0"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"{SITE}{mixed[1].get_absolute_url()}"
    assert entries[0].findtext(f"{ATOM}published") == "2025-03-02T09:30:00+00:00"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/fact-checks/feed/atom/"


def test_sitemap_is_valid_and_lists_live_factchecks_and_sections(client, mixed):
    index = xml_root(client.get("/sitemap.xml"))
    assert index.tag == f"{SITEMAP}sitemapindex"
    sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    assert sections == [f"{SITE}/sitemap-factchecks.xml", f"{SITE}/sitemap-sections.xml"]
    assert index.findall(f"{SITEMAP}sitemap")[0].findtext(f"{SITEMAP}lastmod").startswith("2025-03-02")

    root = xml_root(client.get("/sitemap-factchecks.xml"))
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert locs == [f"{SITE}{v.get_absolute_url()}" for v in reversed(mixed)]
    assert root.findall(f"{SITEMAP}url")[0].findtext(f"{SITEMAP}lastmod") == "2025-03-02"
    root = xml_root(client.get("/sitemap-sections.xml"))
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert locs == [f"{SITE}/fact-checks/", f"{SITE}/ratings/", f"{SITE}/methodology/"]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_feeds_and_sitemap_carry_control_characters_safely(client, make_factcheck):
    nul = "" if connection.vendor == "postgresql" else "\x00"  # PostgreSQL refuses NUL in text
    make_factcheck(headline="Bell\x07 and form\x0c feed", claim_text=f"Null{nul} byte\x1b")
    for url in ("/fact-checks/feed/rss/", "/fact-checks/feed/atom/", "/sitemap.xml", "/sitemap-factchecks.xml"):
        xml_root(client.get(url))


def test_pages_advertise_the_feeds(client, mixed):
    html = client.get("/fact-checks/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/fact-checks/feed/rss/"' in html
    assert 'type="application/atom+xml"' in html and 'href="/fact-checks/feed/atom/"' in html
