"""History reads as sentences, newest first: every event the services write, for a claim taken through
its whole life by the real services, says who did what with names and labels, never a Python dict, an
id or ``None``; an event about a draft the reader may not see says only who did what kind of thing."""

import datetime
import re

import pytest
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.audit.models import AuditEvent
from tests.factories import ArticleFactory
from workflows import history, registry, services

pytestmark = pytest.mark.django_db

NAMES = {
    "editor": ("Erin", "Diaz"),
    "editor2": ("Eve", "Stone"),
    "reviewer": ("Rafael", "Ortiz"),
    "reviewer2": ("Sam", "Lee"),
    "admin": ("Ada", "King"),
}
# What a sentence may never show: a dict or list, a repr, a null, an unformatted placeholder.
LEAKS = re.compile(r"[{}\[\]]|None|'\w+':|<\w")


@pytest.fixture
def people(users):
    for key, (first, last) in NAMES.items():
        users[key].first_name, users[key].last_name = first, last
        users[key].save()
    return users


def day(moment: datetime.datetime) -> str:
    """How a reader writes a date: "3 March" (with the year when it is not this year)."""
    local = timezone.localtime(moment)
    text = f"{local.day} {local:%B}"
    return text if local.year == timezone.localdate().year else f"{text} {local.year}"


@pytest.fixture
def lived(people, ratings, make_claim):
    """A claim through every step the desk has, each by the real service."""
    editor, reviewer, reviewer2 = people["editor"], people["reviewer"], people["reviewer2"]
    claim = make_claim("new", speaker="The minister", claim_type="quantity")
    cid = claim.pk
    services.claim_set_priority(claim_id=cid, actor=editor, priority=1)
    services.claim_update_details(claim_id=cid, actor=editor, speaker="The health minister", claim_type="prediction")
    services.claim_dismiss(claim_id=cid, actor=editor, reason="opinion")
    services.claim_reopen(claim_id=cid, actor=editor, note="It is a figure after all.")
    due = timezone.now() + datetime.timedelta(days=9)
    services.claim_assign(claim_id=cid, actor=editor, reviewers=[reviewer], due_at=due)
    services.claim_reassign(claim_id=cid, actor=editor, reviewers=[reviewer2, reviewer])
    services.claim_unassign(claim_id=cid, actor=editor, note="Back to the queue.")
    services.claim_assign(claim_id=cid, actor=editor, reviewers=[reviewer], due_at=due)
    services.review_start(claim_id=cid, actor=reviewer)
    link = services.evidence_add(
        claim_id=cid,
        actor=reviewer,
        url="https://stats.example.org/a",
        title="Clinic statistics 2024",
        stance="refutes",
    )
    link = services.evidence_update(evidence_id=link.pk, actor=reviewer, title="Clinic statistics, 2024")
    services.evidence_remove(evidence_id=link.pk, actor=reviewer)
    services.evidence_add(
        claim_id=cid, actor=reviewer, url="https://stats.example.org/b", title="Annual report", stance="supports"
    )
    verdict = services.verdict_save_draft(
        claim_id=cid,
        actor=reviewer,
        rating_id=ratings["false"].pk,
        headline="Fewer were cured",
        summary="S",
        explanation="<p>E</p>",
        version=1,
    )
    verdict = services.verdict_save_draft(
        claim_id=cid,
        actor=reviewer,
        rating_id=ratings["mostly-false"].pk,
        headline="Fewer were cured",
        summary="S",
        explanation="<p>E</p>",
        version=verdict.version,
    )
    services.verdict_submit(claim_id=cid, actor=reviewer)
    services.verdict_return(claim_id=cid, actor=editor, note="Add the 2023 figure.")
    services.verdict_submit(claim_id=cid, actor=reviewer)
    services.verdict_approve(claim_id=cid, actor=people["editor2"])
    services.factcheck_publish(claim_id=cid, actor=editor)
    services.factcheck_correct(
        claim_id=cid, actor=editor, what_changed="The rating", note="A new source.", new_rating_id=ratings["false"].pk
    )
    services.factcheck_retract(claim_id=cid, actor=editor, reason="The source was fabricated.")
    claim.refresh_from_db()
    claim.due = due
    return claim


def sentences(user, claim) -> list[str]:
    return [e.sentence for e in history.claim_history(user, claim)]


def test_newest_first_and_every_sentence_is_prose(people, lived):
    events = history.claim_history(people["editor"], lived)
    assert [e.pk for e in events] == sorted((e.pk for e in events), reverse=True)
    assert events[0].action == "factcheck.retract" and events[-1].action == "claim.set_priority"
    for event in events:
        assert event.sentence and not LEAKS.search(event.sentence), (event.action, event.sentence)
        assert event.action not in event.sentence
        first = event.actor.first_name if event.actor else "The system"
        assert event.sentence.startswith(first), event.sentence


