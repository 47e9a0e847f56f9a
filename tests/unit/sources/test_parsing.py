"""Reading what each kind of source answers, without the database."""

import pytest

from factcheck.inputs import IngestError
from factcheck.sources import parsing
from tests.fixtures_ingest.publisher import FIXTURES


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_an_rss_feed_gives_its_entries_keyed_by_guid_with_teasers_left_to_fetch():
    items = parsing.parse_feed(_read("feed.rss.xml"), language="en")

    assert [item.key for item in items] == [
        "courier-2026-1201-waiting",
        "courier-2026-1201-jobs",
        "https://courier.example/news/libraries",
    ]
    full, jobs, teaser = items
    assert full.item.title == "Hospital waiting lists fall for the third month"
    assert full.item.publisher == "The Daily Courier"
    assert full.item.language == "en"
    assert full.item.published_at.isoformat() == "2026-12-01T08:00:00+00:00"
    assert "412,000 patients" in full.item.text and "<p>" not in full.item.text
    assert jobs.item is not None
    assert teaser.item is None and teaser.fetch_url == "https://courier.example/news/libraries"


def test_an_atom_feed_is_read_like_rss():
    (entry,) = parsing.parse_feed(_read("feed.atom.xml"))
    assert entry.key == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert entry.url == "https://herald.example/rail-fares"
    assert "3.9 per cent" in entry.item.text


def test_an_empty_feed_is_no_error_but_a_web_page_is_not_a_feed():
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parsing.parse_feed(empty) == []
    with pytest.raises(IngestError) as refusal:
        parsing.parse_feed(b"<html><body><p>Welcome</p></body></html>")
    assert refusal.value.code == "bad_feed"
    assert "feed's address" in refusal.value.message


def test_a_long_entry_key_is_stored_as_its_hash():
    key = parsing.entry_key("https://example.org/" + "a" * 600)
    assert key.startswith("sha256:") and len(key) == 71


def test_a_watched_page_gives_its_article_text_keyed_by_that_text():
    page = parsing.parse_page(_read("page.html"), content_type="text/html; charset=utf-8", url="https://gov.example/s")
    assert page.item.title.startswith("Statement on school funding")
    assert "5,400 euros per pupil" in page.item.text
    assert "Cookie settings" not in page.item.text and "Home | News" not in page.item.text
    assert page.key.startswith("text:")
    reordered = _read("page.html").replace(b"<nav>", b"<nav><a href='/jobs'>Jobs</a>")
    assert parsing.parse_page(reordered, content_type="text/html", url="https://gov.example/s").key == page.key


def test_a_page_in_a_declared_charset_is_decoded_with_it():
    body = (
        "<html><body><article><p>El ministro dijo que el paro bajó al 11,2 por ciento en España.</p>"
        "</article></body></html>"
    )
    page = parsing.parse_page(body.encode("latin-1"), content_type="text/html; charset=ISO-8859-1", url="https://x.es/")
    assert "bajó" in page.item.text and "España" in page.item.text


@pytest.mark.parametrize(
    ("name", "urls"),
    [
        (
            "claimreview_datafeed.json",
            [
                "https://northernchecks.example/fact-checks/bridge-cost",
                "https://northernchecks.example/fact-checks/crime-fell",
            ],
        ),
        ("claimreview_graph.jsonld", ["https://checkers.example/reviews/vaccine-trial"]),
        ("google_factcheck_tools.json", ["https://powercheck.example/wind-half", "https://verifica.example/eolica"]),
    ],
)
def test_claimreview_feeds_in_each_shape_give_archive_rows(name, urls):
    rows = parsing.parse_claimreviews(_read(name))
    assert [row.url for row in rows] == urls
    assert all(row.claim_text and row.rating for row in rows)


def test_claimreview_rows_carry_rating_publisher_and_date():
    bridge, crime = parsing.parse_claimreviews(_read("claimreview_datafeed.json"))
    assert (bridge.rating, bridge.publisher, bridge.published_at.isoformat()) == (
        "Mostly false",
        "Northern Checks",
        "2026-11-20",
    )
    wind, eolica = parsing.parse_claimreviews(_read("google_factcheck_tools.json"))
    assert (wind.rating, wind.publisher, eolica.rating) == ("False", "Power Check", "Falso")


def test_claimreview_markup_inside_an_html_page_is_found():
    block = _read("claimreview_graph.jsonld").decode()
    html = f'<html><head><script type="application/ld+json">{block}</script></head><body>x</body></html>'
    (row,) = parsing.parse_claimreviews(html.encode(), content_type="text/html")
    assert row.claim_text == "The vaccine trial included only 300 people."


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"claims": [', "not valid JSON"),
        (b'{"@type": "NewsArticle", "headline": "x"}', "No fact-checks were found"),
        (b'[{"@type": "ClaimReview", "url": "javascript:alert(1)", "claimReviewed": "x"}]', "No fact-checks"),
    ],
)
def test_what_is_not_a_claimreview_feed_is_refused_saying_so(body, words):
    with pytest.raises(IngestError) as refusal:
        parsing.parse_claimreviews(body)
    assert words in refusal.value.message


@pytest.mark.django_db
def test_our_own_claimreview_feed_reads_back_as_the_fact_checks_it_publishes(client, users, rating_scale):
    """Another Factdesk (or we ourselves) can watch ``/fact-checks/claimreview.json``."""
    from tests.factories import claim_in_state

    rating = rating_scale.ratings.get(slug="mostly-false")
    claim = claim_in_state("published", reviewer=users["reviewer"], editor=users["editor"], rating=rating)
    answer = client.get("/fact-checks/claimreview.json")

    (row,) = parsing.parse_claimreviews(answer.content, content_type=answer["Content-Type"])

    assert row.claim_text == claim.reviewed_text
    assert row.url.endswith(f"/fact-checks/{claim.verdict.slug}/")
    assert row.rating == rating.label
