"""The desk side of claim intelligence, through the admin as editors use it: the score with resolution and why
it scored, and "Not the same claim…" beside each match, with a confirmation step that works without JS."""

from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import ArchivedFactCheck, MatchDismissal
from tests.factories import ClaimClusterFactory, ClaimFactory
from workflows.desk.display import score_percent, score_reasons

from .desk_pages import action_url, change_url, messages_of

pytestmark = pytest.mark.django_db

SIGNALS = [
    {"name": "a figure", "contribution": 1.23},
    {"name": "a medical outcome", "contribution": 0.8},
    {"name": "opinion language", "contribution": -0.4},
]


@pytest.fixture
def matched(make_claim):
    archived = ArchivedFactCheck.objects.create(
        claim_text="All patients recovered fully.", rating="False", url="https://factcheck.example.org/recovery"
    )
    claim = make_claim("new", score=0.9996, score_signals=SIGNALS)
    claim.archived_match, claim.match_score = archived, 0.7234
    claim.save(update_fields=["archived_match", "match_score"])
    return claim


def world(claim) -> tuple:
    claim.refresh_from_db()
    return (
        claim.archived_match_id,
        claim.cluster_id,
        claim.version,
        MatchDismissal.objects.count(),
        AuditEvent.objects.filter(claim=claim).count(),
    )


# --- the score ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (0.874, "87.4%"),
        (0.5, "50.0%"),
        (0.9513, "95.13%"),
        (0.9941, "99.41%"),
        (0.9972, "99.72%"),
        (0.9968, "99.68%"),
        (0.9996, "99.96%"),
        (0.99963, "99.963%"),
        (1.0, "100.0%"),
        (0.0, "0.0%"),
        (0.0004, "0.04%"),
        (0.9999999, ">99.9999%"),
        (1e-9, "<0.0001%"),
        (None, "—"),
    ],
)
def test_scores_read_as_percentages_that_never_round_to_certainty(score, shown):
    assert score_percent(score) == shown


def test_why_a_claim_scored_in_one_plain_line():
    claim = ClaimFactory.build(score=0.874, score_signals=SIGNALS)
    assert score_reasons(claim) == (
        "Why it scored 87.4%: a figure (+1.2), a medical outcome (+0.8), opinion language (−0.4)"
    )
    assert score_reasons(ClaimFactory.build(score=0.9, score_signals=[])) == ""  # stored before signals were kept
    assert score_reasons(ClaimFactory.build(score=0.9, origin="manual", score_signals=SIGNALS)) == "Added by hand"


def test_why_a_claim_scored_reads_in_the_desks_language():
    from django.utils import translation

    from factcheck.extraction.model import INPUT_LABELS
    from workflows.desk.display import SIGNAL_NAMES_SHOWN

    assert set(SIGNAL_NAMES_SHOWN) == set(INPUT_LABELS.values()), "every signal the model can name has a label"
    claim = ClaimFactory.build(score=0.874, score_signals=SIGNALS)
    with translation.override("ru"):
        reasons = score_reasons(claim)
    assert "число (+1.2)" in reasons and "медицинский результат (+0.8)" in reasons
    assert "a figure" not in reasons
    assert "opinion language (−0.4)" in reasons, "a name no table knows is shown as stored"


def test_the_claim_page_shows_the_score_and_why(as_user, matched):
    page = as_user("reviewer").get(change_url(matched)).content.decode()
    assert "check-worthiness 99.96%" in page
    assert "Why it scored 99.96%: a figure (+1.2), a medical outcome (+0.8), opinion language (−0.4)" in page
    assert "similarity 72.3%" in page


def test_a_claim_added_by_hand_says_so_instead(as_user, make_claim):
    claim = make_claim("new", origin="manual", score=0.61)
    page = as_user("editor").get(change_url(claim)).content.decode()
    assert "Added by hand" in page and "Why it scored" not in page


def test_the_queue_tells_close_scores_apart(as_user):
    ClaimFactory(score=0.9996, score_signals=SIGNALS)
    ClaimFactory(score=0.9972)
    tree = lxml_html.fromstring(as_user("editor").get("/admin/claims/claim/").content)
    cells = [" ".join(td.text_content().split()) for td in tree.xpath("//td[contains(@class, 'field-score_band')]")]
    assert cells == ["99.96%", "99.72%"]
    [why] = tree.xpath("//td[contains(@class, 'field-score_band')]/span/@title")[:1]
    assert why.startswith("Why it scored 99.96%: a figure (+1.2)")


# --- "Not the same claim…" ----------------------------------------------------------------------------------


def _dismiss_links(page: str) -> list[str]:
    return lxml_html.fromstring(page).xpath("//a[@data-action='dismiss_match']/@href")


