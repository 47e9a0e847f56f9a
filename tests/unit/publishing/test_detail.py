"""The public fact-check page: what it shows, in what order, and to whom."""

from datetime import timedelta

import pytest
from django.urls import reverse

from factcheck.claims.models import Assignment, ClaimState
from factcheck.publishing import display
from factcheck.verdicts.models import Correction
from tests.factories import VerdictFactory
from tests.unit.publishing.conftest import BASE_TIME, claim_reviews, parse

pytestmark = pytest.mark.django_db


def test_get_absolute_url_is_the_detail_route(make_factcheck):
    verdict = make_factcheck()
    assert verdict.get_absolute_url() == reverse("publishing:detail", kwargs={"slug": verdict.slug})


def test_page_shows_claim_source_rating_text_evidence_bylines_and_links(client, make_factcheck, users):
    users["reviewer"].first_name, users["reviewer"].last_name = "Rita", "Reviewer"
    users["reviewer"].save()
    verdict = make_factcheck(evidence=2, author=users["reviewer"], editor=users["editor"])
    Assignment.objects.create(claim=verdict.claim, reviewer=users["reviewer2"], role="second")
    Assignment.objects.create(claim=verdict.claim, reviewer=users["admin"], role="lead", state="withdrawn")

    response = client.get(verdict.get_absolute_url())

    assert response.status_code == 200
    page = parse(response)
    text = page.text
    assert page.find("html")[0]["lang"] == "en"
    assert "The clinic treated 500 patients in 2024." in text
    assert "Jane Minister, in Minister visits clinic (Daily Example), 26 February 2025" in text
    assert page.find("a", **{"class": "claim-source"})[0]["href"] == "https://news.example.com/clinic"
    assert page.find("a", **{"class": "claim-source"})[0]["rel"] == "nofollow noopener noreferrer"
    # The rating: text label, linked to its definition, and an SVG with an accessible name.
    assert page.find("a", href="/ratings/#false")
    assert "False: 2 on a scale from 1 (worst) to 6 (best)" in text
    svg = page.find("svg", role="img")[0]
    assert svg["aria-labelledby"] == "rating-title"
    assert page.find("path"), "the position marker draws where the rating sits, not only its colour"
    assert "The clinic did not treat 500 patients" in text
    assert "In short Hospital records show 212 patients, not 500." in text
    assert "We asked the clinic for its annual report." in text
    evidence_links = [a for a in page.find("a") if a.get("href", "").startswith("https://example.org/source/")]
    assert len(evidence_links) == 2 and all(a["rel"] == "nofollow noopener noreferrer" for a in evidence_links)
    assert "Refutes the claim · Publisher 0" in text and "Context · Publisher 1" in text
    assert "Researched by Rita Reviewer, reviewer2" in text  # author first, withdrawn assignment left out
    assert "Edited by editor" in text
    assert page.find("time", datetime="2025-03-01T09:30:00+00:00", **{"class": "published"})
    assert not page.find("time", **{"class": "modified"}), "not updated: no correction yet"
    assert page.find("a", href="/methodology/") and page.find("a", href="/ratings/")
    assert "No corrections have been made" in text


def test_page_head_has_canonical_social_tags_and_one_claimreview(client, make_factcheck):
    verdict = make_factcheck()
    page = parse(client.get(verdict.get_absolute_url()))
    canonical = f"http://127.0.0.1:8000/fact-checks/{verdict.slug}/"
    assert page.find("link", rel="canonical")[0]["href"] == canonical
    assert page.find("meta", property="og:url")[0]["content"] == canonical
    assert page.find("meta", property="og:title")[0]["content"] == verdict.headline
    assert page.find("meta", property="og:type")[0]["content"] == "article"
    assert page.find("meta", property="og:description")[0]["content"] == verdict.summary
    assert page.find("meta", name="twitter:card")[0]["content"] == "summary"
    assert page.find("meta", name="twitter:title")[0]["content"] == verdict.headline
    assert [a.get("type") for a, _ in page.scripts] == ["application/ld+json"]


def test_headings_start_at_h1_and_never_skip_a_level(client, make_factcheck):
    verdict = make_factcheck(explanation="<h2>Background</h2><p>x</p><h3>Detail</h3><p>y</p><h2>Numbers</h2>")
    page = parse(client.get(verdict.get_absolute_url()))
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), page.headings
    assert (3, "Background") in page.headings and (4, "Detail") in page.headings


def test_claim_by_the_publication_names_the_publisher(client, make_factcheck):
    verdict = make_factcheck(speaker="")
    page = parse(client.get(verdict.get_absolute_url()))
    assert "Daily Example, in Minister visits clinic, 26 February 2025" in page.text
    assert claim_reviews(client.get(verdict.get_absolute_url()))[0]["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Daily Example",
    }


