"""How often readers may post: per sender and for everyone together, the same counters for the public forms
and the API.

The sender is ``factcheck.ops.security.client_ip`` (``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT``
proxies the address the outermost trusted proxy saw: the rule axes and the API throttles follow too).
django-ratelimit keeps the counts in the cache under a hash of the address, so no address is stored. Every
POST counts, refused ones included, so a bot gains nothing by sending rubbish; the global limit caps what a
botnet of many addresses can put on the desk in an hour.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from factcheck.ops.security import client_ip

#: What is counted: readers' tips, and their reports of errors (separately: one does not use up the other).
TIPS = "reader-tips"
REPORTS = "reader-reports"


def sender(group: str, request) -> str:
    """django-ratelimit's key: the client address, as every limit of the site names it, keyed with the
    secret key, so not even the cache holds something a list of all addresses could be matched against."""
    address = (client_ip(request) or "unknown").encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()


def everyone(group: str, request) -> str:
    """django-ratelimit's key for the global limit: one counter for all senders."""
    return "all"


def rates() -> tuple[str, str]:
    """(per sender, for everyone), e.g. ("20/h", "600/h"), from ``FACTDESK`` (read per request: tests and
    deployments may change them)."""
    factdesk = settings.FACTDESK
    return factdesk["READER_RATE_PER_SENDER"], factdesk["READER_RATE_GLOBAL"]


@dataclass(frozen=True)
class Verdict:
    """Whether this post is over a limit, which one, and how many seconds until it may be tried again."""

    limited: bool
    wait: int = 0
    scope: str = ""  # "sender" or "global"


def check(request, group: str) -> Verdict:
    """Count this post against the sender's and the global limit of ``group``; over either, it is refused.

    ``request`` is Django's (a DRF request's ``_request`` works too). The global counter is checked first and
    counted only for posts within the sender's limit, so one flooding address cannot use up everyone's
    allowance."""
    per_sender, global_rate = rates()
    mine = get_usage(request, group=group, key=sender, rate=per_sender, method=ALL, increment=True)
    if mine and mine["should_limit"]:
        return Verdict(True, int(mine["time_left"]) + 1, "sender")
    total = get_usage(request, group=group, key=everyone, rate=global_rate, method=ALL, increment=True)
    if total and total["should_limit"]:
        return Verdict(True, int(total["time_left"]) + 1, "global")
    return Verdict(False)