def test_editors_see_a_button_beside_each_match_and_reviewers_none(as_user, matched, make_claim):
    cluster = ClaimClusterFactory()
    matched.cluster = cluster
    matched.save(update_fields=["cluster"])
    other = ClaimFactory(cluster=cluster)
    links = _dismiss_links(as_user("editor").get(change_url(matched)).content.decode())
    assert [parse_qs(urlsplit(u).query) for u in links] == [
        {"archived": [str(matched.archived_match_id)], "version": [str(matched.version)]},
        {"other_claim": [str(other.pk)], "version": [str(matched.version)]},
    ]
    assert all(urlsplit(u).path == action_url(matched, "dismiss_match") for u in links)
    assert _dismiss_links(as_user("reviewer").get(change_url(matched)).content.decode()) == []


def test_the_confirmation_page_asks_first_and_changes_nothing(as_user, matched):
    before = world(matched)
    editor = as_user("editor")
    [link] = _dismiss_links(editor.get(change_url(matched)).content.decode())
    response = editor.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not the same claim as this archived fact-check?" in page
    assert "All patients recovered fully." in page and 'name="confirm" value="yes"' in page
    assert "is not matched with it again" in page
    assert world(matched) == before
    # A POST without the confirmation is sent to that page, with what was typed kept; nothing changes.
    response = editor.post(
        action_url(matched, "dismiss_match"),
        {"archived": matched.archived_match_id, "version": matched.version, "reason": "other drug"},
    )
    assert response.status_code == 302 and "reason=other+drug" in response["Location"]
    assert "other drug" in editor.get(response["Location"]).content.decode()
    assert world(matched) == before


def test_a_confirmed_dismissal_clears_the_match_and_is_listed(as_user, matched):
    editor = as_user("editor")
    archived_id = matched.archived_match_id
    response = editor.post(
        action_url(matched, "dismiss_match"),
        {"archived": archived_id, "version": matched.version, "reason": "A different drug.", "confirm": "yes"},
    )
    assert response.status_code == 302 and response["Location"].endswith(change_url(matched) + "#matches")
    assert any(m.startswith("Match marked as wrong") for m in messages_of(response))
    matched.refresh_from_db()
    assert matched.archived_match_id is None
    assert MatchDismissal.objects.get(claim=matched).archived_id == archived_id
    page = editor.get(change_url(matched)).content.decode()
    assert "Marked as not the same claim" in page and "A different drug." in page
    assert "marked the match with the fact-check “All patients recovered fully.” as wrong: A different drug." in page


def test_a_stale_confirmation_asks_again_on_the_claim_as_it_is_now(as_user, matched, perform, users):
    stale = matched.version
    perform("set_priority", matched, users["editor2"])  # someone else changed the claim meanwhile
    matched.refresh_from_db()
    before = world(matched)
    response = as_user("editor").post(
        action_url(matched, "dismiss_match"),
        {"archived": matched.archived_match_id, "version": stale, "reason": "kept", "confirm": "yes"},
    )
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["version"] == [str(matched.version)] and query["reason"] == ["kept"]
    assert any("changed since you loaded it" in m for m in messages_of(response))
    assert world(matched) == before


def test_a_reviewer_is_refused_with_a_sentence_never_a_500(as_user, matched):
    before = world(matched)
    reviewer = as_user("reviewer")
    response = reviewer.get(action_url(matched, "dismiss_match") + f"?archived={matched.archived_match_id}")
    assert response.status_code == 302 and response["Location"] == change_url(matched)
    assert any("cannot dismiss the matches of claims" in m for m in messages_of(response))
    response = reviewer.post(
        action_url(matched, "dismiss_match"), {"archived": matched.archived_match_id, "confirm": "yes"}
    )
    assert response.status_code == 302
    assert any("cannot dismiss the matches of claims" in m for m in messages_of(response))
    assert world(matched) == before


@pytest.mark.parametrize("query", ["?archived=999999", "?other_claim=999999", "?archived=x", ""])
def test_a_match_that_is_gone_sends_back_to_the_claim(as_user, matched, query):
    response = as_user("editor").get(action_url(matched, "dismiss_match") + query)
    assert response.status_code == 302 and response["Location"] == change_url(matched)
    assert any("not matched with that any more" in m for m in messages_of(response))


# --- the signals travel from extraction to the claim ---------------------------------------------------------


def test_the_pipeline_stores_the_signals_extraction_gave(monkeypatch):
    import dataclasses

    from factcheck.articles import pipeline
    from factcheck.extraction import extract
    from factcheck.extraction.types import Signal
    from tests.factories import ArticleFactory

    reasons = (Signal("a figure", 1.234567), Signal("hedged language", -0.5))

    def with_signals(*args, **kwargs):
        result = extract(*args, **kwargs)
        return dataclasses.replace(result, claims=tuple(dataclasses.replace(s, signals=reasons) for s in result.claims))

    monkeypatch.setattr(pipeline, "extract", with_signals)
    article = ArticleFactory(status="queued", raw_text="The clinic treated 4,000 patients in 2024, up 40% on 2023.")
    assert pipeline.article_process(article.pk) >= 1
    claim = article.claims.get()
    assert claim.score_signals == [
        {"name": "a figure", "contribution": 1.2346},
        {"name": "hedged language", "contribution": -0.5},
    ]
