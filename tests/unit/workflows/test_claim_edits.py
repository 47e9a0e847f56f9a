"""Claims an editor adds (a passage of an article, or a claim typed with where it came from) and restates
(the claim as the desk checks it, who said it, when and where), through ``workflows.services.claim_edits``."""

import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.articles.services import ingest_file
from factcheck.audit.models import AuditEvent
from factcheck.claims import linking
from factcheck.claims.models import ArchivedFactCheck, Claim, ClaimOrigin
from tests.factories import ArticleFactory, ClaimFactory
from workflows import services
from workflows.exceptions import ActionForbidden, StaleEdit, TransitionNotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[3] / "seeds"

TEXT = (
    "Health news.\n\nThe minister said that 60% of patients were cured last year. "
    "Critics disagree.   \n\nAnother paragraph follows here."
)
SENTENCE = "The minister said that 60% of patients were cured last year."


@pytest.fixture(autouse=True)
def _fresh_index():
    linking.reset_index()
    yield
    linking.reset_index()


def _article(text=TEXT, **fields):
    return ArticleFactory(raw_text=text, **fields)


def _span(text, sentence):
    start = text.index(sentence)
    return start, start + len(sentence)


# --- adding a passage of an article ------------------------------------------------------------------


def test_a_passage_of_an_article_becomes_a_manual_claim_in_the_queue(users):
    article = _article()
    start, end = _span(TEXT, SENTENCE)
    claim = services.claim_add(actor=users["editor"], article_id=article.pk, start=start, end=end)
    assert (claim.article_id, claim.start, claim.end) == (article.pk, start, end)
    assert claim.text == TEXT[start:end] == SENTENCE
    assert claim.origin == ClaimOrigin.MANUAL and claim.state == "new" and claim.version == 1
    assert claim.reviewed_text == SENTENCE, "the claim as checked starts as the sentence"
    assert 0 <= claim.score <= 1 and claim.claim_type == "quantity"
    assert SENTENCE in claim.context
    events = list(AuditEvent.objects.filter(claim=claim))
    assert [(e.action, e.actor_id, e.to_state) for e in events] == [("claim.add", users["editor"].pk, "new")]
    assert events[0].data["start"] == start and events[0].data["origin"] == "manual"


def test_a_selection_with_blank_space_around_it_is_trimmed_and_offsets_still_index_the_text(users):
    article = _article()
    start, end = _span(TEXT, SENTENCE)
    claim = services.claim_add(actor=users["admin"], article_id=article.pk, start=start - 2, end=end + 1)
    assert (claim.start, claim.end) == (start, end) and TEXT[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    ("start", "end", "field", "says"),
    [
        (-1, 10, "start", "within the article's text"),
        (5, 5000, "end", "within the article's text"),
        (40, 30, "end", "after its start"),
        (12, 14, "start", "only blank space"),
        ("a", 10, "start", "whole number"),
    ],
)
def test_bad_selections_are_refused_with_a_sentence_saying_what_to_do(users, start, end, field, says):
    article = _article()
    with pytest.raises(ValidationFailed) as refused:
        services.claim_add(actor=users["editor"], article_id=article.pk, start=start, end=end)
    assert says in " ".join(refused.value.errors[field])
    assert refused.value.message.endswith(".")
    assert not Claim.objects.exists() and not AuditEvent.objects.exists()


def test_a_passage_longer_than_a_claim_is_refused(users):
    article = _article("Word " * 1000)
    with pytest.raises(ValidationFailed, match="at most 2,000"):
        services.claim_add(actor=users["editor"], article_id=article.pk, start=0, end=4000)


def test_an_unknown_article_or_one_without_text_is_refused(users):
    with pytest.raises(ValidationFailed) as refused:
        services.claim_add(actor=users["editor"], article_id=999_999, start=0, end=5)
    assert refused.value.errors["article"] == ["There is no article 999999."]
    fetching = ArticleFactory(raw_text="", content_hash=None, status=Article.Status.FETCHING)
    with pytest.raises(ValidationFailed, match="no text yet"):
        services.claim_add(actor=users["editor"], article_id=fetching.pk, start=0, end=5)


