"""The public corrections log says what changed once, with old → new rating when the rating changed, and a
correction of the text reaches the page, the ClaimReview and the feeds as soon as the services purge."""

import json

import pytest

from factcheck.publishing.display import CorrectionView
from factcheck.verdicts.models import Correction
from tests.factories import claim_in_state
from tests.unit.publishing.conftest import Page, claim_reviews, parse, xml_root
from workflows import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(users, ratings, django_capture_on_commit_callbacks):
    claim = claim_in_state(
        "approved",
        reviewer=users["reviewer"],
        editor=users["editor"],
        rating=ratings["mostly-false"],
        speaker="Jane Minister",
    )
    with django_capture_on_commit_callbacks(execute=True):
        verdict = services.factcheck_publish(claim_id=claim.pk, actor=users["editor"])
    return verdict


def _correct(users, verdict, capture, **fields):
    with capture(execute=True):
        return services.factcheck_correct(claim_id=verdict.claim_id, actor=users["editor"], **fields)


def _log(client, verdict) -> list[str]:
    """Each entry of the corrections log as its text, oldest first."""
    html = client.get(verdict.get_absolute_url()).content.decode()
    section = html.split('<ol class="corrections-log">', 1)[1].split("</ol>", 1)[0]
    return [Page(item).text for item in section.split("</li>")[:-1]]


@pytest.mark.parametrize(
    "what_changed",
    [
        "The rating",
        "Rating changed from Mostly false to False",
        "rating changed from mostly false to false.",
        "Our rating: Mostly false → False",
        "",
    ],
)
def test_the_rating_change_is_said_once_whatever_the_editor_typed(
    client, users, ratings, published, what_changed, django_capture_on_commit_callbacks
):
    _correct(
        users,
        published,
        django_capture_on_commit_callbacks,
        what_changed=what_changed,
        note="A second source settled it.",
        new_rating_id=ratings["false"].pk,
    )
    [entry] = _log(client, published)
    assert entry.lower().count("mostly false") == 1, entry
    assert entry.count("A second source settled it.") == 1
    assert "Rating changed from Mostly false to False" in entry or what_changed in entry


def test_the_generated_sentence_stands_beside_words_that_do_not_name_both_ratings(
    client, users, ratings, published, django_capture_on_commit_callbacks
):
    _correct(
        users,
        published,
        django_capture_on_commit_callbacks,
        what_changed="The figure in the headline",
        note="We misread the table.",
        new_rating_id=ratings["false"].pk,
        headline="Fewer patients than claimed",
    )
    [entry] = _log(client, published)
    assert "Correction: The figure in the headline" in entry
    assert entry.count("Rating changed from Mostly false to False.") == 1


def test_a_label_inside_another_is_not_mistaken_for_it(users, ratings, users_published_true):
    """ "Mostly true claim" names Mostly true, not True: the rating change still needs its own sentence."""
    verdict = users_published_true
    services.factcheck_correct(
        claim_id=verdict.claim_id,
        actor=users["editor"],
        what_changed="The mostly true part",
        note="n",
        new_rating_id=ratings["true"].pk,
    )
    entry = Correction.objects.get(verdict=verdict)
    view = CorrectionView(
        kind=entry.kind,
        kind_label="Correction",
        created_at=entry.created_at,
        what_changed=entry.what_changed,
        old_rating=entry.old_rating,
        new_rating=entry.new_rating,
        note=entry.note,
    )
    assert view.rating_changed, "the editor's words name Mostly true only, so the change is spelled out"


@pytest.fixture
def users_published_true(users, ratings):
    claim = claim_in_state(
        "published", reviewer=users["reviewer"], editor=users["editor"], rating=ratings["mostly-true"]
    )
    return claim.verdict


def test_a_text_correction_without_a_rating_change_shows_no_rating_sentence(
    client, users, published, django_capture_on_commit_callbacks
):
    _correct(
        users,
        published,
        django_capture_on_commit_callbacks,
        what_changed="",
        note="A typo in the summary.",
        summary="Hospital records show 212 patients.",
    )
    [entry] = _log(client, published)
    assert "Correction: Summary updated." in entry and "Rating changed" not in entry


def test_the_corrected_text_and_rating_reach_page_claimreview_and_feeds(
    client, users, ratings, published, django_capture_on_commit_callbacks
):
    url = published.get_absolute_url()
    first = client.get(url)
    rss_before = client.get("/fact-checks/feed/rss/")
    assert rss_before.status_code == 200
    _correct(
        users,
        published,
        django_capture_on_commit_callbacks,
        what_changed="",
        note="The audit is out.",
        new_rating_id=ratings["false"].pk,
        headline="The clinic treated 212 patients, not 500",
        summary="An audit counted 212.",
        explanation="<p>The <em>audit</em> counted 212.</p>",
    )

    page = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert page.status_code == 200, "the purge gave the page a new ETag"
    parsed = parse(page)
    assert parsed.headings[0] == (1, "The clinic treated 212 patients, not 500")
    assert "An audit counted 212." in parsed.text and "The audit counted 212." in parsed.text
    assert parsed.text.count("Rating changed from Mostly false to False") == 1
    review = claim_reviews(page)[0]
    assert review["headline"] == "The clinic treated 212 patients, not 500"
    assert review["reviewRating"]["alternateName"] == "False" and review["reviewRating"]["ratingValue"] == 2
    assert "dateModified" in review

    [item] = xml_root(client.get("/fact-checks/feed/rss/")).findall("./channel/item")
    assert item.findtext("title") == "The clinic treated 212 patients, not 500"
    assert "Rating: False." in item.findtext("description") and "An audit counted 212." in item.findtext("description")
    atom = client.get("/fact-checks/feed/atom/").content.decode()
    assert "The clinic treated 212 patients, not 500" in atom
    [data_review] = json.loads(client.get("/fact-checks/claimreview.json").content)["dataFeedElement"]
    assert data_review["headline"] == "The clinic treated 212 patients, not 500"
    assert data_review["reviewRating"]["alternateName"] == "False"
