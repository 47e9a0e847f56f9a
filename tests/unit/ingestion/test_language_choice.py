"""An editor's correction of an article's language survives re-extraction, and the article page says so.

Detection can be wrong; once an editor has set the language, extraction reads the article in it on every
later run (a failed article sent again, a stuck one swept) instead of detecting it again.
"""

from pathlib import Path

import pytest

from factcheck.articles.language import editor_language
from factcheck.articles.models import Article
from factcheck.articles.services import article_set_language
from factcheck.claims.models import Claim
from factcheck.extraction import extract
from workflows.services import articles_rerun_extraction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_match_index")]
ARTICLE = Path(__file__).resolve().parents[2] / "fixtures_ingest" / "russian_article.txt"


def _rerun(article: Article, actor, committed) -> Article:
    """The desk's way: a failed article, its claims gone, re-run by an editor."""
    Claim.objects.filter(article=article).delete()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, error="worker lost")
    with committed():
        result = articles_rerun_extraction(article_ids=[article.pk], actor=actor)
    assert result.queued == [article.pk]
    return Article.objects.get(pk=article.pk)


def test_rerunning_extraction_keeps_the_editors_language(russian, users, committed):
    article_set_language(article_id=russian.pk, language="kk", actor=users["editor"])
    article = _rerun(russian, users["editor"], committed)
    assert article.status == Article.Status.DONE
    assert article.language == "kk", "the editor's choice wins over detection"
    claims = Claim.objects.filter(article=article)
    assert claims.exists() and set(claims.values_list("language", flat=True)) == {"kk"}


def test_a_correction_made_while_extraction_runs_is_kept(russian, users, committed, monkeypatch):
    from factcheck.articles import pipeline

    real_extract = pipeline.extract

    def extract_while_the_editor_corrects(*args, **kwargs):
        result = real_extract(*args, **kwargs)
        article_set_language(article_id=russian.pk, language="kk", actor=users["editor"])
        return result

    monkeypatch.setattr(pipeline, "extract", extract_while_the_editor_corrects)
    article = _rerun(russian, users["editor"], committed)
    assert article.status == Article.Status.DONE
    assert article.language == "kk", "the run that read the article as Russian does not undo the correction"
    assert set(Claim.objects.filter(article=article).values_list("language", flat=True)) == {"kk"}


def test_without_a_correction_rerunning_detects_again(russian, users, committed):
    Article.objects.filter(pk=russian.pk).update(language="kk")  # not an editor's choice: no audit event
    article = _rerun(russian, users["editor"], committed)
    assert article.language == "ru"
    assert set(Claim.objects.filter(article=article).values_list("language", flat=True)) == {"ru"}


def test_the_latest_choice_is_the_one_kept(russian, users, committed):
    article_set_language(article_id=russian.pk, language="kk", actor=users["editor"])
    article_set_language(article_id=russian.pk, language="uk", actor=users["admin"])
    choice = editor_language(russian.pk)
    assert choice is not None and choice.language == "uk"
    assert _rerun(russian, users["editor"], committed).language == "uk"


def test_extract_reads_a_given_language_without_detecting_it():
    text = ARTICLE.read_text(encoding="utf-8")
    assert extract(text).language == "ru"
    assert extract(text, language="uk", detect=False).language == "uk"


def test_the_article_page_says_who_set_the_language(russian, users, client):
    client.force_login(users["editor"])
    page = f"/admin/articles/article/{russian.pk}/change/"
    assert "Detected when the article was processed" in client.get(page).content.decode()
    client.post(f"/admin/articles/article/{russian.pk}/language/", {"language": "kk"})
    said = client.get(page).content.decode()
    assert "fd-language-chosen" in said and "Detected when the article was processed" not in said
    assert "extraction reads the article in this language, also when it runs again" in said
    editor = users["editor"]
    assert (editor.get_full_name() or editor.get_username()) in said
    russian_page = client.get(page, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "извлечение читает статью на этом языке" in russian_page
