"""What the public site emits is well-formed wherever it goes, and its absolute links name the site readers
actually reach.

* Text a desk user typed can carry characters XML 1.0 cannot hold (U+FFFE, U+FFFF, C0 controls). They are
  dropped where text is made plain, so the feeds and the sitemap still parse after such a fact-check is
  published, and no page, JSON-LD block or API answer carries them either.
* With ``FACTDESK_SITE_URL`` unset, absolute links come from the request (scheme, host and port), so a site
  served at ``http://testserver:9123/`` never links to ``127.0.0.1:8000``; without a request (emails), the
  first usable ``ALLOWED_HOSTS`` entry; and ``check --deploy`` says so when there is none.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core import checks, mail
from django.core.cache import cache
from lxml import etree

from factcheck.articles.models import Article
from factcheck.claims.models import Claim
from factcheck.verdicts.models import Verdict
from workflows import services

pytestmark = pytest.mark.django_db

ILLEGAL = "\ufffe\uffff\x01\x08\x0b\x0c\x1f"
FEEDS = ("/fact-checks/feed/rss/", "/fact-checks/feed/atom/")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _publish(claim, editor, django_capture_on_commit_callbacks) -> Verdict:
    with django_capture_on_commit_callbacks(execute=True):
        services.factcheck_publish(claim_id=claim.pk, actor=editor)
    return Verdict.objects.get(claim=claim)


def _strict_xml(content: bytes) -> etree._Element:
    """Parse as a conforming XML processor must: any illegal character is a fatal error (no recovery)."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    return etree.fromstring(content, parser)  # noqa: S320 - our own output, entities off


