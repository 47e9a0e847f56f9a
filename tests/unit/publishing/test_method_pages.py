"""/ratings/ and /methodology/ are generated from the rating scale rows and the sign-off settings."""

import pytest
from django.test import override_settings

from factcheck.publishing.display import AA_TEXT_CONTRAST, contrast
from tests.unit.publishing.conftest import parse

pytestmark = pytest.mark.django_db

ON_SCALE = ["True", "Mostly true", "Half true", "Mostly false", "False", "Fabricated"]
OFF_SCALE = ["Unverifiable", "Missing context"]


def test_ratings_page_lists_the_scale_in_order_with_definitions(client, rating_scale):
    response = client.get("/ratings/")
    assert response.status_code == 200
    page = parse(response)
    text = page.text
    positions = [text.index(f"{label} ") for label in ON_SCALE + OFF_SCALE]
    assert positions == sorted(positions)
    for rating in rating_scale.ratings.all():
        assert rating.description in text
        assert page.find("div", id=rating.slug), "the detail page links /ratings/#<slug>"
    assert "6 of 6" in text and "1 of 6" in text
    assert "Outside the scale" in text
    assert page.headings == [(1, "Our ratings"), (2, "Factdesk truth scale"), (3, "Outside the scale")]


def test_ratings_page_follows_edits_to_the_scale(client, rating_scale):
    etag = client.get("/ratings/")["ETag"]
    rating = rating_scale.ratings.get(slug="half-true")
    rating.description = "Now defined differently."
    rating.save()
    response = client.get("/ratings/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Now defined differently." in parse(response).text


def test_badges_on_the_ratings_page_have_aa_contrast(client, rating_scale):
    page = parse(client.get("/ratings/"))
    badges = page.find("span", **{"class": "rating-badge"})
    assert len(badges) == 8
    for badge in badges:
        style = dict(part.strip().split(": ") for part in badge["style"].split(";"))
        assert contrast(style["--badge-bg"], style["--badge-fg"]) >= AA_TEXT_CONTRAST


def test_methodology_explains_choosing_researching_editing_correcting_and_lists_the_scale(client, rating_scale):
    response = client.get("/methodology/")
    assert response.status_code == 200
    page = parse(response)
    h2 = [text for level, text in page.headings if level == 2]
    assert h2 == [
        "How we choose claims",
        "How we research",
        "How we edit and sign off",
        "How we rate",
        "How we correct mistakes",
    ]
    text = page.text
    assert "check-worthiness" in text
    assert "An editor reads the draft" in text
    for label in ON_SCALE + OFF_SCALE:
        assert label in text
    levels = [level for level, _ in page.headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_methodology_describes_panel_signoff_when_configured(client, rating_scale, settings):
    settings.FACTDESK = {**settings.FACTDESK, "SIGNOFF_POLICY": "panel", "PANEL_SIZE": 5}
    text = parse(client.get("/methodology/")).text
    assert "A panel of 5 editors votes" in text
    assert "a majority (3 of 5)" in text


@override_settings(
    FACTDESK={"ORG_NAME": "Example Checks", "ORG_URL": "https://x.example/", "SITE_URL": "https://x.example"}
)
def test_pages_name_the_configured_organisation(client, rating_scale):
    page = parse(client.get("/methodology/"))
    assert "Example Checks" in page.text
    assert page.find("link", rel="canonical")[0]["href"] == "https://x.example/methodology/"