def test_article_without_url_is_named_but_not_linked(client, make_factcheck):
    verdict = make_factcheck(article={"url": ""})
    response = client.get(verdict.get_absolute_url())
    page = parse(response)
    assert not page.find("a", **{"class": "claim-source"})
    assert "Jane Minister, in Minister visits clinic" in page.text
    assert "appearance" not in claim_reviews(response)[0]["itemReviewed"]


def test_off_scale_rating_is_a_badge_without_a_position(client, make_factcheck):
    verdict = make_factcheck(rating="unverifiable")
    response = client.get(verdict.get_absolute_url())
    page = parse(response)
    assert "Unverifiable: outside the numeric scale" in page.text
    assert page.find("svg", role="img")
    assert not page.find("path"), "no marker: an off-scale rating has no position"
    assert len(page.find("rect")) == 1
    assert claim_reviews(response)[0]["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_page_uses_the_published_snapshot_not_the_live_rating(client, make_factcheck, ratings):
    verdict = make_factcheck(rating="false")
    ratings["false"].label = "Renamed by an editor"
    ratings["false"].colour = "#ffff00"
    ratings["false"].save()
    response = client.get(verdict.get_absolute_url())
    page = parse(response)
    assert "Renamed" not in page.text
    assert page.find("rect", fill="#c62828")
    assert claim_reviews(response)[0]["reviewRating"]["alternateName"] == "False"


def test_corrections_appear_oldest_first_with_rating_change(client, make_factcheck):
    verdict = make_factcheck(rating="mostly-false")
    for i, (old, new) in enumerate([("", ""), ("Mostly false", "False"), ("", "")]):
        Correction.objects.create(
            verdict=verdict,
            what_changed=f"Step {i}",
            note=f"Because {i}",
            old_rating=old,
            new_rating=new,
            kind="update" if i == 2 else "correction",
        )
    verdict.modified_at = BASE_TIME + timedelta(days=2)
    verdict.save()

    response = client.get(verdict.get_absolute_url())
    text = parse(response).text
    positions = [text.index(f"Step {i}") for i in range(3)]
    assert positions == sorted(positions)
    assert "Rating changed from Mostly false to False." in text
    assert "Update: Step 2" in text and "Because 1" in text
    assert "Updated 3 March 2025" in text
    assert claim_reviews(response)[0]["dateModified"] == "2025-03-03T09:30:00+00:00"


def test_retracted_factcheck_answers_200_with_notice_and_no_claimreview(client, make_factcheck):
    verdict = make_factcheck()
    verdict.claim.state = ClaimState.RETRACTED
    verdict.claim.save()
    verdict.retracted_at = BASE_TIME + timedelta(days=5)
    verdict.retraction_reason = "The source document was <b>forged</b>."
    verdict.save()
    Correction.objects.create(
        verdict=verdict,
        kind="retraction",
        what_changed="The fact-check was retracted.",
        note="Forged source.",
        old_rating="False",
    )

    response = client.get(verdict.get_absolute_url())

    assert response.status_code == 200
    page = parse(response)
    assert (2, "This fact-check has been retracted") in page.headings
    notice = page.text
    assert "This fact-check has been retracted" in notice
    assert "On 6 March 2025 we withdrew this fact-check" in notice
    assert "Why: The source document was forged." in notice
    assert "Withdrawn rating: False." in notice
    assert "Rating withdrawn (originally False)" in notice
    assert claim_reviews(response) == []
    assert not page.scripts
    assert "<title>Retracted: The clinic did not treat 500 patients" in response.content.decode()


def test_retraction_notice_comes_before_the_headline(client, make_factcheck):
    verdict = make_factcheck()
    verdict.claim.state = ClaimState.RETRACTED
    verdict.claim.save()
    html = client.get(verdict.get_absolute_url()).content.decode()
    assert html.index("This fact-check has been retracted") < html.index("<h1>")


@pytest.mark.parametrize("state", [s for s in ClaimState.values if s not in ("published", "retracted")])
def test_unpublished_verdicts_are_404_to_everyone(client, make_factcheck, users, state):
    verdict = make_factcheck(state=state)
    assert client.get(verdict.get_absolute_url()).status_code == 404
    client.force_login(users["admin"])
    assert client.get(verdict.get_absolute_url()).status_code == 404


def test_draft_without_publication_fields_is_404(client, rating_scale):
    verdict = VerdictFactory(slug="draft-slug")
    verdict.claim.state = ClaimState.PUBLISHED  # even a state slip does not publish a half-filled row
    verdict.claim.save()
    assert client.get("/fact-checks/draft-slug/").status_code == 404
    assert client.get("/fact-checks/no-such-slug/").status_code == 404


def test_display_page_is_built_from_prefetched_rows_only(make_factcheck, django_assert_num_queries):
    from factcheck.publishing import selectors

    verdict = make_factcheck(evidence=3, corrections=2)
    with django_assert_num_queries(4):
        page = display.page(selectors.with_page_relations(selectors.public_verdict(verdict.slug)))
    assert len(page.evidence) == 3 and len(page.corrections) == 2