def _sitemap_documents(client) -> list[bytes]:
    """The sitemap index and every sitemap it lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    documents = [index.content]
    for loc in _strict_xml(index.content).iter(f"{SITEMAP_NS}loc"):
        parts = urlsplit(loc.text)
        response = client.get(parts.path, dict(p.split("=", 1) for p in parts.query.split("&") if p))
        assert response.status_code == 200, loc.text
        documents.append(response.content)
    return documents


@pytest.fixture
def tainted(make_claim, users, django_capture_on_commit_callbacks) -> Verdict:
    """A fact-check whose headline, summary, claim, speaker and article carry XML-illegal characters,
    published through the service as the desk would."""
    claim = make_claim("approved", text=f"The clinic{ILLEGAL} treated 500 patients.", speaker=f"Jane{ILLEGAL} Doe")
    Verdict.objects.filter(claim=claim).update(
        headline=f"Clinic{ILLEGAL} figures are wrong",
        summary=f"Records{ILLEGAL} show 212.",
    )
    Article.objects.filter(pk=claim.article_id).update(title=f"Visit{ILLEGAL}", publisher=f"Daily{ILLEGAL} News")
    return _publish(claim, users["editor"], django_capture_on_commit_callbacks)


def test_feeds_and_sitemap_parse_after_publishing_xml_illegal_characters(client, tainted):
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200
        _strict_xml(response.content)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, f"{url}: {parsed.get('bozo_exception')}"
        [entry] = parsed.entries
        assert entry.title == "Clinic figures are wrong"
        assert "Records show 212." in entry.summary and "The clinic treated 500 patients." in entry.summary
    for document in _sitemap_documents(client):
        _strict_xml(document)


def test_no_public_output_carries_xml_illegal_characters(client, tainted):
    outputs = {
        "page": client.get(tainted.get_absolute_url()).content.decode(),
        "index": client.get("/fact-checks/").content.decode(),
        "claimreview.json": client.get("/fact-checks/claimreview.json").content.decode(),
        "api list": client.get("/api/v1/fact-checks/").content.decode(),
        "api detail": client.get(f"/api/v1/fact-checks/{tainted.slug}/").content.decode(),
        **{url: client.get(url).content.decode() for url in FEEDS},
    }
    for name, text in outputs.items():
        found = sorted({hex(ord(c)) for c in text if c in ILLEGAL})
        assert not found, f"{name} carries {found}"
    # The text itself survives, only the characters go (JSON escapes them as \uffff: check the values too).
    feed = json.loads(outputs["claimreview.json"])
    [review] = feed["dataFeedElement"]
    assert review["headline"] == "Clinic figures are wrong"
    assert review["claimReviewed"] == "The clinic treated 500 patients."
    assert review["itemReviewed"]["author"]["name"] == "Jane Doe"
    api = json.loads(outputs["api detail"])
    assert api["headline"] == "Clinic figures are wrong" and api["article"]["publisher"] == "Daily News"


# --- absolute URLs --------------------------------------------------------------------------------------

SERVED_AT = "http://testserver:9123"


@pytest.fixture
def site_url_unset(settings):
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "", "ORG_URL": ""}
    cache.clear()


@pytest.fixture
def live(make_claim, users, django_capture_on_commit_callbacks) -> Verdict:
    return _publish(make_claim("approved"), users["editor"], django_capture_on_commit_callbacks)


def _absolute_links(client, verdict, base: str) -> dict[str, list[str]]:
    """Every absolute URL of ours in the feeds, sitemap, ClaimReview feed, JSON-LD and public API (the
    sitemap index is followed: its locations are ``base`` + a path of ours)."""
    get = lambda url: client.get(url, HTTP_HOST="testserver:9123")  # noqa: E731
    links: dict[str, list[str]] = {}
    for url in FEEDS:
        root = _strict_xml(get(url).content)
        links[url] = [e.text for e in root.iter("link", "guid", "{http://www.w3.org/2005/Atom}id") if e.text] + [
            e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")
        ]
    index = get("/sitemap.xml")
    links["sitemap index"] = [e.text for e in _strict_xml(index.content).iter(f"{SITEMAP_NS}loc")]
    links["sitemap"] = []
    for loc in links["sitemap index"]:
        assert loc.startswith(base + "/"), loc
        section = _strict_xml(get(urlsplit(loc.removeprefix(base)).path).content)
        links["sitemap"] += [e.text for e in section.iter(f"{SITEMAP_NS}loc")]
    feed = json.loads(get("/fact-checks/claimreview.json").content)
    links["claimreview.json"] = [r["url"] for r in feed["dataFeedElement"]] + [
        r["author"]["url"] for r in feed["dataFeedElement"]
    ]
    page = get(verdict.get_absolute_url()).content.decode()
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    review = json.loads(script)
    links["JSON-LD"] = [review["url"], review["author"]["url"]]
    links["canonical"] = [page.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]]
    api = get("/api/v1/fact-checks/").json()["results"]
    detail = get(f"/api/v1/fact-checks/{verdict.slug}/").json()
    links["api"] = [fc["url"] for fc in api] + [detail["url"], detail["claim_review"]["url"]]
    return links


def test_absolute_links_follow_the_request_when_site_url_is_unset(client, live, site_url_unset):
    links = _absolute_links(client, live, SERVED_AT)
    for where, urls in links.items():
        assert urls, f"{where}: no links found"
        for url in urls:
            assert url.startswith(SERVED_AT + "/"), f"{where}: {url}"
    assert f"{SERVED_AT}{live.get_absolute_url()}" in links["JSON-LD"]
    assert f"{SERVED_AT}/" in links["JSON-LD"], "the publisher's URL follows the site too"


def test_a_configured_site_url_wins_over_the_request(client, live, settings):
    settings.FACTDESK = {
        **settings.FACTDESK,
        "SITE_URL": "https://checks.example.org/news",
        "ORG_URL": "https://example.org/",
    }
    links = _absolute_links(client, live, "https://checks.example.org/news")
    for where, urls in links.items():
        for url in urls:
            assert url.startswith(("https://checks.example.org/news/", "https://example.org/")), f"{where}: {url}"
    assert "https://example.org/" in links["JSON-LD"]


def test_pages_cached_for_one_host_are_not_served_to_another(client, live, site_url_unset):
    first = client.get(live.get_absolute_url(), HTTP_HOST="testserver:9123")
    other = client.get(live.get_absolute_url(), HTTP_HOST="localhost:7000")
    assert b"http://testserver:9123/" in first.content and b"testserver:9123" not in other.content
    assert b"http://localhost:7000/" in other.content


def test_without_a_request_links_use_the_first_allowed_host(settings, site_url_unset):
    from factcheck.publishing import site

    settings.ALLOWED_HOSTS = ["*", ".desk.example.org", "other.example.org"]
    assert site.absolute("/fact-checks/x/") == "https://desk.example.org/fact-checks/x/"
    settings.DEBUG = True
    assert site.base_url() == "http://desk.example.org"
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "https://checks.example.org/"}
    assert site.absolute("/fact-checks/x/") == "https://checks.example.org/fact-checks/x/"


def test_emails_link_to_the_first_allowed_host_when_site_url_is_unset(
    make_claim, users, settings, site_url_unset, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["desk.example.org", "testserver"]
    verdict = _publish(make_claim("approved"), users["editor"], django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert f"https://desk.example.org{verdict.get_absolute_url()}" in message.body
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert f"https://desk.example.org/admin/claims/claim/{claim.pk}/change/" in message.body
    assert ":8000" not in message.body


def test_deploy_check_asks_for_site_url_when_no_host_can_stand_in(settings, site_url_unset):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "publishing.W001" in ids
    settings.ALLOWED_HOSTS = ["desk.example.org"]
    assert "publishing.W001" not in {m.id for m in checks.run_checks(include_deployment_checks=True)}
    settings.ALLOWED_HOSTS = ["*"]
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "https://desk.example.org"}
    assert "publishing.W001" not in {m.id for m in checks.run_checks(include_deployment_checks=True)}


def test_a_site_url_without_a_scheme_is_refused_at_start_up(settings):
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "checks.example.org", "ORG_URL": ""}
    [error] = [m for m in checks.run_checks() if m.id == "publishing.E001"]
    assert "checks.example.org" in error.msg and "https://" in error.hint
    settings.FACTDESK = {**settings.FACTDESK, "SITE_URL": "https://checks.example.org"}
    assert "publishing.E001" not in {m.id for m in checks.run_checks()}
