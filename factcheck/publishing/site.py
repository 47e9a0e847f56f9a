"""The public site's absolute base URL: the one function behind every link that leaves a page (canonical
links, feeds, JSON-LD, the sitemap, the public API, emails).

``FACTDESK["SITE_URL"]`` when it is set, as production should (``check --deploy`` warns when nothing can
stand in for it). When it is unset, a request answers with the address the reader used (scheme, host and
port: the host is one ``ALLOWED_HOSTS`` accepts, and the page cache keys pages by it, so one host's links
are never served on another); without a request (emails, tasks) the first usable ``ALLOWED_HOSTS`` entry
stands in, over https unless ``DEBUG``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def configured_base() -> str:
    """``FACTDESK["SITE_URL"]`` without its trailing slash, or "" when unset."""
    return (settings.FACTDESK.get("SITE_URL") or "").strip().rstrip("/")


def fallback_host() -> str:
    """The first ``ALLOWED_HOSTS`` entry naming one host ("*" names none; ".example.org" names example.org)."""
    for entry in settings.ALLOWED_HOSTS:
        host = entry.strip().lstrip(".")
        if host and "*" not in host:
            return host
    return ""


def base_url(request: HttpRequest | None = None) -> str:
    """``scheme://host[:port][/prefix]``, no trailing slash; paths from ``reverse()`` are appended to it."""
    configured = configured_base()
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return f"{'http' if settings.DEBUG else 'https'}://{fallback_host() or 'localhost'}"


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """The absolute URL of a site path (``/fact-checks/<slug>/``)."""
    return base_url(request) + path


def org_url(request: HttpRequest | None = None) -> str:
    """The publisher's address: ``FACTDESK["ORG_URL"]``, else the site's home."""
    return (settings.FACTDESK.get("ORG_URL") or "").strip() or base_url(request) + "/"


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL: what SITE_URL and ORG_URL must be when they are set."""
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)
