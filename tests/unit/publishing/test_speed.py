"""Constant query counts, conditional GET (304) and the rendered-page cache with generation purge."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.publishing.cache import generation, purge_factcheck
from factcheck.verdicts.models import Verdict

pytestmark = pytest.mark.django_db

DETAIL_QUERIES = 6  # verdict + claim + article + people; evidence; corrections; reviewers; tags; topics
INDEX_QUERIES = 6  # site freshness; count; page of rows; rating choices; speaker choices; topic choices


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("evidence", "corrections"), [(1, 0), (1, 3), (20, 5)])
def test_detail_renders_in_constant_queries(
    client, make_factcheck, users, django_assert_num_queries, evidence, corrections
):
    verdict = make_factcheck(
        evidence=evidence, corrections=corrections, author=users["reviewer"], editor=users["editor"]
    )
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(verdict.get_absolute_url())
    assert response.content.decode().count('class="evidence-item') == evidence


def test_index_renders_in_constant_queries(client, make_factcheck, django_assert_num_queries):
    make_factcheck(evidence=1)
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/fact-checks/")
    for i in range(12):
        make_factcheck(evidence=3, corrections=1, speaker=f"Speaker {i}")
    purge_factcheck()
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/fact-checks/")


@pytest.mark.parametrize("query", ["", "?q=clinic", "?q=clinic&speaker=Speaker+1"])
def test_the_index_reads_its_cards_without_the_explanations(client, make_factcheck, query):
    """Twenty cards a page: each row is read with what its card shows, not the explanation's HTML."""
    made = [make_factcheck(speaker=f"Speaker {i}") for i in range(3)]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/" + query)
    page = response.content.decode()
    shown = [v for v in made if v.get_absolute_url() in page]
    assert response.status_code == 200 and shown
    for verdict in shown:  # the card still names its claim, its speaker and its rating
        assert verdict.claim.reviewed_text in page and verdict.claim.speaker in page
        assert verdict.published_rating["label"] in page
    read = [q["sql"].split(" FROM ")[0] for q in ctx.captured_queries]  # the columns each query reads
    rows = [columns for columns in read if '"verdicts_verdict"."headline"' in columns]
    assert rows and not [columns for columns in rows if '"verdicts_verdict"."explanation"' in columns]


@pytest.mark.parametrize(
    "url",
    [
        "/fact-checks/feed/rss/",
        "/fact-checks/feed/atom/",
        "/sitemap.xml",
        "/fact-checks/claimreview.json",
        "/ratings/",
        "/methodology/",
    ],
)
def test_other_pages_render_in_constant_queries(client, make_factcheck, url):
    make_factcheck()
    few = _queries(client, url)
    for _ in range(8):
        make_factcheck(corrections=2, evidence=4)
    purge_factcheck()
    assert _queries(client, url) == few


def test_cached_page_costs_no_query(client, make_factcheck, django_assert_num_queries):
    verdict = make_factcheck()
    first = client.get(verdict.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(verdict.get_absolute_url())
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "url",
    ["detail", "/fact-checks/", "/fact-checks/feed/rss/", "/sitemap.xml", "/fact-checks/claimreview.json", "/ratings/"],
)
def test_repeated_conditional_get_is_304(client, make_factcheck, url):
    verdict = make_factcheck()
    url = verdict.get_absolute_url() if url == "detail" else url
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    if first.has_header("Last-Modified"):
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert by_date.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_detail_sends_last_modified_from_the_latest_public_change(client, make_factcheck):
    verdict = make_factcheck(corrections=1)
    response = client.get(verdict.get_absolute_url())
    assert response["Last-Modified"] == "Sun, 02 Mar 2025 09:30:00 GMT"
    assert "no-cache" in response["Cache-Control"] and "public" in response["Cache-Control"]
    stale = client.get(verdict.get_absolute_url(), HTTP_IF_MODIFIED_SINCE="Sat, 01 Mar 2025 09:30:00 GMT")
    assert stale.status_code == 200


