"""Public pages. Each view is a thin read: a freshness function for conditional GET and the page cache
(``http.public_page``), a selector for the rows, ``display`` for what readers see, and a template.

Retracted fact-checks answer 200 with a prominent retraction notice (and no ClaimReview), so readers who
follow an old link learn what was withdrawn and why; drafts and unpublished verdicts are 404 to everyone.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_info, gettext

from factcheck.claims.models import ClaimType
from factcheck.publishing import display, jsonld, selectors, site, topics
from factcheck.publishing.http import (
    CacheKey,
    Freshness,
    do_not_store,
    page_cache_timeout,
    page_number,
    page_param,
    public_page,
)
from factcheck.safety import plain, strip_controls

PAGE_SIZE = 20
# ClaimReviews per page of claimreview.json: about 1 kB each, so a page stays a few hundred kB at most.
CLAIMREVIEW_PAGE_SIZE = 200
INDEX_FILTERS = (  # (filter, parameter)
    ("rating", "rating"),
    ("claim_type", "type"),
    ("speaker", "speaker"),
    ("tag", "tag"),
    ("topic", "topic"),
)


def base_context(
    request: HttpRequest, *, title: str, canonical: str, description: str = "", noindex: bool = False
) -> dict:
    """What every public template's ``<head>`` and chrome need: names, canonical URL, social tags."""
    return {
        "org_name": settings.FACTDESK["ORG_NAME"],
        "org_url": site.org_url(request),
        "page_title": title,
        "canonical_url": site.absolute(canonical, request),
        "meta_description": description,
        "noindex": noindex,
    }


# --- freshness ----------------------------------------------------------------------------------------


def factcheck_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    """A fact-check changes on publish, correction and retraction; ``updated_at`` also catches desk edits."""
    verdict = selectors.public_verdict(slug)
    if verdict is None:
        return None
    stamps = [d for d in (verdict.published_at, verdict.modified_at, verdict.retracted_at) if d]
    parts = [str(verdict.pk), verdict.claim.state, verdict.updated_at.isoformat(), *(d.isoformat() for d in stamps)]
    return Freshness(
        version=":".join(parts),
        last_modified=max(stamps),
        obj=verdict,
    )


def site_freshness(request: HttpRequest) -> Freshness:
    """Index, feeds, sitemap and the ClaimReview feed change when any public fact-check does."""
    state = selectors.site_state()
    return Freshness(version=state.version, last_modified=state.last_change)


def scale_freshness(request: HttpRequest) -> Freshness:
    """The ratings and methodology pages follow the rating scales (edited in the admin, never purged) and
    the sign-off settings; one small query, so this is not cached."""
    rows = selectors.rating_scale_rows()
    factdesk = settings.FACTDESK
    version = repr(
        [(r.pk, r.scale.name, r.scale.description, r.label, r.slug, r.value, r.description, r.colour) for r in rows]
        + [factdesk.get("SIGNOFF_POLICY"), factdesk.get("PANEL_SIZE")]
    )
    return Freshness(version=version, obj=rows)


# --- fact-check pages ---------------------------------------------------------------------------------


def language_name(code: str) -> str:
    """A language's name in itself ("Русский") for a link to the fact-check in it; the code when Django has none."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


@public_page(factcheck_freshness, name="detail")
def factcheck_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One fact-check, in four queries whatever its evidence and corrections count."""
    verdict = request.publishing_freshness.obj or selectors.public_verdict(slug)
    if verdict is None:
        raise Http404("No such fact-check.")
    page = display.page(selectors.with_page_relations(verdict), request)
    fc = page.fc
    # A retracted review must not keep feeding search engines a rating we withdrew.
    claim_review = None if fc.retracted else jsonld.dumps_for_script(jsonld.claim_review(fc))
    title = gettext("Retracted: %(title)s") % {"title": fc.title} if fc.retracted else fc.title
    context = base_context(request, title=title, canonical=fc.path, description=fc.summary or fc.claim_text)
    context.update(page=page, fc=fc, claim_review=claim_review, og_type="article")
    context.update(fc_tags=verdict.tag_names, fc_topics=topics.topics_of(verdict))  # two queries
    # The page speaks the fact-check's language; the same claim checked in other languages is offered beside it.
    alternates = selectors.language_alternates(verdict)  # one query, none outside a cluster
    if alternates and fc.language:
        alternates = [(fc.language, fc.path), *alternates]
    absolute = [(language, site.absolute(path, request)) for language, path in alternates]
    context.update(
        content_language=fc.language,
        language_alternates=absolute,
        other_languages=[(code, language_name(code), url) for code, url in absolute if code != fc.language],
    )
    return render(request, "publishing/factcheck_detail.html", context)


