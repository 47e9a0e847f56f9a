"""The index's cards and the rating badge, drawn in Python (``publishing.cards``): the markup readers and
their tools rely on, escaping, dates in the site's zone, and the catalogue's wording in each language."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import override_settings
from django.test.html import parse_html
from django.utils import translation

from factcheck.publishing import cards
from factcheck.publishing.display import ClaimAuthor, FactCheckSummary, rating_view

PUBLISHED = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
CHANGED = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
FALSE = {"label": "False", "slug": "false", "value": 1, "best": 5, "worst": 1, "colour": "#C62828"}


def summary(**changes) -> FactCheckSummary:
    fields = {
        "pk": 7,
        "slug": "the-figure",
        "path": "/fact-checks/the-figure/",
        "url": "https://example.org/fact-checks/the-figure/",
        "headline": "The figure is wrong",
        "summary": "",
        "claim_text": "Survival rose by 13% compared with chemotherapy.",
        "claim_type": "Quantity",
        "claim_author": ClaimAuthor(name="Irina Lebedeva", is_person=True),
        "article_title": "",
        "article_publisher": "",
        "article_url": "",
        "article_published_at": None,
        "rating": rating_view(FALSE),
        "published_at": PUBLISHED,
        "modified_at": PUBLISHED,
        "retracted": False,
        "retracted_at": None,
        "retraction_reason": "",
        "publisher_url": "",
    }
    return FactCheckSummary(**{**fields, **changes})


def test_a_card_reads_headline_rating_claim_speaker_type_and_dates():
    html = cards.card(summary(modified_at=CHANGED))
    assert parse_html(html) == parse_html(
        '<article class="card">'
        '<h2 class="card-title"><a href="/fact-checks/the-figure/">The figure is wrong</a></h2>'
        '<p class="card-rating">Rating: <span class="rating-badge" style="--badge-bg: #c62828; --badge-fg: #ffffff">'
        "False</span></p>"
        '<blockquote class="card-claim"><p>Survival rose by 13% compared with chemotherapy.</p></blockquote>'
        '<p class="card-meta">Claim by <span class="speaker">Irina Lebedeva</span> · Quantity · '
        'Published <time datetime="2026-03-01T23:30:00+00:00">1 March 2026</time> · '
        'updated <time datetime="2026-03-04T09:00:00+00:00">4 March 2026</time></p>'
        "</article>"
    )


def test_a_card_leaves_out_what_the_fact_check_lacks():
    html = cards.card(summary(claim_author=None, claim_type=""))
    meta = html[html.index('<p class="card-meta">') :]
    assert "Claim by" not in meta and "Quantity" not in meta
    assert "updated" not in meta  # published, never changed since
    assert meta.startswith('<p class="card-meta">Published <time')


def test_a_card_escapes_what_the_desk_and_the_speaker_wrote():
    html = cards.card(
        summary(
            headline="<script>alert(1)</script>",
            claim_text='"Cured" & <b>free</b>',
            claim_author=ClaimAuthor(name="<img src=x onerror=alert(2)>", is_person=True),
            claim_type="<i>type</i>",
            path='/fact-checks/x/"onmouseover="alert(3)',
        )
    )
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;Cured&quot; &amp; &lt;b&gt;free&lt;/b&gt;" in html
    assert '<span class="speaker">&lt;img src=x onerror=alert(2)&gt;</span>' in html
    assert 'href="/fact-checks/x/&quot;onmouseover=&quot;alert(3)"' in html


@override_settings(TIME_ZONE="Europe/Moscow")
def test_a_card_dates_a_fact_check_in_the_sites_time_zone():
    # 23:30 UTC on 1 March is 02:30 on 2 March in Moscow.
    assert ">2 March 2026</time>" in cards.card(summary())


def test_a_card_speaks_the_readers_language_from_the_catalogue():
    with translation.override("es"):
        html = cards.card(summary(modified_at=CHANGED))
    assert "Calificación:" in html
    assert 'Afirmación de <span class="speaker">Irina Lebedeva</span>' in html
    assert "Rating:" not in html and "Claim by" not in html and "Published" not in html


def test_a_retracted_rating_is_a_grey_badge_that_says_so():
    badge = cards.rating_badge(rating_view(FALSE, retracted=True))
    assert parse_html(badge) == parse_html(
        f'<span class="rating-badge" style="--badge-bg: {rating_view(FALSE, retracted=True).colour}; '
        f'--badge-fg: {rating_view(FALSE, retracted=True).text_colour}">Retracted</span>'
    )