def test_the_same_passage_twice_names_the_claim_that_has_it(users):
    article = _article()
    start, end = _span(TEXT, SENTENCE)
    first = services.claim_add(actor=users["editor"], article_id=article.pk, start=start, end=end)
    with pytest.raises(ValidationFailed, match=f"already claim {first.pk}"):
        services.claim_add(actor=users["editor2"], article_id=article.pk, start=start - 1, end=end + 1)
    assert Claim.objects.count() == 1 and AuditEvent.objects.count() == 1


def test_either_a_passage_or_typed_text_not_both_nor_neither(users):
    article = _article()
    with pytest.raises(ValidationFailed, match="not both"):
        services.claim_add(actor=users["editor"], article_id=article.pk, start=0, end=5, text="A claim.")
    with pytest.raises(ValidationFailed, match="Select a passage"):
        services.claim_add(actor=users["editor"])
    with pytest.raises(ValidationFailed) as refused:
        services.claim_add(actor=users["editor"], article_id=article.pk, start=0)
    assert "end" in refused.value.errors


def test_reviewers_may_not_add_claims_and_are_told_whom_to_ask(users):
    article = _article()
    with pytest.raises(ActionForbidden, match="ask an editor"):
        services.claim_add(actor=users["reviewer"], article_id=article.pk, start=0, end=12)
    assert not Claim.objects.exists()


# --- typing a claim with where it came from ----------------------------------------------------------


def test_a_typed_claim_is_kept_in_a_desk_note_that_no_pipeline_touches(users, committed):
    text = "  Vaccines cause 90% of autism cases, the host said on air.  "
    with committed():
        claim = services.claim_add(
            actor=users["editor"],
            text=text,
            source_url="https://radio.example.org/show/12",
            source_description="Morning show, Radio Example",
            speaker="Jane Host",
        )
    article = claim.article
    assert article.raw_text == text.strip() and article.status == Article.Status.DONE
    assert article.source == Article.Source.ADMIN and article.title.startswith("Desk note: Vaccines cause")
    assert article.url == "https://radio.example.org/show/12"
    assert (claim.start, claim.end, claim.text) == (0, len(text.strip()), text.strip())
    assert claim.origin == ClaimOrigin.MANUAL and claim.speaker == "Jane Host"
    assert claim.source_url == claim.appearance_url == "https://radio.example.org/show/12"
    assert claim.source_description == "Morning show, Radio Example"
    assert list(article.claims.all()) == [claim], "the desk note is not sent through extraction"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["claim.add"]


def test_a_typed_claim_says_where_it_came_from(users):
    with pytest.raises(ValidationFailed, match="where the claim came from") as refused:
        services.claim_add(actor=users["editor"], text="Crime doubled in 2024.")
    assert set(refused.value.errors) == {"source_url", "source_description"}
    claim = services.claim_add(
        actor=users["editor"], text="Crime doubled in 2024.", source_description="A reader's tip by phone"
    )
    assert claim.source_url == "" and claim.appearance_url == ""


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org/x", "http:// x"])
def test_a_source_url_must_be_a_web_address(users, url):
    with pytest.raises(ValidationFailed) as refused:
        services.claim_add(actor=users["editor"], text="Crime doubled in 2024.", source_url=url)
    assert "http://" in refused.value.errors["source_url"][0]
    assert not Article.objects.exists()


def test_the_same_typed_claim_twice_names_the_first(users):
    first = services.claim_add(actor=users["editor"], text="Crime doubled in 2024.", source_description="Tip")
    with pytest.raises(ValidationFailed, match=f"already claim {first.pk}"):
        services.claim_add(actor=users["editor2"], text="Crime  doubled in 2024.\n", source_description="Tip")
    assert Article.objects.count() == 1 and Claim.objects.count() == 1


def test_blank_typed_text_is_refused(users):
    with pytest.raises(ValidationFailed, match="Type the claim"):
        services.claim_add(actor=users["editor"], text="   \n", source_description="Tip")


# --- matched like extracted claims ---------------------------------------------------------------------


