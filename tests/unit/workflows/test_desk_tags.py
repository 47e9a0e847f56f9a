"""Topics and tags at the desk: the claim page's panel (accept a suggested topic, save tags and topics, a
refusal keeps what was typed), the queue's tag and topic filters, and the topic list in the admin."""

import pytest

from factcheck.claims.models import ClaimTopic, Topic
from tests.factories import ClaimFactory
from workflows.services import tags as svc

from .desk_pages import change_url, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    return Topic.objects.create(name="Health", slug="health", keywords="NHS, hospital")


def tags_url(claim):
    return f"/admin/claims/claim/{claim.pk}/tags/"


def test_the_claim_page_shows_suggested_topics_with_accept_and_the_tag_form(as_user, health):
    claim = ClaimFactory()
    ClaimTopic.objects.create(claim=claim, topic=health, matched=["NHS"])
    page = as_user("editor").get(change_url(claim)).content.decode()
    assert 'id="tags"' in page and "Suggested topics" in page and "found: NHS" in page
    assert f'name="accept" value="{health.pk}"' in page and 'name="tags"' in page
    assert "tag_input.js" in page


def test_accepting_a_suggestion_from_the_claim_page(as_user, health):
    claim = ClaimFactory()
    ClaimTopic.objects.create(claim=claim, topic=health, matched=["NHS"])
    response = as_user("editor").post(tags_url(claim), {"version": claim.version, "accept": health.pk})
    assert response.status_code == 302 and response["Location"].endswith("#tags")
    assert ClaimTopic.objects.get(claim=claim).status == "accepted"
    assert "Topic accepted: Health." in messages_of(as_user("editor").get(response["Location"]))


def test_saving_tags_and_topics_and_a_refusal_keeps_what_was_typed(as_user, health):
    claim = ClaimFactory()
    client = as_user("editor")
    client.post(tags_url(claim), {"version": claim.version, "tags": "Vaccines, local elections", "topics": [health.pk]})
    claim.refresh_from_db()
    assert sorted(claim.tags.values_list("name", flat=True)) == ["Vaccines", "local elections"]
    assert ClaimTopic.objects.get(claim=claim, topic=health).status == "accepted"
    typed = "budget, " + "x" * 60
    response = client.post(tags_url(claim), {"version": claim.version, "tags": typed})
    page = client.get(response["Location"]).content.decode()
    assert "too long" in page and f'value="{typed}"' in page
    assert '<details class="fd-tags-edit" open>' in page
    # nothing was written: the refused save left tags and topics as they were
    assert sorted(claim.tags.values_list("name", flat=True)) == ["Vaccines", "local elections"]
    assert ClaimTopic.objects.get(claim=claim, topic=health).status == "accepted"


def test_a_stale_panel_is_refused_and_the_typed_tags_come_back(as_user):
    claim = ClaimFactory()
    client = as_user("editor")
    response = client.post(tags_url(claim), {"version": claim.version + 5, "tags": "late tag"})
    page = client.get(response["Location"]).content.decode()
    assert "changed since you loaded it" in page and 'value="late tag"' in page
    assert not claim.tags.exists()


def test_a_reviewer_not_assigned_sees_no_form_and_a_forged_post_is_refused(as_user, make_claim, health):
    claim = make_claim("assigned")
    ClaimTopic.objects.create(claim=claim, topic=health)
    client = as_user("reviewer2")
    page = client.get(change_url(claim)).content.decode()
    assert 'id="tags"' in page and 'name="tags"' not in page and 'name="accept"' not in page
    response = client.post(tags_url(claim), {"version": claim.version, "accept": health.pk})
    assert "not assigned to you" in " ".join(messages_of(client.get(response["Location"])))
    assert ClaimTopic.objects.get(claim=claim).status == "suggested"


def test_the_queue_filters_by_tag_and_by_topic(as_user, users, health):
    tagged, filed, waiting = (
        ClaimFactory(text="Tagged claim."),
        ClaimFactory(text="Filed claim."),
        ClaimFactory(text="Waiting claim."),
    )
    svc.claim_set_tags(claim_id=tagged.pk, actor=users["editor"], tags=["Vaccines"])
    ClaimTopic.objects.create(claim=filed, topic=health, status="accepted")
    ClaimTopic.objects.create(claim=waiting, topic=health)
    client = as_user("editor")
    by_tag = client.get("/admin/claims/claim/?tag=vaccines").content.decode()
    assert "Tagged claim." in by_tag and "Filed claim." not in by_tag
    by_topic = client.get("/admin/claims/claim/?topic=health").content.decode()
    assert "Filed claim." in by_topic and "Waiting claim." not in by_topic
    suggested = client.get("/admin/claims/claim/?topic=suggested:health").content.decode()
    assert "Waiting claim." in suggested and "Filed claim." not in suggested
    queue = client.get("/admin/claims/claim/").content.decode()
    assert "?tag=Vaccines" in queue and "?topic=health" in queue  # the filters are offered


def test_admins_edit_the_topic_list_and_editors_read_it(as_user, health):
    editor = as_user("editor")
    assert editor.get("/admin/claims/topic/").status_code == 200
    assert editor.get(f"/admin/claims/topic/{health.pk}/change/").status_code == 200
    assert editor.post("/admin/claims/topic/add/", {"name": "Crime", "slug": "crime"}).status_code == 403
    admin = as_user("admin")
    response = admin.post(
        "/admin/claims/topic/add/", {"name": "Crime", "slug": "crime", "keywords": "police, crime", "description": ""}
    )
    assert response.status_code == 302 and Topic.objects.get(slug="crime").keyword_list == ("police", "crime")


def test_queue_rows_show_their_topics_and_tags(as_user, users, health):
    claim = ClaimFactory(text="Labelled claim.")
    svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["Vaccines"])
    ClaimTopic.objects.create(claim=claim, topic=health, status="accepted")
    ClaimFactory(text="Plain claim.")
    page = as_user("editor").get("/admin/claims/claim/").content.decode()
    assert '<span class="fd-row-topic">Health</span> <span class="fd-row-tag">Vaccines</span>' in page
    assert page.count('class="fd-row-labels"') == 1  # a claim without any shows none