def index_filters(request: HttpRequest) -> dict[str, str]:
    """The search and filters as the index reads them: control characters dropped, trimmed, bounded."""

    def param(name: str) -> str:
        return strip_controls(request.GET.get(name, "")).strip()[: selectors.SEARCH_MAX_LENGTH]

    return {"q": param("q"), **{field: param(name) for field, name in INDEX_FILTERS}}


def index_cache_key(request: HttpRequest) -> CacheKey | None:
    """Filters in a fixed order, then the page number; searches (endless, and rarely repeated) and invalid
    page numbers are never cached. Filter values are checked against the live ones when the page is built."""
    filters = index_filters(request)
    number = page_number(request.GET.get("page"))
    if filters["q"] or number is None:
        return None
    return (*((name, filters[field]) for field, name in INDEX_FILTERS if filters[field]), ("page", str(number)))


@public_page(site_freshness, name="index", cache_key=index_cache_key)
def factcheck_index(request: HttpRequest) -> HttpResponse:
    """Newest first, with filters (rating, claim type, speaker), full-text search and pagination."""
    filters = index_filters(request)
    narrowing = {field: value for field, value in filters.items() if field != "q"}
    qs = selectors.filter_factchecks(selectors.published_verdicts(), **narrowing)
    capped = False
    if filters["q"]:
        # Search once, ids first: the matches' ids in the index's order (all of them when few match: the count
        # and the pager; the newest when many do), then only the page's rows with what the page shows.
        matches = selectors.search_ids(qs, filters["q"], narrowed=any(narrowing.values()))
        capped = isinstance(matches, selectors.NewestMatches)
        page_obj = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
        page_obj.object_list = selectors.published_in_order(page_obj.object_list)
    else:
        page_obj = Paginator(selectors.as_cards(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(filters.values())
    keep = {
        k: v
        for k, v in (
            ("q", filters["q"]),
            ("rating", filters["rating"]),
            ("type", filters["claim_type"]),
            ("speaker", filters["speaker"]),
            ("tag", filters["tag"]),
            ("topic", filters["topic"]),
        )
        if v
    }
    canonical = reverse("publishing:index")
    if not filtered and page_obj.number > 1:
        canonical += "?" + urlencode({"page": page_obj.number})
    context = base_context(
        request,
        title=gettext("Fact-checks"),
        canonical=canonical,
        description=gettext("Fact-checks by %(org)s, newest first.") % {"org": settings.FACTDESK["ORG_NAME"]},
        # Filter and search combinations are endless; let crawlers follow them but index only the index.
        noindex=filtered,
    )
    # The filter menus list every live fact-check's rating and speaker: the same for every search and page
    # of the index, so they are read once per cache generation rather than on every search.
    rating_choices, speaker_choices, topic_choices = cache.get_or_set(
        f"publishing:choices:topics:{request.publishing_generation}",
        lambda: (
            selectors.rating_choices(),
            selectors.speaker_choices(),
            [(t.slug, t.name) for t in topics.live_topics()],
        ),
        page_cache_timeout(),
    )
    # Only pages a reader can reach through the menus and the pager are worth a cache entry.
    known = (
        (not filters["rating"] or filters["rating"] in {slug for slug, _ in rating_choices})
        and (not filters["claim_type"] or filters["claim_type"] in ClaimType.values)
        and (not filters["speaker"] or filters["speaker"] in speaker_choices)
        and (not filters["topic"] or filters["topic"] in {slug for slug, _ in topic_choices})
        and (not filters["tag"] or page_obj.paginator.count > 0)
    )
    if not known or str(page_obj.number) != str(page_number(request.GET.get("page"))):
        do_not_store(request)
    context.update(
        page_obj=page_obj,
        capped=capped,
        factchecks=[display.summarize(v, request) for v in page_obj.object_list],
        filters=filters,
        filtered=filtered,
        filter_query=urlencode(keep),
        rating_choices=rating_choices,
        type_choices=selectors.claim_type_choices(),
        speaker_choices=speaker_choices,
        topic_choices=topic_choices,
    )
    return render(request, "publishing/factcheck_index.html", context)


def _claimreview_page_url(request: HttpRequest, number: int) -> str:
    """Page 1 keeps the feed's original address; later pages add ``?page=N``."""
    path = reverse("publishing:claimreview_feed")
    return site.absolute(path if number == 1 else f"{path}?{urlencode({'page': number})}", request)


@public_page(site_freshness, name="claimreview", cache_key=page_param("page"))
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    """Live ClaimReviews as JSON-LD DataFeed pages (retracted and unpublished ones are left out), newest
    first, ``CLAIMREVIEW_PAGE_SIZE`` a page, linked by ``next``/``previous`` and the ``Link`` header."""
    paginator = Paginator(selectors.published_verdicts(), CLAIMREVIEW_PAGE_SIZE)
    number = page_number(request.GET.get("page"))
    if number is None or number > paginator.num_pages:
        detail = (
            f"There is no page {request.GET.get('page', '')!r} of this feed: pages run from 1 to "
            f"{paginator.num_pages}. Leave out ?page= for the newest fact-checks."
        )
        return HttpResponse(json.dumps({"detail": detail}), status=404, content_type="application/json")
    page = paginator.page(number)
    next_url = _claimreview_page_url(request, number + 1) if page.has_next() else ""
    previous_url = _claimreview_page_url(request, number - 1) if page.has_previous() else ""
    feed = jsonld.data_feed(
        [display.summarize(v, request) for v in page.object_list],
        url=_claimreview_page_url(request, number),
        modified=request.publishing_freshness.last_modified,
        next_url=next_url,
        previous_url=previous_url,
    )
    response = HttpResponse(jsonld.dumps_for_script(feed), content_type="application/ld+json; charset=utf-8")
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((next_url, "next"), (previous_url, "prev")) if url]
    if links:
        response["Link"] = ", ".join(links)
    return response


# --- about the method ---------------------------------------------------------------------------------


def _scales(rows) -> list[dict]:
    """Group the rating rows by scale, each rating drawn as it would be published today."""
    scales: dict[int, dict] = {}
    for rating in rows:
        entry = scales.setdefault(rating.scale_id, {"scale": rating.scale, "rows": []})
        entry["rows"].append(rating)
    result = []
    for entry in scales.values():
        values = [r.value for r in entry["rows"] if r.value is not None]
        best, worst = max(values, default=None), min(values, default=None)
        ratings = [
            {
                "view": display.rating_view(
                    {
                        "label": r.label,
                        "slug": r.slug,
                        "value": r.value,
                        "best": best,
                        "worst": worst,
                        "colour": r.colour,
                    }
                ),
                "description": plain(r.description),
            }
            for r in entry["rows"]
        ]
        result.append(
            {
                "name": plain(entry["scale"].name),
                "slug": entry["scale"].slug,
                "description": plain(entry["scale"].description),
                "is_default": entry["scale"].is_default,
                "best": best,
                "worst": worst,
                "on_scale": [r for r in ratings if r["view"].on_scale],
                "off_scale": [r for r in ratings if not r["view"].on_scale],
            }
        )
    return result


@public_page(scale_freshness, name="ratings", cache_freshness=False)
def ratings(request: HttpRequest) -> HttpResponse:
    """What each rating means, generated from the RatingScale rows."""
    context = base_context(
        request,
        title=gettext("Our ratings"),
        canonical=reverse("publishing:ratings"),
        description=gettext(
            "What each fact-check rating means, from best to worst, and the outcomes outside the scale."
        ),
    )
    context["scales"] = _scales(request.publishing_freshness.obj)
    return render(request, "publishing/ratings.html", context)


@public_page(scale_freshness, name="methodology", cache_freshness=False)
def methodology(request: HttpRequest) -> HttpResponse:
    """How claims are chosen, researched, edited, rated and corrected, following the live settings."""
    factdesk = settings.FACTDESK
    context = base_context(
        request,
        title=gettext("How we fact-check"),
        canonical=reverse("publishing:methodology"),
        description=gettext("How we choose claims, research them, sign off ratings and correct our mistakes."),
    )
    context.update(
        scales=_scales(request.publishing_freshness.obj),
        signoff_policy=factdesk.get("SIGNOFF_POLICY", "single"),
        panel_size=factdesk.get("PANEL_SIZE", 3),
        panel_majority=factdesk.get("PANEL_SIZE", 3) // 2 + 1,
        claim_types=ClaimType.choices,
    )
    return render(request, "publishing/methodology.html", context)
