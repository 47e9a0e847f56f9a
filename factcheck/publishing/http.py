"""Conditional GET and the rendered-page cache for public pages.

Public pages are read far more than they are written, so each view declares a *freshness* function: a
cheap answer to "which version of this page is current?" (a version string and a Last-Modified time).
``public_page`` turns that into an ``ETag``/``Last-Modified`` pair for ``django.views.decorators.http.
condition`` (a repeat visitor gets a 304 without a render), and caches the rendered response for anonymous
GETs together with its ETag. The ETag and the cached freshness embed ``cache.generation()``, which
``purge_factcheck`` bumps on publish, correct and retract, so a purge invalidates every page at once without
enumerating keys. A cached page costs one cache round trip (generation, freshness and page read together).

Each web process also keeps the finished answer it last proved current (page, ETag, Last-Modified) for
``PAGE_LOCAL_CACHE_SECONDS``, and a reader asking again within that time gets it before any of the above runs:
no round trip, no freshness, no digest (``_local_answer``). That fast path was what brought a cached page near
a trivial view's cost; the round trip and the bookkeeping around it were most of the difference.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from factcheck.publishing import cache as page_cache
from factcheck.publishing import site
from factcheck.publishing.cache import GENERATION_KEY, generation


@dataclass(frozen=True)
class Freshness:
    """The current version of a page. ``obj`` carries whatever the freshness query loaded, so the view can
    reuse it instead of querying again; it is never cached."""

    version: str
    last_modified: datetime | None = None
    obj: Any = field(default=None, compare=False)


FreshnessFunc = Callable[..., Freshness | None]


def page_cache_timeout() -> int:
    return int(settings.FACTDESK.get("PAGE_CACHE_SECONDS", 600))


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


CacheKey = tuple[tuple[str, str], ...]
CacheKeyFunc = Callable[[HttpRequest], CacheKey | None]


def no_parameters(request: HttpRequest) -> CacheKey:
    """The cache key of a page that reads no query parameter: every query string shares one entry."""
    return ()


def page_number(value: str | None) -> int | None:
    """A page number as a reader may write it (``2``, ``02``), or None for anything else (``0``, ``-1``, ``x``).

    Bounded, so a page key never carries a huge number; the view still decides whether the page exists.
    """
    value = (value or "1").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number if number >= 1 else None


def page_param(name: str) -> CacheKeyFunc:
    """The cache key of a page that reads only the page number ``name``: invalid numbers are not cached."""

    def key(request: HttpRequest) -> CacheKey | None:
        number = page_number(request.GET.get(name))
        return None if number is None else ((name, str(number)),)

    return key


def do_not_store(request: HttpRequest) -> None:
    """Called by a view whose answer must not enter the page cache although it is a 200 (a page past the
    last, a filter value no live fact-check has): such requests are endless, the cache must not be."""
    request.publishing_store = False


class _PageState:
    """Per-request memo, so ETag, Last-Modified and the view share one generation and one freshness.

    A cached page costs one cache round trip: the generation, the freshness and the rendered page are read
    together (``get_many``). Their keys do not embed the generation; the values carry it (freshness) or the
    ETag it went into (page), and an entry from another generation or version is ignored, so a purge still
    invalidates everything at once.

    The page key is built from the site's base URL (links in the page are absolute), the path and the
    view's ``cache_key``: the query parameters the view reads, validated and in a fixed order. A request
    whose key is None (a search, an invalid value) is rendered every time and never stored.
    """

    def __init__(
        self, request: HttpRequest, name: str, func: FreshnessFunc, cache_freshness: bool, cache_key: CacheKeyFunc
    ):
        self.request = request
        self.name = name
        self.func = func
        self.cache_freshness = cache_freshness
        self.key = cache_key(request)
        self.base = site.base_url(request)
        self.generation = None
        self._freshness: Freshness | None = None
        self._loaded = False
        self._cached_page = None
        self._kwargs: dict = {}
        #: The (ETag, page) this request proved current in the shared cache, or stored there.
        self.proved: tuple[str, HttpResponse] | None = None

    @property
    def cacheable(self) -> bool:
        return self.key is not None

    def _fresh_key(self, kwargs: dict) -> str:
        return f"publishing:fresh:{self.name}:{_digest(sorted(kwargs.items()))}"

    def page_key(self) -> str:
        # The interface language is part of the page: a reader of the Spanish site never gets the Russian one.
        return f"publishing:page:{self.name}:{_digest(self.base, self.request.path, self.key, get_language())}"

    def _prefetch(self, kwargs: dict) -> dict:
        keys = [GENERATION_KEY]
        if self.cacheable:
            keys.append(self.page_key())
        if self.cache_freshness:
            keys.append(self._fresh_key(kwargs))
        found = cache.get_many(keys) if self.request.method == "GET" else {}
        self.generation = found.get(GENERATION_KEY) or generation()
        self._cached_page = found.get(self.page_key()) if self.cacheable else None
        return found

    def freshness(self, kwargs: dict) -> Freshness | None:
        if self._loaded:
            return self._freshness
        self._loaded = True
        self._kwargs = kwargs
        found = self._prefetch(kwargs)
        key = self._fresh_key(kwargs)
        if self.cache_freshness:
            cached = found.get(key)
            if cached is not None and cached[0] == self.generation:
                self._freshness = cached[1]
                return self._freshness
        value = self.func(self.request, **kwargs)
        if value is not None and self.cache_freshness:
            cache.set(key, (self.generation, replace(value, obj=None)), page_cache_timeout())
        self._freshness = value
        return value

    def cached_page(self, etag: str) -> HttpResponse | None:
        """The rendered page stored for this very ETag, if any."""
        entry = self._cached_page
        if entry is not None and entry[0] == etag:
            self.proved = entry
            return entry[1]
        return None

    def etag(self, kwargs: dict) -> str | None:
        fresh = self.freshness(kwargs)
        if fresh is None:
            return None
        # An uncached request still gets a validator: from its whole query, since nothing is stored for it.
        variant = self.key if self.cacheable else sorted(self.request.GET.lists())
        return _digest(self.generation, self.name, self.base, self.request.path, variant, fresh.version, get_language())


def public_page(
    freshness: FreshnessFunc, *, name: str, cache_freshness: bool = True, cache_key: CacheKeyFunc = no_parameters
):
    """Decorate a public view with conditional GET and the page cache.

    ``freshness(request, **kwargs)`` returns a ``Freshness``, or None when the page does not exist (404).
    With ``cache_freshness`` its answer is kept until the next purge, so a 304 or a cached page costs no
    query at all; turn it off for pages that depend on data no service purges for (the rating scales).
    ``cache_key(request)`` names the variant of the page the request asks for (see ``_PageState``).
    """

    def decorator(view):
        def state(request) -> _PageState:
            if not hasattr(request, "_publishing_page"):
                request._publishing_page = _PageState(request, name, freshness, cache_freshness, cache_key)
            return request._publishing_page

        def etag_func(request, *args, **kwargs):
            return state(request).etag(kwargs)

        def last_modified_func(request, *args, **kwargs):
            fresh = state(request).freshness(kwargs)
            return fresh.last_modified if fresh else None

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            page = state(request)
            fresh = page.freshness(kwargs)
            if fresh is None:
                raise Http404("No such public page.")
            request.publishing_freshness = fresh
            request.publishing_generation = page.generation
            anonymous = not request.user.is_authenticated
            if request.method != "GET" or not anonymous or not page.cacheable:
                response = view(request, *args, **kwargs)
            else:
                etag = page.etag(kwargs)
                response = page.cached_page(etag)
                if response is None:
                    response = view(request, *args, **kwargs)
                    if callable(getattr(response, "render", None)) and not response.is_rendered:
                        response.render()
                    # Never store a response that sets a cookie: it would be replayed to every reader.
                    store = getattr(request, "publishing_store", True)
                    if response.status_code == 200 and not response.cookies and store:
                        cache.set(page.page_key(), (etag, response), page_cache_timeout())
                        page.proved = (etag, response)
            # Shared caches may keep a reader's page but must revalidate (a correction has to reach readers
            # now); a signed-in desk user's response stays out of shared caches.
            patch_cache_control(response, no_cache=True, **({"public": True} if anonymous else {"private": True}))
            return response

        conditional = condition(etag_func=etag_func, last_modified_func=last_modified_func)(wrapped)

        @wraps(view)
        def served(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # A page whose freshness is asked every time (data no purge follows) is never answered from memory.
            key = _local_key(request, name) if cache_freshness else None
            if key is not None:
                answer = _local_answer(request, key)
                if answer is not None:
                    return answer
            response = conditional(request, *args, **kwargs)
            page = getattr(request, "_publishing_page", None)
            if key is not None and page is not None and page.proved is not None and response.status_code == 200:
                # The validators as ``condition`` sent them (the ETag quoted), so a kept answer revalidates alike.
                fresh = page.freshness(kwargs)
                modified = int(fresh.last_modified.timestamp()) if fresh and fresh.last_modified else None
                page_cache.local_set(key, response.get("ETag"), modified, pickle.dumps(response))
            return response

        return served

    return decorator


def _local_key(request: HttpRequest, name: str) -> tuple | None:
    """Where this process keeps a reader's finished answer: the page, the address as the reader wrote it
    (scheme, host, path and raw query: the links in a page are absolute) and the interface language. None
    when nothing may be kept: the local cache is off, a signed-in user, or not a GET. Only a page proved
    current for a cacheable request is ever stored under it, so a raw query that differs only in noise just
    takes a slot of its own."""
    if request.method != "GET" or page_cache.local_seconds() <= 0 or request.user.is_authenticated:
        return None
    meta = request.META
    return (name, request.scheme, request.get_host(), request.path, meta.get("QUERY_STRING", ""), get_language())


def _local_answer(request: HttpRequest, key: tuple) -> HttpResponse | None:
    """The answer this process kept under ``key``, as ``condition`` would give it: a 304 when the reader holds
    this ETag (or Last-Modified), else a fresh copy of the page with its validators; None when nothing is kept."""
    kept = page_cache.local_get(key)
    if kept is None:
        return None
    etag, modified, page = kept
    response = pickle.loads(page)  # noqa: S301 - our own bytes, pickled by this process
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)
