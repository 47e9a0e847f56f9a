"""Readers' side of tags and topics: the topic pages and their feeds, the index's tag and topic filters, and
the fact-check page's "Filed under". Only what the desk made public shows: accepted topics, public tags."""

import feedparser
import pytest

from factcheck.claims.models import ClaimTopic, Topic
from tests.unit.publishing.conftest import Page
from workflows.services import tags as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    return Topic.objects.create(
        name="Health", slug="health", description="Hospitals, vaccines and the NHS.", keywords="NHS"
    )


def _file(verdict, topic, status="accepted"):
    return ClaimTopic.objects.create(claim=verdict.claim, topic=topic, status=status)


def test_a_topic_page_lists_its_fact_checks_newest_first_and_links_its_feeds(client, make_factcheck, health):
    from datetime import timedelta

    older = make_factcheck(headline="Older check")
    newer = make_factcheck(headline="Newer check", published_at=older.published_at + timedelta(days=1))
    suggested_only = make_factcheck(headline="Only suggested")
    _file(older, health), _file(newer, health), _file(suggested_only, health, status="suggested")
    response = client.get("/topics/health/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer check") < html.index("Older check") and "Only suggested" not in html
    assert "Hospitals, vaccines and the NHS." in html
    links = [a for tag, a in Page(html).elements if tag == "link" and a.get("rel") == "alternate"]
    assert {"/topics/health/feed/rss/", "/topics/health/feed/atom/"} <= {a["href"] for a in links}
    assert client.get("/topics/no-such-topic/").status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_topics_feed_is_valid_and_carries_only_that_topic(client, make_factcheck, health, kind):
    inside, outside = make_factcheck(headline="About the NHS"), make_factcheck(headline="About taxes")
    _file(inside, health)
    response = client.get(f"/topics/health/feed/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert "Health" in feed.feed.title
    assert [e.link for e in feed.entries] == [f"http://127.0.0.1:8000/fact-checks/{inside.slug}/"]
    assert outside.slug not in response.content.decode()


def test_the_topics_page_lists_topics_with_live_fact_checks(client, make_factcheck, health):
    Topic.objects.create(name="Empty", slug="empty")
    _file(make_factcheck(), health)
    html = client.get("/topics/").content.decode()
    assert 'href="/topics/health/"' in html and "/topics/empty/" not in html and "1 fact-check" in html


def test_the_index_filters_by_topic_and_by_public_tag(client, make_factcheck, health, users):
    nhs, taxes = make_factcheck(headline="About the NHS"), make_factcheck(headline="About taxes")
    _file(nhs, health)
    svc.factcheck_set_tags(claim_id=taxes.claim_id, actor=users["editor"], tags=["Budget 2025"])
    by_topic = client.get("/fact-checks/?topic=health").content.decode()
    assert "About the NHS" in by_topic and "About taxes" not in by_topic
    assert '<option value="health" selected>Health</option>' in by_topic
    by_tag = client.get("/fact-checks/?tag=budget+2025").content.decode()
    assert "About taxes" in by_tag and "About the NHS" not in by_tag
    assert "No fact-checks match" in client.get("/fact-checks/?tag=nothing").content.decode()


def test_the_fact_check_page_says_what_it_is_filed_under(client, make_factcheck, health, users):
    verdict = make_factcheck()
    _file(verdict, health)
    svc.claim_set_tags(claim_id=verdict.claim_id, actor=users["editor"], tags=["desk-only"])
    svc.factcheck_set_tags(claim_id=verdict.claim_id, actor=users["editor"], tags=["NHS"])
    html = client.get(verdict.get_absolute_url()).content.decode()
    assert 'href="/topics/health/"' in html and 'href="/fact-checks/?tag=NHS"' in html
    assert "desk-only" not in html  # the claim's desk tags are the desk's


def test_accepting_a_topic_on_a_public_fact_check_shows_on_the_cached_topic_page(
    client, make_factcheck, health, users, committed
):
    verdict = make_factcheck(headline="Filed later")
    assert "Filed later" not in client.get("/topics/health/").content.decode()  # now cached, empty
    with committed():
        svc.claim_topics_accept(claim_id=verdict.claim_id, actor=users["editor"], topic_ids=[health.pk])
    assert "Filed later" in client.get("/topics/health/").content.decode()