def test_the_everyday_sentences(people, lived):
    said = sentences(people["editor"], lived)
    assert f"Erin Diaz assigned the claim to Rafael Ortiz, due {day(lived.due)}" in said
    assert "Rafael Ortiz saved the draft and changed the rating from False to Mostly false" in said
    assert "Erin Diaz changed the priority from normal to urgent" in said
    assert (
        "Erin Diaz changed the claim type from quantity to prediction and the speaker from “The minister” "
        "to “The health minister”"
    ) in said
    assert "Erin Diaz dismissed the claim: opinion, not a factual claim" in said
    assert (
        "Rafael Ortiz added evidence that refutes the claim: “Clinic statistics 2024”, https://stats.example.org/a"
    ) in said
    assert "Erin Diaz returned the verdict to Rafael Ortiz with a note" in said
    assert "Erin Diaz published a correction: “The rating” (the rating changed from Mostly false to False)" in said
    assert any(s.startswith("Erin Diaz reassigned the claim to Sam Lee and Rafael Ortiz") for s in said)
    assert any(s.startswith("Erin Diaz published the fact-check, rated Mostly false") for s in said)


def test_hidden_draft_events_say_only_who_did_what_kind_of_thing(people, ratings, make_claim):
    reviewer, editor = people["reviewer"], people["editor"]
    claim = make_claim("new")
    services.claim_assign(claim_id=claim.pk, actor=editor, reviewers=[reviewer])
    services.review_start(claim_id=claim.pk, actor=reviewer)
    services.evidence_add(
        claim_id=claim.pk,
        actor=reviewer,
        url="https://stats.example.org/a",
        title="Clinic statistics 2024",
        stance="refutes",
    )
    services.verdict_save_draft(
        claim_id=claim.pk,
        actor=reviewer,
        rating_id=ratings["false"].pk,
        headline="H",
        summary="S",
        explanation="",
        version=1,
    )
    services.verdict_submit(claim_id=claim.pk, actor=reviewer)
    services.verdict_return(claim_id=claim.pk, actor=editor, note="Add the 2023 figure.")
    outsider = history.claim_history(people["reviewer2"], claim)
    by_action = {}
    for event in outsider:
        by_action.setdefault(event.action, event)
    assert by_action["evidence.add"].sentence == "Rafael Ortiz added evidence"
    assert by_action["verdict.save_draft"].sentence == "Rafael Ortiz saved the verdict draft"
    assert by_action["verdict.return"].sentence == "Erin Diaz returned the verdict to the reviewer"
    for event in outsider:
        if event.draft_hidden:
            for secret in ("Clinic", "False", "2023", "refutes", "https"):
                assert secret not in event.sentence, (event.action, event.sentence)
    assert not by_action["claim.assign"].draft_hidden and "due" in by_action["claim.assign"].sentence
    insider = {e.action: e.sentence for e in history.claim_history(reviewer, claim)}
    assert insider["evidence.add"] == (
        "Rafael Ortiz added evidence that refutes the claim: “Clinic statistics 2024”, https://stats.example.org/a"
    )
    assert insider["verdict.submit"] == "Rafael Ortiz submitted the verdict for sign-off, rated False"


def test_a_panel_vote_and_a_rerun_read_as_sentences(people, ratings, make_claim, settings):
    settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 2}
    claim = make_claim("submitted")
    services.verdict_vote(claim_id=claim.pk, actor=people["editor"], rating_id=ratings["false"].pk)
    services.verdict_vote(claim_id=claim.pk, actor=people["editor2"], rating_id=ratings["false"].pk)
    said = sentences(people["admin"], claim)
    assert said[0] == "Eve Stone voted False: the panel approved the verdict as False"
    assert said[1] == "Erin Diaz voted False (1 vote so far)"
    article = ArticleFactory(status=Article.Status.FAILED)
    services.articles_rerun_extraction(article_ids=[article.pk], actor=people["editor"])
    event = AuditEvent.objects.get(action="article.retry")
    history.describe([event])
    assert event.sentence == "Erin Diaz re-ran extraction on the article"


def test_an_unknown_event_still_reads_as_a_sentence(people, make_claim):
    from factcheck.audit.log import record

    claim = make_claim("new")
    record(action="claim.note", actor=None, target=claim, claim=claim, data={"x": [1, 2]})
    (event,) = history.claim_history(people["editor"], claim)
    assert event.sentence == "The system recorded “claim note”"


def test_every_registered_event_has_a_brief_sentence_without_details():
    for name, event in registry.EVENTS.items():
        brief = str(event.brief)
        if name in registry.READER_EVENTS and brief.startswith(("A reader", "Another reader")):
            assert "{" not in brief, name  # a reader's own post: nobody on the desk acted
            continue
        assert "{actor}" in brief and "{" not in brief.replace("{actor}", ""), name


def test_names_are_looked_up_in_a_fixed_number_of_queries(people, lived, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # events with actors, then users and ratings named in the data
        history.claim_history(people["editor"], lived)
