"""schema.org ClaimReview, as Google Search and the Fact Check Explorer read it.

Built from ``display.FactCheckSummary`` (the same values the page prints) so the markup agrees with the
page by construction. Serialised with ``json.dumps`` and with ``<``, ``>`` and ``&`` escaped as ``\\uXXXX``,
so no user text can close the ``<script>`` element it sits in.
"""

from __future__ import annotations

import json

from django.conf import settings

from factcheck.publishing.display import FactCheckSummary, iso

_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def organization(url: str) -> dict:
    """The publisher of every fact-check: ``FACTDESK["ORG_NAME"]`` at ``url`` (``site.org_url``)."""
    return {"@type": "Organization", "name": settings.FACTDESK["ORG_NAME"], "url": url}


def review_rating(fc: FactCheckSummary) -> dict:
    """Numeric ratings carry value and bounds (worst >= 1, as Google requires); off-scale ones (Unverifiable,
    Missing context) only their name, since a number would place them on a scale they are not on."""
    rating = fc.rating
    data: dict = {"@type": "Rating"}
    if rating.on_scale:
        data.update(ratingValue=rating.value, bestRating=rating.best, worstRating=rating.worst)
    data["alternateName"] = rating.label
    return data


def item_reviewed(fc: FactCheckSummary) -> dict:
    """The claim: who made it (a Person, or an Organization such as the publication), when (the desk's date,
    else the article's), and where it appeared: the address the desk recorded and the article, one
    ``CreativeWork`` each (a single one is an object, several a list). ``firstAppearance`` is left out: the
    desk records where a claim appeared, not whether that was the first time."""
    claim: dict = {"@type": "Claim"}
    if fc.claim_author is not None:
        kind = "Person" if fc.claim_author.is_person else "Organization"
        claim["author"] = {"@type": kind, "name": fc.claim_author.name}
    if fc.claim_day_iso:
        claim["datePublished"] = fc.claim_day_iso
    appearances: list[dict] = []
    if fc.other_appearance_url:
        appearances.append({"@type": "CreativeWork", "url": fc.other_appearance_url})
    if fc.article_url:
        article: dict = {"@type": "CreativeWork", "url": fc.article_url}
        if fc.article_title:
            article["headline"] = fc.article_title
        if fc.article_publisher:
            article["publisher"] = {"@type": "Organization", "name": fc.article_publisher}
        if fc.article_date_iso:
            article["datePublished"] = fc.article_date_iso
        appearances.append(article)
    if appearances:
        claim["appearance"] = appearances[0] if len(appearances) == 1 else appearances
    return claim


def claim_review(fc: FactCheckSummary, *, context: bool = True) -> dict:
    """One ClaimReview object. ``dateModified`` appears only once a correction has changed the page."""
    data: dict = {"@context": "https://schema.org"} if context else {}
    data.update(
        {
            "@type": "ClaimReview",
            "url": fc.url,
            "claimReviewed": fc.claim_text,
            "author": organization(fc.publisher_url),
            "datePublished": fc.published_iso,
        }
    )
    if fc.updated_at:
        data["dateModified"] = fc.updated_iso
    if fc.headline:
        data["headline"] = fc.headline
    if fc.language:
        data["inLanguage"] = fc.language
    data["reviewRating"] = review_rating(fc)
    data["itemReviewed"] = item_reviewed(fc)
    return data


def data_feed(
    summaries: list[FactCheckSummary], *, url: str, modified=None, next_url: str = "", previous_url: str = ""
) -> dict:
    """One page of the live ClaimReviews as a schema.org DataFeed, for aggregators that poll rather than crawl.

    ``url`` is this page; ``next``/``previous`` (absolute, present only when there is such a page) walk the
    rest, as the ``Link`` header of the response does.
    """
    name = f"{settings.FACTDESK['ORG_NAME']} fact-checks"
    feed: dict = {"@context": "https://schema.org", "@type": "DataFeed", "name": name, "url": url}
    if modified is not None:
        feed["dateModified"] = iso(modified)
    if previous_url:
        feed["previous"] = previous_url
    if next_url:
        feed["next"] = next_url
    feed["dataFeedElement"] = [claim_review(fc, context=False) for fc in summaries]
    return feed


def dumps_for_script(data: dict) -> str:
    """JSON text that is safe inside ``<script type="application/ld+json">`` and still parses to ``data``."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
