"""Tags and topics through ``workflows.services.tags``: who may change them, what the audit log keeps, stale
forms refused, and the topics extraction suggests when an article is processed."""

import pytest

from factcheck.articles.pipeline import article_process
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim, ClaimTopic, Topic
from factcheck.verdicts.models import Verdict
from factcheck.verdicts.signals import factcheck_changed
from tests.factories import ArticleFactory, ClaimFactory
from workflows.exceptions import ActionForbidden, StaleEdit, ValidationFailed
from workflows.services import tags as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return {
        "health": Topic.objects.create(name="Health", slug="health", keywords="NHS, vaccine\nhospital"),
        "economy": Topic.objects.create(name="Economy", slug="economy", keywords="inflation, interest rate"),
    }


def _names(claim):
    return sorted(claim.tags.values_list("name", flat=True))


# --- desk tags -----------------------------------------------------------------------------------------


def test_an_editor_tags_a_claim_and_the_audit_log_says_what_was_added_and_removed(users):
    claim = ClaimFactory()
    svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["Vaccines", " local  elections ", "vaccines"])
    assert _names(claim) == ["Vaccines", "local elections"]
    svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["local elections", "NHS"])
    events = list(AuditEvent.objects.filter(claim=claim, action="claim.tags").order_by("id"))
    assert [e.data["added"] for e in events] == [["Vaccines", "local elections"], ["NHS"]]
    assert events[1].data["removed"] == ["Vaccines"] and events[1].actor == users["editor"]
    claim.refresh_from_db()
    assert claim.version == 3  # each change bumps the version, so a form loaded before is stale


def test_a_tag_keeps_its_first_spelling_whoever_types_it_next(users):
    first, second = ClaimFactory(), ClaimFactory()
    svc.claim_set_tags(claim_id=first.pk, actor=users["editor"], tags=["COVID-19"])
    svc.claim_set_tags(claim_id=second.pk, actor=users["editor"], tags=["covid-19"])
    assert _names(second) == ["COVID-19"]


def test_setting_the_same_tags_again_changes_nothing_and_logs_nothing(users):
    claim = ClaimFactory()
    svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["NHS"])
    svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["nhs"])
    assert AuditEvent.objects.filter(claim=claim, action="claim.tags").count() == 1
    claim.refresh_from_db()
    assert claim.version == 2


@pytest.mark.parametrize(
    ("tags", "says"),
    [(["x" * 51], "too long"), ([f"t{i}" for i in range(21)], "keep it to 20"), ([7], "as text")],
)
def test_bad_tags_are_refused_with_a_reason_and_nothing_is_written(users, tags, says):
    claim = ClaimFactory()
    with pytest.raises(ValidationFailed) as refused:
        svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=tags)
    assert says in refused.value.message and "tags" in refused.value.errors
    assert _names(claim) == [] and not AuditEvent.objects.filter(claim=claim).exists()


def test_a_stale_version_is_refused(users):
    claim = ClaimFactory()
    with pytest.raises(StaleEdit):
        svc.claim_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["NHS"], version=claim.version + 1)
    assert _names(claim) == []


def test_the_assigned_reviewer_may_tag_but_another_reviewer_may_not(users, make_claim):
    claim = make_claim("in_review")
    svc.claim_set_tags(claim_id=claim.pk, actor=users["reviewer"], tags=["NHS"])
    with pytest.raises(ActionForbidden):
        svc.claim_set_tags(claim_id=claim.pk, actor=users["reviewer2"], tags=["other"])
    assert _names(claim) == ["NHS"]


def test_tags_stay_editable_after_submission_but_a_public_fact_check_is_an_editors_call(users, make_claim):
    submitted = make_claim("submitted")
    svc.claim_set_tags(claim_id=submitted.pk, actor=users["editor"], tags=["budget"])
    published = make_claim("published")
    with pytest.raises(ActionForbidden, match="only an editor"):
        svc.claim_set_tags(claim_id=published.pk, actor=users["reviewer"], tags=["budget"])
    svc.claim_set_tags(claim_id=published.pk, actor=users["editor"], tags=["budget"])
    assert _names(published) == ["budget"]


# --- the fact-check's public tags ------------------------------------------------------------------------


def test_public_tags_need_a_verdict(users):
    claim = ClaimFactory()
    with pytest.raises(ValidationFailed, match="no verdict yet"):
        svc.factcheck_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["NHS"])


def test_changing_a_public_fact_checks_tags_tells_the_site_on_commit(users, make_claim, committed):
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    factcheck_changed.connect(listen, dispatch_uid="test.tags")
    try:
        claim = make_claim("published")
        with committed():
            svc.factcheck_set_tags(claim_id=claim.pk, actor=users["editor"], tags=["Health", "NHS"])
    finally:
        factcheck_changed.disconnect(dispatch_uid="test.tags")
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.tag_names == ["Health", "NHS"]
    assert [h["change"] for h in heard] == ["tags"] and heard[0]["verdict_id"] == verdict.pk
    event = AuditEvent.objects.get(claim=claim, action="verdict.tags")
    assert event.data["added"] == ["Health", "NHS"]


