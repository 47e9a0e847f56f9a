"""RSS 2.0 and Atom feeds of live fact-checks (django.contrib.syndication).

Links are absolute, built by ``site.absolute`` (``FACTDESK["SITE_URL"]``, else the address the reader
used): a feed copied by an aggregator must still point at the site. ``get_object`` hands the request to
every part of the feed that builds a link; the feed objects themselves are shared between requests and
hold no state.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from factcheck.publishing import display, selectors, site

FEED_SIZE = 50


class LatestFactChecksRss(Feed):
    """The newest live fact-checks; retracted and unpublished ones never appear."""

    description_template = None

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self) -> str:
        return f"{settings.FACTDESK['ORG_NAME']}: fact-checks"

    def description(self) -> str:
        return f"The latest fact-checks published by {settings.FACTDESK['ORG_NAME']}."

    def link(self, request) -> str:
        return site.absolute(reverse("publishing:index"), request)

    def feed_url(self, request) -> str:
        return site.absolute(reverse("publishing:feed_rss"), request)

    def author_name(self) -> str:
        return settings.FACTDESK["ORG_NAME"]

    def author_link(self, request) -> str:
        return site.org_url(request)

    def items(self, request) -> list[display.FactCheckSummary]:
        return [display.summarize(v, request) for v in selectors.published_verdicts()[:FEED_SIZE]]

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

    def feed_url(self, request) -> str:
        return site.absolute(reverse("publishing:feed_atom"), request)
