"""Topic pages: every topic with live fact-checks (``/topics/``), one topic's fact-checks newest first
(``/topics/<slug>/``), and its RSS and Atom feeds, linked from the page with ``<link rel="alternate">``.

A topic's fact-checks are those whose claim an editor filed under it (``ClaimTopic`` accepted); the desk's
suggestions never reach readers. Freshness follows the site (publish, correct, retract, and tag or topic
changes on a public fact-check, which purge on commit) and the topic row itself: an admin's rename or new
description shows on the next request, since the topic's freshness is read each time, not cached.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from factcheck.claims.models import Topic
from factcheck.publishing import display, feeds, selectors, site, topics
from factcheck.publishing.http import Freshness, do_not_store, page_number, page_param, public_page
from factcheck.publishing.views import PAGE_SIZE, base_context
from factcheck.safety import plain


def topic_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    """A topic page changes with the site and with its own row (name, description)."""
    topic = topics.topic_by_slug(slug)
    if topic is None:
        return None
    state = selectors.site_state()
    version = f"{state.version}:{topic.pk}:{topic.updated_at.isoformat()}"
    stamps = [d for d in (state.last_change, topic.updated_at) if d]
    return Freshness(version=version, last_modified=max(stamps), obj=topic)


def topics_freshness(request: HttpRequest) -> Freshness:
    """The topics page lists topics (edited in the admin) with their counts of live fact-checks."""
    rows = topics.live_topics()
    state = selectors.site_state()
    version = repr([state.version, *((t.pk, t.name, t.slug, t.updated_at, getattr(t, "live", 0)) for t in rows)])
    return Freshness(version=version, last_modified=state.last_change, obj=rows)


def _fresh(request: HttpRequest) -> Freshness:
    """What ``public_page`` found current for this request (set on the request by the decorator)."""
    return request.publishing_freshness  # type: ignore[attr-defined]


def topic_verdicts(topic: Topic):
    """The topic's live fact-checks, newest first."""
    return topics.with_topic(selectors.published_verdicts(), topic.slug)


@public_page(topics_freshness, name="topics", cache_freshness=False)
def topic_list(request: HttpRequest) -> HttpResponse:
    context = base_context(
        request,
        title=gettext("Topics"),
        canonical=reverse("publishing:topics"),
        description=gettext("Fact-checks by %(org)s, by topic.") % {"org": settings.FACTDESK["ORG_NAME"]},
    )
    context["topics"] = [
        {
            "name": plain(t.name),
            "url": t.get_absolute_url(),
            "count": getattr(t, "live", 0),
            "description": plain(t.description),
        }
        for t in _fresh(request).obj
    ]
    return render(request, "publishing/topic_list.html", context)


@public_page(topic_freshness, name="topic", cache_freshness=False, cache_key=page_param("page"))
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One topic: its description, its fact-checks newest first (20 a page), and its feeds."""
    topic: Topic = _fresh(request).obj
    page_obj = Paginator(topic_verdicts(topic), PAGE_SIZE).get_page(request.GET.get("page"))
    canonical = topic.get_absolute_url()
    if page_obj.number > 1:
        canonical += f"?page={page_obj.number}"
    name = plain(topic.name)
    context = base_context(
        request,
        title=name,
        canonical=canonical,
        description=plain(topic.description) or gettext("Fact-checks about %(topic)s.") % {"topic": name},
    )
    if str(page_obj.number) != str(page_number(request.GET.get("page"))):
        do_not_store(request)  # a page past the last: rendered, never stored
    context.update(
        topic={"name": name, "description": plain(topic.description), "slug": topic.slug},
        page_obj=page_obj,
        factchecks=[display.summarize(v, request) for v in page_obj.object_list],
        feed_rss=reverse("publishing:topic_feed_rss", kwargs={"slug": topic.slug}),
        feed_atom=reverse("publishing:topic_feed_atom", kwargs={"slug": topic.slug}),
    )
    return render(request, "publishing/topic_detail.html", context)


class TopicFactChecksRss(Feed):
    """The newest live fact-checks filed under one topic: the site feed's items, the topic's title and link."""

    description_template = None
    author_name = feeds.LatestFactChecksRss.author_name
    item_title = feeds.LatestFactChecksRss.item_title
    item_description = feeds.LatestFactChecksRss.item_description
    item_link = feeds.LatestFactChecksRss.item_link
    item_guid = feeds.LatestFactChecksRss.item_guid
    item_pubdate = feeds.LatestFactChecksRss.item_pubdate
    item_updateddate = feeds.LatestFactChecksRss.item_updateddate
    item_categories = feeds.LatestFactChecksRss.item_categories

    def get_object(self, request, slug: str):
        return request, _fresh(request).obj

    def title(self, obj) -> str:
        return f"{settings.FACTDESK['ORG_NAME']}: {plain(obj[1].name)}"

    def description(self, obj) -> str:
        return plain(obj[1].description) or gettext("The latest fact-checks about %(topic)s by %(org)s.") % {
            "topic": plain(obj[1].name),
            "org": settings.FACTDESK["ORG_NAME"],
        }

    def link(self, obj) -> str:
        return site.absolute(obj[1].get_absolute_url(), obj[0])

    def feed_url(self, obj) -> str:
        return site.absolute(reverse("publishing:topic_feed_rss", kwargs={"slug": obj[1].slug}), obj[0])

    def author_link(self, obj) -> str:
        return site.org_url(obj[0])

    def items(self, obj) -> list[display.FactCheckSummary]:
        request, topic = obj
        return [display.summarize(v, request) for v in topic_verdicts(topic)[: feeds.FEED_SIZE]]


class TopicFactChecksAtom(TopicFactChecksRss):
    feed_type = Atom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)

    def feed_url(self, obj) -> str:
        return site.absolute(reverse("publishing:topic_feed_atom", kwargs={"slug": obj[1].slug}), obj[0])


_rss = TopicFactChecksRss()
_atom = TopicFactChecksAtom()


@public_page(topic_freshness, name="topic_rss", cache_freshness=False)
def topic_feed_rss(request: HttpRequest, slug: str) -> HttpResponse:
    return _rss(request, slug=slug)


@public_page(topic_freshness, name="topic_atom", cache_freshness=False)
def topic_feed_atom(request: HttpRequest, slug: str) -> HttpResponse:
    return _atom(request, slug=slug)