# --- topics ----------------------------------------------------------------------------------------------


def test_processing_an_article_suggests_topics_from_the_desks_list(topics):
    text = (
        "Hospital waiting lists.\n\nThe NHS said 7.6 million people were waiting for hospital treatment in "
        "March, a record. Inflation also rose to 10.1% in the same month, the highest in 40 years."
    )
    article = ArticleFactory(raw_text=text, status="queued")
    assert article_process(article.pk) > 0
    rows = {(row.claim.text[:15], row.topic.slug) for row in ClaimTopic.objects.select_related("claim", "topic")}
    assert rows and all(row_status == "suggested" for row_status in ClaimTopic.objects.values_list("status", flat=True))
    health = ClaimTopic.objects.filter(topic=topics["health"]).select_related("claim")
    assert any("NHS" in row.matched for row in health)
    economy = ClaimTopic.objects.get(topic=topics["economy"], claim__text__contains="Inflation")
    assert economy.matched == ["inflation"]


def test_accepting_a_suggestion_files_the_claim_under_it(users, topics):
    claim = ClaimFactory()
    ClaimTopic.objects.create(claim=claim, topic=topics["health"], score=3, matched=["NHS"])
    assert svc.claim_topics_accept(claim_id=claim.pk, actor=users["editor"], topic_ids=[topics["health"].pk]) == [
        "Health"
    ]
    row = ClaimTopic.objects.get(claim=claim)
    assert (row.status, row.decided_by) == ("accepted", users["editor"])
    event = AuditEvent.objects.get(claim=claim, action="claim.topics")
    assert event.data == {"accepted": ["Health"], "removed": []}


def test_setting_topics_takes_off_the_others_and_keeps_suggestions(users, topics):
    claim = ClaimFactory()
    ClaimTopic.objects.create(claim=claim, topic=topics["health"], status="accepted")
    third = Topic.objects.create(name="Crime", slug="crime")
    ClaimTopic.objects.create(claim=claim, topic=third)  # a suggestion, not chosen: stays a suggestion
    accepted, removed = svc.claim_set_topics(claim_id=claim.pk, actor=users["editor"], topic_ids=[topics["economy"].pk])
    assert (accepted, removed) == (["Economy"], ["Health"])
    status = dict(ClaimTopic.objects.filter(claim=claim).values_list("topic__slug", "status"))
    assert status == {"economy": "accepted", "health": "rejected", "crime": "suggested"}


def test_a_rejected_suggestion_is_not_suggested_again_on_a_rerun(users, topics):
    claim = ClaimFactory(text="The NHS is short of 40,000 nurses.")
    ClaimTopic.objects.create(claim=claim, topic=topics["health"])
    svc.claim_topics_reject(claim_id=claim.pk, actor=users["editor"], topic_ids=[topics["health"].pk])
    from factcheck.claims.topics import suggest_claim_topics, topic_specs

    suggest_claim_topics([claim], title="", body="", specs=topic_specs())
    assert ClaimTopic.objects.get(claim=claim).status == "rejected"


def test_an_unknown_topic_is_refused_and_a_reviewer_not_assigned_may_not_choose(users, topics, make_claim):
    claim = make_claim("assigned")
    with pytest.raises(ValidationFailed, match="no topic 999999"):
        svc.claim_topics_accept(claim_id=claim.pk, actor=users["editor"], topic_ids=[999999])
    with pytest.raises(ActionForbidden):
        svc.claim_topics_accept(claim_id=claim.pk, actor=users["reviewer2"], topic_ids=[topics["health"].pk])
    svc.claim_topics_accept(claim_id=claim.pk, actor=users["reviewer"], topic_ids=[topics["health"].pk])
    assert Claim.objects.get(pk=claim.pk).topic_links.get().status == "accepted"


def test_history_tells_tag_and_topic_changes_in_sentences(users, topics, make_claim):
    from workflows.history import claim_history

    claim = make_claim("in_review")
    editor = users["editor"]
    svc.claim_set_tags(claim_id=claim.pk, actor=editor, tags=["vaccines", "NHS"])
    svc.claim_set_tags(claim_id=claim.pk, actor=editor, tags=["NHS", "budget"])
    svc.factcheck_set_tags(claim_id=claim.pk, actor=editor, tags=["Health"])
    svc.claim_set_topics(claim_id=claim.pk, actor=editor, topic_ids=[topics["health"].pk])
    svc.claim_set_topics(claim_id=claim.pk, actor=editor, topic_ids=[topics["economy"].pk])
    name = editor.get_full_name() or editor.get_username()
    sentences = [
        e.sentence for e in claim_history(editor, claim) if e.action in {"claim.tags", "verdict.tags", "claim.topics"}
    ]
    assert sentences == [
        f"{name} filed the claim under Economy and took it off Health",
        f"{name} filed the claim under Health",
        f"{name} tagged the fact-check “Health”",
        f"{name} tagged the claim “budget” and removed the tag “vaccines”",
        f"{name} tagged the claim “vaccines” and “NHS”",
    ]