def test_a_manual_claim_joins_the_cluster_of_the_same_claim_elsewhere_and_flags_the_archive(users):
    other = ClaimFactory(text="Of them 60% have been totally cured and have recovered.")
    archived = ArchivedFactCheck.objects.create(
        claim_text="Of them 60% have been totally cured and have recovered.",
        rating="False",
        url="https://factcheck.example.org/cured",
    )
    claim = services.claim_add(
        actor=users["editor"],
        text="Of them 60% have been totally cured and have recovered.",
        source_description="A social post",
    )
    other.refresh_from_db()
    assert claim.cluster_id is not None and claim.cluster_id == other.cluster_id
    assert claim.archived_match_id == archived.pk and claim.match_score > 0.9


@pytest.mark.django_db(transaction=True)
def test_matching_runs_before_the_transaction_and_linking_inside_it(users):
    article = _article()
    start, end = _span(TEXT, SENTENCE)
    seen = {}
    real_prematch, real_link = linking.prematch, linking.link_claims

    def prematch(texts):
        seen["prematch_in_transaction"] = connection.in_atomic_block
        return real_prematch(texts)

    def link(claims, prematched=None):
        seen["link_in_transaction"] = connection.in_atomic_block
        seen["prematched"] = prematched
        return real_link(claims, prematched)

    with (
        mock.patch("workflows.services.claim_edits.prematch", prematch),
        mock.patch("workflows.services.claim_edits.link_claims", link),
    ):
        services.claim_add(actor=users["editor"], article_id=article.pk, start=start, end=end)
    assert seen["prematch_in_transaction"] is False, "the slow match holds no lock"
    assert seen["link_in_transaction"] is True and seen["prematched"] is not None


def test_a_seed_claim_the_extraction_missed_can_be_added_by_selecting_it(users, committed):
    with committed():
        result = ingest_file(next(SEEDS.glob("001_*.txt")))
    article = Article.objects.get(pk=result.article.pk)
    # Which three centres were merged is checkable, but the scorer reads it as a list of names.
    sentence = (
        "Those are the children’s center, the national applied science center for oncology, and the applied "
        "science center for surgery and transplantology."
    )
    start = article.raw_text.index(sentence)
    assert not article.claims.filter(start__lte=start, end__gte=start + len(sentence)).exists(), (
        "extraction missed it (else this test proves nothing)"
    )
    claim = services.claim_add(actor=users["editor"], article_id=article.pk, start=start, end=start + len(sentence))
    assert claim.text == article.raw_text[claim.start : claim.end] == sentence
    assert claim.speaker == "Vladimir Karanik", "the speaker is guessed from the quote around the passage"
    assert "transplantology" in claim.context and claim.state == "new"
    assert Claim.objects.filter(state="new", pk=claim.pk).exists()


# --- restating ---------------------------------------------------------------------------------------


def test_an_editor_restates_the_claim_and_the_audit_keeps_old_and_new(users, make_claim):
    claim = make_claim("new", text="Of them 60% have been totally cured and have recovered.", speaker="")
    restated = services.claim_restate(
        claim_id=claim.pk,
        actor=users["editor"],
        version=claim.version,
        claim_reviewed="60% of melanoma patients treated at the Belgrade clinic were cured.",
        speaker="Sergey Boljević",
        claim_date=datetime.date(2024, 3, 1),
        appearance_url="https://news.example.org/melanoma",
    )
    claim.refresh_from_db()
    assert claim.version == restated.version == 2
    restatement = "60% of melanoma patients treated at the Belgrade clinic were cured."
    assert claim.claim_reviewed == claim.reviewed_text == restatement
    assert claim.text == "Of them 60% have been totally cured and have recovered.", "the sentence is kept"
    assert (claim.speaker, claim.claim_date, claim.appearance_url) == (
        "Sergey Boljević",
        datetime.date(2024, 3, 1),
        "https://news.example.org/melanoma",
    )
    event = AuditEvent.objects.get(claim=claim)
    assert event.action == "claim.edit" and event.actor_id == users["editor"].pk
    assert event.data["changes"] == {
        "claim_reviewed": [
            "Of them 60% have been totally cured and have recovered.",
            "60% of melanoma patients treated at the Belgrade clinic were cured.",
        ],
        "speaker": ["", "Sergey Boljević"],
        "claim_date": [None, "2024-03-01"],
        "appearance_url": ["", "https://news.example.org/melanoma"],
    }


