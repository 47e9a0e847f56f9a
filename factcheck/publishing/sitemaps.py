"""The sitemap (django.contrib.sitemaps): an index at ``/sitemap.xml`` listing every page of each section
(``/sitemap-<section>.xml?p=N``), so the number of fact-checks never outgrows one sitemap's 50,000 URLs
(or our ``limit``) and no single answer grows with the archive.

Locations come from ``site.base_url`` (``FACTDESK["SITE_URL"]``, else the address the reader used), so the
sections are built per request. Retracted fact-checks are left out.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from factcheck.publishing import selectors, site


class CanonicalSitemap(Sitemap):
    """Builds ``protocol://domain + location`` from the site's base URL, path prefix included."""

    def __init__(self, base: str):
        self.base = base

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(self.base).scheme or "https"

    def get_domain(self, site=None) -> str:
        parts = urlsplit(self.base)
        return parts.netloc + parts.path.rstrip("/")


class FactCheckSitemap(CanonicalSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return selectors.sitemap_verdicts()

    def lastmod(self, verdict):
        return max(d for d in (verdict.published_at, verdict.modified_at) if d)

    def get_latest_lastmod(self):
        """One aggregate query (Django's default would read every row to take the maximum)."""
        return selectors.sitemap_lastmod()


class SectionSitemap(CanonicalSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        return ["publishing:index", "publishing:ratings", "publishing:methodology"]

    def location(self, item: str) -> str:
        return reverse(item)


SECTIONS = {"factchecks": FactCheckSitemap, "sections": SectionSitemap}


def sections(request: HttpRequest) -> dict[str, CanonicalSitemap]:
    base = site.base_url(request)
    return {name: cls(base) for name, cls in SECTIONS.items()}


def index(request: HttpRequest) -> HttpResponse:
    """Django's sitemap index, its locations moved under the site's base URL (Django builds them from the
    request's host, which is right only when SITE_URL is unset)."""
    response = sitemap_views.index(request, sections(request), sitemap_url_name="publishing:sitemap_section")
    base = site.base_url(request)
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = base + urlunsplit(("", "", parts.path, parts.query, ""))
    return response


def section(request: HttpRequest, section: str) -> HttpResponse:
    """One page (``?p=N``) of one section; an unknown section or page is a 404."""
    return sitemap_views.sitemap(request, sections(request), section=section)
