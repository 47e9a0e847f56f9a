"""Fixtures shared by unit tests in more than one folder."""

from pathlib import Path

import pytest

RUSSIAN_ARTICLE = Path(__file__).resolve().parents[1] / "fixtures_ingest" / "russian_article.txt"


@pytest.fixture
def fresh_match_index():
    """The process's claim matcher emptied before and after, so claims of other tests are never matched."""
    from factcheck.claims import linking

    linking.reset_index()
    yield
    linking.reset_index()


@pytest.fixture
def russian(committed, fresh_match_index):
    """The Russian test article ingested end to end (committed, so the pipeline's on-commit work runs)."""
    from factcheck.articles.models import Article
    from factcheck.articles.services import ingest_file

    with committed():
        result = ingest_file(RUSSIAN_ARTICLE)
    article = Article.objects.get(pk=result.article.pk)
    assert article.language == "ru", "detection reads this article as Russian"
    return article