def test_a_stale_version_is_refused_and_nothing_is_merged(users, make_claim):
    claim = make_claim("new")
    services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=1, claim_reviewed="First wording.")
    with pytest.raises(StaleEdit) as refused:
        services.claim_restate(
            claim_id=claim.pk, actor=users["editor2"], version=1, claim_reviewed="Second.", speaker="Someone"
        )
    assert refused.value.current_version == 2 and "Reload" in refused.value.message
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.speaker, claim.version) == ("First wording.", "", 2)


def test_a_version_is_required(users, make_claim):
    claim = make_claim("new")
    with pytest.raises(ValidationFailed) as refused:
        services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=None, speaker="X")
    assert "version" in refused.value.errors


def test_restating_as_the_sentence_or_blank_goes_back_to_the_sentence(users, make_claim):
    claim = make_claim("new")
    services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=1, claim_reviewed="Reworded.")
    services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=2, claim_reviewed="   ")
    claim.refresh_from_db()
    assert claim.claim_reviewed == "" and claim.reviewed_text == claim.text and claim.version == 3
    services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=3, claim_reviewed=f" {claim.text} ")
    claim.refresh_from_db()
    assert claim.version == 3, "the sentence restated as itself is no change"


def test_no_change_writes_nothing(users, make_claim):
    claim = make_claim("new", speaker="The minister")
    services.claim_restate(
        claim_id=claim.pk, actor=users["editor"], version=1, speaker="The minister", claim_date=None, appearance_url=""
    )
    claim.refresh_from_db()
    assert claim.version == 1 and not AuditEvent.objects.filter(claim=claim).exists()


def test_the_claim_date_may_be_an_iso_string_and_cleared_again(users, make_claim):
    claim = make_claim("new")
    services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=1, claim_date="2024-02-29")
    claim.refresh_from_db()
    assert claim.claim_date == datetime.date(2024, 2, 29)
    services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=2, claim_date=None)
    claim.refresh_from_db()
    assert claim.claim_date is None


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("appearance_url", "javascript:alert(1)", "http://"),
        ("appearance_url", "https://" + "a" * 2000 + ".org", "2,000"),
        ("claim_date", "yesterday", "YYYY-MM-DD"),
        ("claim_date", "tomorrow", "future"),
        ("claim_reviewed", "x" * 1001, "1,000"),
        ("speaker", "y" * 201, "200"),
        ("claim_type", "gossip", "claim type"),
    ],
)
def test_wrong_input_is_refused_field_by_field(users, make_claim, field, value, says):
    claim = make_claim("new")
    if value == "tomorrow":
        value = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as refused:
        services.claim_restate(claim_id=claim.pk, actor=users["editor"], version=1, **{field: value})
    assert says in " ".join(refused.value.errors[field])
    claim.refresh_from_db()
    assert claim.version == 1


def test_the_assigned_reviewer_restates_until_submission(users, make_claim):
    for state in ("assigned", "in_review"):
        claim = make_claim(state)
        services.claim_restate(
            claim_id=claim.pk,
            actor=users["reviewer"],
            version=claim.version,
            claim_reviewed="Restated by the reviewer.",
        )
    submitted = make_claim("submitted")
    with pytest.raises(TransitionNotAllowed, match="return the verdict first"):
        services.claim_restate(
            claim_id=submitted.pk, actor=users["reviewer"], version=submitted.version, claim_reviewed="Too late."
        )
    published = make_claim("published")
    with pytest.raises(TransitionNotAllowed, match="publish a correction"):
        services.claim_restate(
            claim_id=published.pk, actor=users["editor"], version=published.version, claim_reviewed="Too late."
        )


def test_a_reviewer_not_assigned_may_not_restate(users, make_claim):
    claim = make_claim("in_review")
    with pytest.raises(ActionForbidden, match="not assigned to you"):
        services.claim_restate(
            claim_id=claim.pk, actor=users["reviewer2"], version=claim.version, claim_reviewed="Not mine."
        )
