"""sitemap.xml: live fact-checks and the pages about our method (django.contrib.sitemaps).

Locations use ``FACTDESK["SITE_URL"]`` rather than the request's host (the sites framework is not
installed, and a sitemap must name canonical URLs). Retracted fact-checks are left out.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from factcheck.publishing import selectors


class CanonicalSitemap(Sitemap):
    """Builds ``protocol://domain + location`` from SITE_URL, path prefix included."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.FACTDESK["SITE_URL"]).scheme or "https"

    def get_domain(self, site=None) -> str:
        parts = urlsplit(settings.FACTDESK["SITE_URL"])
        return parts.netloc + parts.path.rstrip("/")


class FactCheckSitemap(CanonicalSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return selectors.published_verdicts()

    def lastmod(self, verdict):
        return max(d for d in (verdict.published_at, verdict.modified_at) if d)


class SectionSitemap(CanonicalSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        return ["publishing:index", "publishing:ratings", "publishing:methodology"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"factchecks": FactCheckSitemap, "sections": SectionSitemap}
