"""The pipeline on the seeds: idempotent, all-or-nothing, and linking the repeated claim."""

import json
import re
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.articles.services import article_retry, ingest_file
from factcheck.articles.tasks import process_article, sweep_stuck_articles
from factcheck.claims.linking import reset_index
from factcheck.claims.models import ArchivedFactCheck, Claim

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture(autouse=True)
def _fresh_index():
    reset_index()
    yield
    reset_index()


def _snapshot():
    return sorted(Claim.objects.values_list("article__content_hash", "start", "end", "text"))


def test_ingesting_the_seeds_twice_changes_nothing(committed):
    with committed():
        call_command("ingest_seeds", stdout=StringIO())
    articles, claims = Article.objects.count(), _snapshot()
    assert articles == 5 and len(claims) > 20
    assert set(Article.objects.values_list("status", flat=True)) == {"done"}
    out = StringIO()
    call_command("ingest_seeds", stdout=out)
    assert "0 new, 5 already known" in out.getvalue()
    assert Article.objects.count() == articles and _snapshot() == claims


def test_rerunning_the_task_never_duplicates_claims(committed):
    with committed():
        result = ingest_file(SEEDS / "001_916a3f7d65adccb6.txt")
    assert Claim.objects.filter(article=result.article).count() > 0
    before = _snapshot()
    Article.objects.filter(pk=result.article.pk).update(status=Article.Status.PROCESSING)
    process_article.apply(args=[result.article.pk])
    assert _snapshot() == before


def test_claim_spans_index_the_raw_text_exactly(committed):
    with committed():
        call_command("ingest_seeds", stdout=StringIO())
    assert Claim.objects.count() > 20
    for claim in Claim.objects.select_related("article"):
        assert claim.article.raw_text[claim.start : claim.end] == claim.text


def test_the_600_products_claim_is_linked_across_two_articles(committed):
    with committed():
        call_command("ingest_seeds", stdout=StringIO())
    in_002 = Claim.objects.get(article__source_name__startswith="002_", text__contains="600")
    in_004 = Claim.objects.get(article__source_name__startswith="004_", text__contains="600")
    assert in_002.cluster_id is not None and in_002.cluster_id == in_004.cluster_id
    clustered = Claim.objects.filter(cluster=in_002.cluster)
    assert set(clustered.values_list("article__source_name", flat=True)) == {
        in_002.article.source_name,
        in_004.article.source_name,
    }


def test_a_database_error_mid_pipeline_leaves_nothing_half_written_and_a_retry_completes(committed):
    failure = DatabaseError("injected: connection dropped")
    with mock.patch("factcheck.articles.pipeline.link_claims", side_effect=failure), committed():
        result = ingest_file(SEEDS / "003_1a00417633e32660.txt")
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.FAILED
    assert "injected: connection dropped" in article.error
    assert article.claims.count() == 0
    with committed():
        article_retry(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.error == ""
    assert article.claims.count() > 0 and article.attempts == 2


def test_sweeper_requeues_articles_stuck_past_the_timeout(committed):
    with mock.patch("factcheck.articles.services._enqueue"):  # the broker "loses" the message
        result = ingest_file(SEEDS / "004_f05b27c47f0f2fa1.txt")
    assert Article.objects.get(pk=result.article.pk).status == Article.Status.QUEUED
    assert sweep_stuck_articles.apply().get() == 0  # not stuck long enough yet
    Article.objects.filter(pk=result.article.pk).update(status_changed_at=timezone.now() - timezone.timedelta(hours=1))
    assert sweep_stuck_articles.apply().get() == 1
    assert Article.objects.get(pk=result.article.pk).status == Article.Status.DONE


def test_a_claim_repeating_an_archived_factcheck_is_flagged(tmp_path, committed):
    archive = tmp_path / "archive.csv"
    archive.write_text(
        "claim,rating,url\n"
        '"In Belarus, CAR-T treatment costs the equivalent of $55,000 per patient",Mostly true,'
        "https://factchecks.example/belarus-cart-cost\n"
    )
    call_command("import_factchecks", str(archive), stdout=StringIO())
    with committed():
        ingest_file(SEEDS / "001_916a3f7d65adccb6.txt")
    flagged = Claim.objects.filter(archived_match__isnull=False)
    assert flagged.count() >= 1
    assert all("55,000" in c.text for c in flagged)
    assert flagged.first().archived_match == ArchivedFactCheck.objects.get()


def test_import_factchecks_reads_claimreview_jsonld_and_is_idempotent(tmp_path):
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ClaimReview",
                "claimReviewed": "Up to 600 CAR-T products a year",
                "url": "https://fc.example/600",
                "reviewRating": {"@type": "Rating", "alternateName": "Half true"},
                "author": {"name": "FC"},
                "datePublished": "2025-12-01",
            },
            {"@type": "WebPage", "name": "not a review"},
        ],
    }
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(data))
    out = StringIO()
    call_command("import_factchecks", str(path), stdout=out)
    call_command("import_factchecks", str(path), stdout=out)
    assert "1 fact-checks added" in out.getvalue() and "0 fact-checks added, 1 updated" in out.getvalue()
    row = ArchivedFactCheck.objects.get()
    assert (row.rating, row.publisher, str(row.published_at)) == ("Half true", "FC", "2025-12-01")


def test_the_admin_queue_shows_seed_claims_ranked_typed_attributed_and_linked(committed, users, client):
    with committed():
        call_command("ingest_seeds", stdout=StringIO())
    client.force_login(users["editor"])
    html = client.get("/admin/claims/claim/").content.decode()
    assert html.count("<mark") >= 20  # each claim inside its highlighted sentence
    assert "Sergei Krasny" in html and "the publication" in html  # attributed
    assert html.count("repeated elsewhere") == 2  # the 600-products claim, in both articles
    scores = [float(s) for s in re.findall(r'field-score_band"><span title="[^"]*">(?:&lt;|&gt;)?([0-9.]+)%<', html)]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 20  # ranked (all priority normal)
    assert "Quantity" in html and "Prediction" in html  # typed


def test_an_untitled_article_is_named_by_its_first_sentence(committed):
    with committed():
        result = ingest_file(SEEDS / "002_c9012d59b9cd3306.txt")
    title = Article.objects.get(pk=result.article.pk).title
    assert title.startswith("The Strategy broadly defines where the state plans to invest")
    assert len(title) <= 120


def test_storing_an_article_reads_and_writes_it_once_and_counts_no_claims(committed):
    """The final transaction locks the row without reading its text again, writes back only what extraction
    set (never the raw text), and returns the claims it just read instead of counting them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.articles.pipeline import article_process

    with committed():
        article = ingest_file(SEEDS / "001_916a3f7d65adccb6.txt").article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED, title="Kept title")
    Claim.objects.filter(article=article).delete()
    with CaptureQueriesContext(connection) as ctx:
        stored = article_process(article.pk)
    sql = [q["sql"] for q in ctx.captured_queries]
    assert stored == Claim.objects.filter(article=article).count() > 0
    assert not [q for q in sql if "COUNT(" in q.upper()]
    writes = [q for q in sql if q.startswith('UPDATE "articles_article"')]
    assert writes and not [q for q in writes if '"raw_text"' in q]
    locks = [q for q in sql if "FOR UPDATE" in q and '"articles_article"' in q]
    assert not [q for q in locks if '"raw_text"' in q]
    assert locks or connection.vendor == "sqlite"  # SQLite serialises writers without row locks
    done = Article.objects.get(pk=article.pk)
    assert done.status == Article.Status.DONE and done.title == "Kept title" and done.cleaned_text
