"""An export reads a fixed number of queries per chunk of rows (never one per row), and its memory does not
grow with the number of rows: 100,000 rows never sit in memory (``make bench`` measures that size)."""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.articles.models import Article, content_hash
from factcheck.claims.models import Assignment, Claim
from workflows.exports import selectors

pytestmark = pytest.mark.django_db


def make_claims(count: int, reviewer=None) -> None:
    """``count`` open claims in Cyrillic in one article, every third assigned to ``reviewer``."""
    text = "Статья. " * 10
    article = Article.objects.create(
        title="Отчёт", raw_text=text, content_hash=content_hash(f"{count}-{text}"), status=Article.Status.DONE
    )
    start = Claim.objects.filter(article=article).count()
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                text=f"Министр сказал, что {i} больниц закрыты в 2024 году.",
                context="Контекст абзаца, который экспорт не читает. " * 5,
                start=(start + i) * 10,
                end=(start + i) * 10 + 5,
                score=(i % 100) / 100,
                claim_type="quantity",
                speaker="Министр",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    if reviewer is not None:
        Assignment.objects.bulk_create([Assignment(claim=c, reviewer=reviewer) for c in claims[::3]], batch_size=2000)


def queries_of_export(client, fmt: str) -> tuple[int, int]:
    """(queries, rows) of one whole-queue export, the file read to its end."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:claims_claim_export", args=[fmt]))
        size = sum(len(chunk) for chunk in response.streaming_content)
    assert response.status_code == 200 and size > 0
    return len(captured), int(response["X-Export-Rows"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_do_not_grow_with_rows(client, users, fmt):
    client.force_login(users["editor"])
    make_claims(3, users["reviewer"])
    queries_of_export(client, fmt)  # the first export also caches the audit log's content type
    few, rows = queries_of_export(client, fmt)
    assert rows == 3
    make_claims(60, users["reviewer"])
    many, rows = queries_of_export(client, fmt)
    assert rows == 63
    assert many == few


def test_past_a_chunk_the_queries_stay_the_same(client, users, monkeypatch):
    """Rows are read ``CHUNK_SIZE`` at a time from one query (reviewers come in each row, not by a query per
    chunk): here chunks of 10, so 63 rows are 7 chunks of the same query."""
    client.force_login(users["editor"])
    make_claims(3, users["reviewer"])
    monkeypatch.setattr(selectors, "CHUNK_SIZE", 10)
    queries_of_export(client, "csv")
    one_chunk, _ = queries_of_export(client, "csv")
    make_claims(60, users["reviewer"])
    seven_chunks, rows = queries_of_export(client, "csv")
    assert rows == 63 and seven_chunks == one_chunk


def peak_bytes(client, fmt: str) -> tuple[int, int]:
    """Peak traced Python memory while one whole-queue export is made and read (chunk by chunk, each
    dropped as a client would write it to disk), and the rows it held."""
    tracemalloc.start()
    try:
        response = client.get(reverse("admin:claims_claim_export", args=[fmt]))
        for _chunk in response.streaming_content:
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, int(response["X-Export-Rows"])


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_does_not_grow_with_rows(client, users, fmt):
    client.force_login(users["editor"])
    make_claims(2_000, users["reviewer"])
    peak_2k, rows = peak_bytes(client, fmt)
    assert rows == 2_000
    make_claims(18_000, users["reviewer"])
    peak_20k, rows = peak_bytes(client, fmt)
    assert rows == 20_000
    # Ten times the rows: the peak is that of one chunk of rows, so it stays about the same (a list of
    # 20,000 claims alone would be several times the 2,000-row peak).
    assert peak_20k < 1.5 * peak_2k, (peak_2k, peak_20k)
