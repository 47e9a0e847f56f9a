"""Conditional GET and the rendered-page cache for public pages.

Public pages are read far more than they are written, so each view declares a *freshness* function: a
cheap answer to "which version of this page is current?" (a version string and a Last-Modified time).
``public_page`` turns that into an ``ETag``/``Last-Modified`` pair for ``django.views.decorators.http.
condition`` (a repeat visitor gets a 304 without a render), and caches the rendered response for anonymous
GETs under a key built from the ETag. Both embed ``cache.generation()``, which ``purge_factcheck`` bumps on
publish, correct and retract, so a purge invalidates every page at once without enumerating keys.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from factcheck.publishing.cache import generation


@dataclass(frozen=True)
class Freshness:
    """The current version of a page. ``obj`` carries whatever the freshness query loaded, so the view can
    reuse it instead of querying again; it is never cached."""

    version: str
    last_modified: datetime | None = None
    obj: Any = field(default=None, compare=False)


FreshnessFunc = Callable[..., Freshness | None]


def _timeout() -> int:
    return int(settings.FACTDESK.get("PAGE_CACHE_SECONDS", 600))


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


class _PageState:
    """Per-request memo, so ETag, Last-Modified and the view share one generation and one freshness."""

    def __init__(self, request: HttpRequest, name: str, func: FreshnessFunc, cache_freshness: bool, params):
        self.request = request
        self.name = name
        self.func = func
        self.cache_freshness = cache_freshness
        self.params = params
        self.generation = generation()
        self._freshness: Freshness | None = None
        self._loaded = False

    def freshness(self, kwargs: dict) -> Freshness | None:
        if self._loaded:
            return self._freshness
        self._loaded = True
        key = f"publishing:fresh:{self.generation}:{self.name}:{_digest(sorted(kwargs.items()))}"
        if self.cache_freshness:
            cached = cache.get(key)
            if cached is not None:
                self._freshness = cached
                return cached
        value = self.func(self.request, **kwargs)
        if value is not None and self.cache_freshness:
            cache.set(key, replace(value, obj=None), _timeout())
        self._freshness = value
        return value

    def query_key(self) -> list[tuple[str, list[str]]]:
        """Only the parameters the view reads: other query strings render the same page, so share its cache."""
        return [(p, self.request.GET.getlist(p)) for p in self.params if p in self.request.GET]

    def etag(self, kwargs: dict) -> str | None:
        fresh = self.freshness(kwargs)
        if fresh is None:
            return None
        return _digest(self.generation, self.name, self.request.path, self.query_key(), fresh.version)


def public_page(
    freshness: FreshnessFunc, *, name: str, cache_freshness: bool = True, query_params: Sequence[str] = ()
):
    """Decorate a public view with conditional GET and the page cache.

    ``freshness(request, **kwargs)`` returns a ``Freshness``, or None when the page does not exist (404).
    With ``cache_freshness`` its answer is kept until the next purge, so a 304 or a cached page costs no
    query at all; turn it off for pages that depend on data no service purges for (the rating scales).
    """

    def decorator(view):
        def state(request) -> _PageState:
            if not hasattr(request, "_publishing_page"):
                request._publishing_page = _PageState(request, name, freshness, cache_freshness, query_params)
            return request._publishing_page

        def etag_func(request, *args, **kwargs):
            return state(request).etag(kwargs)

        def last_modified_func(request, *args, **kwargs):
            fresh = state(request).freshness(kwargs)
            return fresh.last_modified if fresh else None

        @condition(etag_func=etag_func, last_modified_func=last_modified_func)
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            page = state(request)
            fresh = page.freshness(kwargs)
            if fresh is None:
                raise Http404("No such public page.")
            request.publishing_freshness = fresh
            anonymous = not request.user.is_authenticated
            if request.method != "GET" or not anonymous:
                response = view(request, *args, **kwargs)
            else:
                key = f"publishing:page:{page.etag(kwargs)}"
                response = cache.get(key)
                if response is None:
                    response = view(request, *args, **kwargs)
                    if callable(getattr(response, "render", None)) and not response.is_rendered:
                        response.render()
                    # Never store a response that sets a cookie: it would be replayed to every reader.
                    if response.status_code == 200 and not response.cookies:
                        cache.set(key, response, _timeout())
            # Shared caches may keep a reader's page but must revalidate (a correction has to reach readers
            # now); a signed-in desk user's response stays out of shared caches.
            patch_cache_control(response, no_cache=True, **({"public": True} if anonymous else {"private": True}))
            return response

        return wrapped

    return decorator
