"""Webhook signatures: HMAC-SHA256 of ``"{timestamp}.{body}"`` with the endpoint's secret.

The header is ``Factdesk-Signature: t=<unix seconds>,v1=<hex digest>`` (the scheme Stripe made familiar).
The timestamp is signed with the body, so a captured request replayed later fails ``verify``'s tolerance,
and the receiver can drop a repeat within it by ``Factdesk-Delivery``. ``verify`` is what a Python receiver
needs (``docs/webhooks.md`` shows one); it has no Django dependency.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "Factdesk-Signature"
EVENT_HEADER = "Factdesk-Event"
DELIVERY_HEADER = "Factdesk-Delivery"
SCHEME = "v1"
DEFAULT_TOLERANCE = 300


class SignatureError(ValueError):
    """The request is not one Factdesk signed with this secret, or it was signed too long ago."""


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` and 32 random bytes, URL-safe."""
    return "whsec_" + secrets.token_urlsafe(32)


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def signature(secret: str, timestamp: int, body: bytes | str) -> str:
    """The hex HMAC-SHA256 of ``"{timestamp}.{body}"``."""
    message = str(int(timestamp)).encode("ascii") + b"." + _as_bytes(body)
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes | str, *, timestamp: int | None = None) -> str:
    """The ``Factdesk-Signature`` header value for ``body`` sent now (or at ``timestamp``)."""
    when = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={when},{SCHEME}={signature(secret, when, body)}"


def parse(header: str) -> tuple[int, list[str]]:
    """(timestamp, v1 signatures) from a header value; several v1 values are allowed (secret rotation)."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in (header or "").split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("The signature header's timestamp is not a number.") from None
        elif key == SCHEME:
            signatures.append(value.strip())
    if timestamp is None:
        raise SignatureError("The signature header has no timestamp (t=...).")
    if not signatures:
        raise SignatureError(f"The signature header has no {SCHEME}= signature.")
    return timestamp, signatures


def verify(
    secret: str,
    header: str,
    body: bytes | str,
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> int:
    """Check a request's ``Factdesk-Signature`` against its raw body; return the signed timestamp.

    Raises ``SignatureError`` when no signature matches (a wrong secret or a changed body) or when the
    timestamp is more than ``tolerance`` seconds from now (a replay of an old request).
    """
    timestamp, signatures = parse(header)
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError("The signature does not match the body: wrong secret, or the body was changed.")
    current = time.time() if now is None else now
    if tolerance and abs(current - timestamp) > tolerance:
        raise SignatureError(
            f"The request was signed {int(abs(current - timestamp))} seconds ago, more than the {tolerance} "
            "allowed: it may be a replay."
        )
    return timestamp