def test_304_costs_no_query_once_freshness_is_known(client, make_factcheck, django_assert_num_queries):
    verdict = make_factcheck()
    etag = client.get(verdict.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        assert client.get(verdict.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_purge_invalidates_cached_pages_and_etags(client, make_factcheck):
    verdict = make_factcheck(headline="Original headline")
    first = client.get(verdict.get_absolute_url())
    index = client.get("/fact-checks/")
    # A change that bypasses the services (no purge, no updated_at bump) is not seen...
    Verdict.objects.filter(pk=verdict.pk).update(headline="Corrected headline")
    assert b"Original headline" in client.get(verdict.get_absolute_url()).content
    assert b"Original headline" in client.get("/fact-checks/").content

    before = generation()
    purge_factcheck(verdict.pk)  # ... until the purge the services send on commit
    assert generation() == before + 1

    second = client.get(verdict.get_absolute_url())
    assert b"Corrected headline" in second.content
    assert second["ETag"] != first["ETag"]
    assert client.get(verdict.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert b"Corrected headline" in client.get("/fact-checks/").content
    assert client.get("/fact-checks/", HTTP_IF_NONE_MATCH=index["ETag"]).status_code == 200


def test_only_anonymous_gets_are_served_from_the_cache(client, make_factcheck, users):
    verdict = make_factcheck(headline="Original headline")
    client.get(verdict.get_absolute_url())
    Verdict.objects.filter(pk=verdict.pk).update(headline="Edited headline")
    client.force_login(users["editor"])
    # The signed-in editor's request bypasses the page cache (freshness is still memoised until a purge).
    signed_in = client.get(verdict.get_absolute_url())
    assert b"Edited headline" in signed_in.content
    assert "private" in signed_in["Cache-Control"] and "public" not in signed_in["Cache-Control"]
    client.logout()
    assert b"Original headline" in client.get(verdict.get_absolute_url()).content


def test_head_and_query_noise_share_the_cached_page(client, make_factcheck, django_assert_num_queries):
    make_factcheck()
    client.get("/fact-checks/")
    with django_assert_num_queries(0):
        assert client.get("/fact-checks/", {"utm_source": "x"}).status_code == 200
    assert client.head("/fact-checks/").status_code == 200


def _search(client, q: str, page: int):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/fact-checks/", {"q": q, "page": str(page)})
    assert response.status_code == 200
    return response, [query["sql"] for query in ctx.captured_queries]


def test_search_reads_the_matching_ids_then_only_the_pages_rows(client, make_factcheck):
    """Ids first: one narrow query for every match (the count and the pager), then the page's rows by id. No
    COUNT, and the wide query (claim, article, texts) never reads more than a page, however many match."""
    from datetime import timedelta

    from factcheck.publishing.views import PAGE_SIZE

    start = make_factcheck(headline="Lighthouse 0").published_at
    for i in range(1, PAGE_SIZE + 3):
        make_factcheck(headline=f"Lighthouse {i}", published_at=start + timedelta(minutes=i))
    make_factcheck(headline="Unrelated harbour", published_at=start + timedelta(hours=2))
    purge_factcheck()
    client.get("/fact-checks/", {"q": "warm up"})  # the freshness and the filter menus, cached per generation

    few_response, few = _search(client, "harbour", 1)
    response, queries = _search(client, "Lighthouse", 2)
    assert len(queries) == len(few)  # the same statements for 1 match as for 23
    assert not [sql for sql in queries if 'AS "__count"' in sql]  # no paginator COUNT over the matches
    page_obj = response.context["page_obj"]
    assert page_obj.paginator.count == PAGE_SIZE + 3 and page_obj.number == 2
    # Newest first, the page's rows after the first page's: Lighthouse 2, 1, 0.
    assert [v.headline for v in page_obj.object_list] == ["Lighthouse 2", "Lighthouse 1", "Lighthouse 0"]
    wide = [sql for sql in queries if sql.startswith('SELECT "verdicts_verdict"."id", ')]  # every column
    assert len(wide) == 1 and "LIMIT" not in wide[0].upper()
    with connection.cursor() as cursor:  # the wide query names the page's ids, nothing more
        # The statement this request ran, as captured: no outside input.
        cursor.execute(wide[0].replace("SELECT", "SELECT COUNT(*) FROM (SELECT", 1) + ") AS page")  # noqa: S608
        assert cursor.fetchone()[0] == 3
    assert [v.headline for v in few_response.context["page_obj"].object_list] == ["Unrelated harbour"]
