"""Throttles on writes and logins; reads are not throttled here.

Every throttle names the client by ``factcheck.ops.security.client_ip``, the address django-axes uses too:
``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the address the outermost one saw. DRF's own
``get_ident`` would trust a client-sent X-Forwarded-For whenever ``NUM_PROXIES`` is unset, so a client
could start a fresh counter with every request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from factcheck.ops.security import client_ip

SAFE = ("GET", "HEAD", "OPTIONS")


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_ip(request) or ""


class WriteAnonThrottle(ClientAddressMixin, AnonRateThrottle):
    scope = "write_anon"

    def allow_request(self, request, view):
        return request.method in SAFE or super().allow_request(request, view)


class WriteUserThrottle(ClientAddressMixin, UserRateThrottle):
    scope = "write_user"

    def allow_request(self, request, view):
        return request.method in SAFE or super().allow_request(request, view)


class LoginAddressThrottle(ClientAddressMixin, SimpleRateThrottle):
    """Token logins per client address, whatever username each one tries: one password sprayed over many
    accounts is stopped here (axes counts failures per username *and* address, so it would not be)."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(ClientAddressMixin, SimpleRateThrottle):
    """Token logins per username, whatever the address: one account guessed from many addresses. Counted
    case-insensitively, on the name as axes records it (no NUL bytes, at most 150 characters), hashed into
    the cache key."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        data = request.data
        name = data.get(settings.AXES_USERNAME_FORM_FIELD) if isinstance(data, Mapping) else None
        if not isinstance(name, str) or not name.strip():
            return None  # no username, no login: the serializer refuses it
        normalized = name.replace("\x00", "")[:150].strip().casefold()
        ident = hashlib.sha256(normalized.encode("utf-8", "replace")).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ReaderPostThrottle(SimpleRateThrottle):
    """Readers' public posts (tips, error reports): the public forms' own counters (``factcheck.tips.limits``:
    per sender address, by ``client_ip``, and for everyone together), so a sender cannot double their
    allowance by switching between the site and the API. ``group`` names the counter."""

    group = ""

    def __init__(self):  # no rate of its own: the limits module reads FACTDESK
        self._wait = 0

    def allow_request(self, request, view):
        from factcheck.tips import limits

        verdict = limits.check(getattr(request, "_request", request), self.group)
        self._wait = verdict.wait
        return not verdict.limited

    def wait(self):
        return self._wait or None


class ReaderTipThrottle(ReaderPostThrottle):
    group = "reader-tips"


class ReaderReportThrottle(ReaderPostThrottle):
    group = "reader-reports"
