"""The public site. ``Verdict.get_absolute_url`` builds ``/fact-checks/<slug>/`` itself; a test keeps the two
in step."""

from django.urls import path

from factcheck.publishing import feeds, sitemaps, topic_views, views
from factcheck.publishing.http import Freshness, page_param, public_page

app_name = "publishing"

_rss = feeds.LatestFactChecksRss()
_atom = feeds.LatestFactChecksAtom()


@public_page(views.site_freshness, name="rss")
def feed_rss(request):
    return _rss(request)


@public_page(views.site_freshness, name="atom")
def feed_atom(request):
    return _atom(request)


@public_page(views.site_freshness, name="sitemap")
def sitemap_index(request):
    return sitemaps.index(request)


def section_freshness(request, section: str) -> Freshness | None:
    """A sitemap section changes with the site; an unknown section does not exist."""
    return views.site_freshness(request) if section in sitemaps.SECTIONS else None


@public_page(section_freshness, name="sitemap_section", cache_key=page_param("p"))
def sitemap_section(request, section: str):
    return sitemaps.section(request, section)


urlpatterns = [
    path("fact-checks/", views.factcheck_index, name="index"),
    path("fact-checks/claimreview.json", views.claimreview_feed, name="claimreview_feed"),
    path("fact-checks/feed/rss/", feed_rss, name="feed_rss"),
    path("fact-checks/feed/atom/", feed_atom, name="feed_atom"),
    path("fact-checks/<slug:slug>/", views.factcheck_detail, name="detail"),
    path("topics/", topic_views.topic_list, name="topics"),
    path("topics/<slug:slug>/", topic_views.topic_detail, name="topic"),
    path("topics/<slug:slug>/feed/rss/", topic_views.topic_feed_rss, name="topic_feed_rss"),
    path("topics/<slug:slug>/feed/atom/", topic_views.topic_feed_atom, name="topic_feed_atom"),
    path("methodology/", views.methodology, name="methodology"),
    path("ratings/", views.ratings, name="ratings"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
]
