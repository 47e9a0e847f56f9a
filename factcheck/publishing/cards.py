"""A fact-check's card (the index, its searches and the topic pages) and a rating's badge, drawn in Python.

The index shows twenty cards a page, and a reader's search is mostly this page's own work: on the
100,000-claim bench a search costs ~24 ms of CPU, of which the template ~10 ms. Each card was an included
template with a nested include for the badge, a block translation and two date filters; built here with
``format_html`` the page's template work fell from 10.3 to 8.5 ms (three runs of the bench's 27 terms x 3
pages each, in-process). The strings are the catalogue's own (the msgids and contexts the template had),
values are escaped as the template escaped them, and dates are shown in the current time zone and the
active language's format, as the ``date`` filter shows them.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from .display import FactCheckSummary, RatingView


def rating_badge(rating: RatingView) -> SafeString:
    """The rating as a coloured label (its text always says the rating; colour is never the only cue)."""
    return format_html(
        '<span class="rating-badge" style="--badge-bg: {}; --badge-fg: {}">{}</span>',
        rating.colour,
        rating.text_colour,
        rating.badge_text,
    )


def _date(value) -> str:
    """``value|date:"DATE_FORMAT"``: in the current time zone, in the active language's date format."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(local, "DATE_FORMAT")


def card(fc: FactCheckSummary) -> SafeString:
    """One fact-check as the index lists it: headline (linked), rating, the claim, who made it, its type and
    the dates it was published and, when changed after publication, updated."""
    meta: list[str] = []
    if fc.claim_author:
        # The catalogue's sentence is markup of ours; only the name is escaped, as ``blocktranslate`` does.
        said = gettext('Claim by <span class="speaker">%(name)s</span>') % {
            "name": conditional_escape(fc.claim_author.name)
        }
        meta.append(mark_safe(said))  # noqa: S308 (the catalogue's own markup around an escaped name)
    if fc.claim_type:
        meta.append(fc.claim_type)
    meta.append(
        format_html(
            '{} <time datetime="{}">{}</time>',
            pgettext("fact-check date", "Published"),
            fc.published_iso,
            _date(fc.published_at),
        )
    )
    if fc.updated_at:
        meta.append(
            format_html(
                '{} <time datetime="{}">{}</time>',
                pgettext("fact-check date", "updated"),
                fc.updated_iso,
                _date(fc.updated_at),
            )
        )
    return format_html(
        '<article class="card">\n'
        '  <h2 class="card-title"><a href="{}">{}</a></h2>\n'
        '  <p class="card-rating">{} {}</p>\n'
        '  <blockquote class="card-claim"><p>{}</p></blockquote>\n'
        '  <p class="card-meta">{}</p>\n'
        "</article>\n",
        fc.path,
        fc.title,
        gettext("Rating:"),
        rating_badge(fc.rating),
        fc.claim_text,
        format_html_join(" · ", "{}", ((part,) for part in meta)),
    )
