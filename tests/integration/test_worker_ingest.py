"""A real Celery worker process over Redis processes the seeds into PostgreSQL."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from factcheck.articles.models import Article
from factcheck.claims.models import Claim
from factcheck.extraction import extract

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_worker_processes_the_seeds_exactly_once(celery_worker):
    call_command("ingest_seeds", stdout=StringIO())
    assert Article.objects.count() == 5
    wait_for(
        lambda: Article.objects.filter(status="done").count() == 5,
        timeout=120,
        message="5 seed articles done by the worker",
    )
    expected = sum(len(extract(p.read_text(encoding="utf-8")).claims) for p in sorted(SEEDS.glob("*.txt")))
    assert Claim.objects.count() == expected
    spans = list(Claim.objects.values_list("article_id", "start", "end"))
    assert len(spans) == len(set(spans))
    six_hundred = Claim.objects.filter(text__contains="600", cluster__isnull=False)
    assert six_hundred.values("cluster").distinct().count() == 1
    assert six_hundred.values("article").distinct().count() == 2


def test_duplicate_delivery_of_the_same_message_yields_one_result(celery_worker):
    from unittest import mock

    from factcheck.articles.services import ingest_file
    from factcheck.articles.tasks import process_article

    with mock.patch("factcheck.articles.services._enqueue"):
        article = ingest_file(SEEDS / "001_916a3f7d65adccb6.txt").article
    for _ in range(3):
        process_article.delay(article.pk)
    wait_for(
        lambda: celery_worker.log_path.read_text().count("succeeded") >= 3,
        timeout=90,
        message="three deliveries handled",
    )
    article.refresh_from_db()
    assert (article.status, article.error) == ("done", "")
    expected = len(extract((SEEDS / "001_916a3f7d65adccb6.txt").read_text(encoding="utf-8")).claims)
    assert Claim.objects.filter(article=article).count() == expected
