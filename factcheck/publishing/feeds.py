"""RSS 2.0 and Atom feeds of live fact-checks (django.contrib.syndication).

Links are absolute under ``FACTDESK["SITE_URL"]``: syndication only prefixes the request's host to
relative links, and a feed copied by an aggregator must point at the canonical site.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from factcheck.publishing import display, selectors

FEED_SIZE = 50


class LatestFactChecksRss(Feed):
    """The newest live fact-checks; retracted and unpublished ones never appear."""

    description_template = None

    def title(self) -> str:
        return f"{settings.FACTDESK['ORG_NAME']}: fact-checks"

    def description(self) -> str:
        return f"The latest fact-checks published by {settings.FACTDESK['ORG_NAME']}."

    def link(self) -> str:
        return display.absolute(reverse("publishing:index"))

    def feed_url(self) -> str:
        return display.absolute(reverse("publishing:feed_rss"))

    def author_name(self) -> str:
        return settings.FACTDESK["ORG_NAME"]

    def author_link(self) -> str:
        return settings.FACTDESK["ORG_URL"]

    def items(self) -> list[display.FactCheckSummary]:
        return [display.summarize(v) for v in selectors.published_verdicts()[:FEED_SIZE]]

    def item_title(self, item: display.FactCheckSummary) -> str:
        return item.title

    def item_description(self, item: display.FactCheckSummary) -> str:
        """The rating first, as on the page, then the claim and "In short".

        Readers render RSS descriptions and Atom ``type="html"`` summaries as HTML, so the text is
        HTML-escaped here (the feed generator then escapes it again for XML): two texts that are harmless
        alone cannot join into a tag.
        """
        parts = [f"Rating: {item.rating.label}.", f"Claim: {item.claim_text}"]
        if item.summary:
            parts.append(item.summary)
        return escape(" ".join(parts))

    def item_link(self, item: display.FactCheckSummary) -> str:
        return item.url

    def item_guid(self, item: display.FactCheckSummary) -> str:
        return item.url

    def item_pubdate(self, item: display.FactCheckSummary):
        return item.published_at

    def item_updateddate(self, item: display.FactCheckSummary):
        return item.last_change

    def item_categories(self, item: display.FactCheckSummary) -> list[str]:
        return [c for c in (item.rating.label, item.claim_type) if c]


class LatestFactChecksAtom(LatestFactChecksRss):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

    def feed_url(self) -> str:
        return display.absolute(reverse("publishing:feed_atom"))
