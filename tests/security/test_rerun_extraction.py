"""Re-running extraction is for editors and admins: reviewers neither see the article admin's action nor
get it done by forging its POST (403, nothing queued, nothing logged)."""

import pytest

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
ACTION = "retry_articles"


def forge(client, article):
    return client.post(CHANGELIST, {"action": ACTION, "_selected_action": [article.pk], "index": "0"})


def test_reviewers_are_not_offered_the_action(client, users):
    ArticleFactory(status=Article.Status.FAILED)
    client.force_login(users["reviewer"])
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert ACTION not in page.content.decode()
    for who in ("editor", "admin"):
        client.force_login(users[who])
        assert ACTION in client.get(CHANGELIST).content.decode()


def test_a_forged_post_from_a_reviewer_is_refused(client, users):
    article = ArticleFactory(status=Article.Status.FAILED, error="Boom")
    client.force_login(users["reviewer"])
    response = forge(client, article)
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.status, article.error) == (Article.Status.FAILED, "Boom")
    assert not AuditEvent.objects.filter(action="article.retry").exists()


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_editors_and_admins_rerun_extraction(who, client, users):
    failed = ArticleFactory(status=Article.Status.FAILED, error="Boom")
    done = ArticleFactory(status=Article.Status.DONE)
    client.force_login(users[who])
    response = client.post(CHANGELIST, {"action": ACTION, "_selected_action": [failed.pk, done.pk], "index": "0"})
    assert response.status_code == 302
    failed.refresh_from_db()
    done.refresh_from_db()
    assert (failed.status, failed.error) == (Article.Status.QUEUED, "")
    assert done.status == Article.Status.DONE, "finished articles are left alone"
    event = AuditEvent.objects.get(action="article.retry")
    assert (event.actor, event.object_id) == (users[who], str(failed.pk))
