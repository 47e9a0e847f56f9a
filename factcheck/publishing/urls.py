"""The public site. ``Verdict.get_absolute_url`` builds ``/fact-checks/<slug>/`` itself; a test keeps the two
in step."""
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from factcheck.publishing import feeds, views
from factcheck.publishing.http import public_page
from factcheck.publishing.sitemaps import SITEMAPS

app_name = "publishing"

_rss = feeds.LatestFactChecksRss()
_atom = feeds.LatestFactChecksAtom()


@public_page(views.site_freshness, name="rss")
def feed_rss(request):
    return _rss(request)


@public_page(views.site_freshness, name="atom")
def feed_atom(request):
    return _atom(request)


@public_page(views.site_freshness, name="sitemap", query_params=("p",))
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)


urlpatterns = [
    path("fact-checks/", views.factcheck_index, name="index"),
    path("fact-checks/claimreview.json", views.claimreview_feed, name="claimreview_feed"),
    path("fact-checks/feed/rss/", feed_rss, name="feed_rss"),
    path("fact-checks/feed/atom/", feed_atom, name="feed_atom"),
    path("fact-checks/<slug:slug>/", views.factcheck_detail, name="detail"),
    path("methodology/", views.methodology, name="methodology"),
    path("ratings/", views.ratings, name="ratings"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]
