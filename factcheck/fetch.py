"""Server-side HTTP fetches that cannot be turned against the newsroom's own network (SSRF guard).

Every hop (the first request and each redirect) resolves the host, refuses the request unless every
address is public, and then connects to the address it checked: a DNS answer that changes between check
and connect (rebinding) cannot slip through. Decimal, hex and IPv4-mapped IPv6 spellings are caught
because the check runs on resolved addresses, and IPv6 forms that carry an IPv4 address (mapped,
compatible, 6to4, NAT64, Teredo) are judged by that address too. Time and size are bounded: each connect
and read by ``timeout``, the whole body by ``max_bytes`` and by a deadline (a server trickling one byte at
a time cannot hold a worker), decompressed bytes included.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext, gettext_noop

log = logging.getLogger(__name__)

#: Translated when raised (``gettext(NOT_PUBLIC)``), so the refusal reads in the language of whoever sent the URL.
NOT_PUBLIC = gettext_noop("That address is not on the public internet, so Factdesk will not fetch it.")
USER_AGENT = "Factdesk/1.0 (+fact-check desk; contact the newsroom)"
DEFAULT_TIMEOUT = 10.0
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A fetch refused or failed; ``code`` is machine-readable, the message says what to do.

    ``status`` is the HTTP status when the server did answer (e.g. a ``too_large`` body), else None."""

    def __init__(self, code: str, message: str, *, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status


class BlockedAddress(FetchError):
    def __init__(self, message: str):
        super().__init__("blocked_address", message)


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    content_type: str
    body: bytes
    # The validators the server sent, kept by pollers for their next conditional request.
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional request: nothing changed since the validators it had."""
        return self.status == 304


# IPv6 ranges whose addresses carry an IPv4 address in their last 32 bits (IPv4-compatible, SIIT, NAT64
# well-known and local-use prefixes): a gateway may forward them to that IPv4 address.
_V4_IN_LOW_BITS = tuple(ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48"))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if not ip.is_loopback and any(ip in net for net in _V4_IN_LOW_BITS) and int(ip) & 0xFFFFFFFF:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _address_allowed(address: str, *, allow_loopback: bool) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            if ip.ipv4_mapped is not None:
                ip = embedded  # the same host, spelled in IPv6
            elif not _address_allowed(str(embedded), allow_loopback=False):
                return False
    if allow_loopback and ip.is_loopback:
        return True
    return ip.is_global and not ip.is_multicast


def resolve_public(host: str, port: int, *, allow_loopback: bool = False) -> str:
    """Return an address for ``host`` after checking that every address it resolves to is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns", gettext("Could not resolve host %(host)r.") % {"host": host}) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError("dns", gettext("Host %(host)r has no addresses.") % {"host": host})
    blocked = [a for a in addresses if not _address_allowed(a, allow_loopback=allow_loopback)]
    if blocked:
        # What a name resolves to inside our network is for the operator, not for whoever submitted the URL:
        # the log says it, the refusal does not (it would let a caller map internal names to addresses).
        log.warning(
            "fetch refused: %r resolves to a non-public address (%s)",
            host,
            blocked[0],
            extra={"host": host[:255], "address": blocked[0]},
        )
        raise BlockedAddress(gettext(NOT_PUBLIC))
    return addresses[0]


def check_url(url: str) -> tuple[str, str, int]:
    """Validate scheme and host; return (scheme, host, port)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        refusal = gettext("Only http:// and https:// URLs can be fetched, not %(url)r.")
        raise FetchError("bad_scheme", refusal % {"url": url[:80]})
    if not parts.hostname:
        raise FetchError("bad_url", gettext("The URL %(url)r has no host.") % {"url": url[:80]})
    if parts.username or parts.password:
        raise FetchError("bad_url", gettext("URLs with a user name or password are refused."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("bad_url", gettext("The URL %(url)r has an invalid port.") % {"url": url[:80]}) from exc
    return parts.scheme, parts.hostname, port


def _pool(scheme: str, host: str, address: str, port: int, timeout: float):
    kwargs = {"timeout": urllib3.Timeout(connect=timeout, read=timeout), "retries": False, "maxsize": 1}
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **kwargs,
        )
    return urllib3.HTTPConnectionPool(address, port, **kwargs)


def guarded_fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = DEFAULT_TIMEOUT,
    method: str = "GET",
    allow_loopback: bool | None = None,
    headers: Mapping[str, str] | None = None,
) -> FetchResult:
    """Fetch ``url`` following at most MAX_REDIRECTS redirects, each re-checked; read at most ``max_bytes``.

    Each connect and each read waits at most ``timeout`` seconds; reading the body stops after
    ``timeout`` x 3 in all (FetchError "timeout"), however slowly the server sends it. ``headers`` are
    sent on every hop beside ours (``Host`` and ``User-Agent`` cannot be replaced).
    """
    if allow_loopback is None:
        allow_loopback = settings.FACTDESK["ALLOW_LOOPBACK_FETCH"]
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port = check_url(url)
        address = resolve_public(host, port, allow_loopback=allow_loopback)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = 443 if scheme == "https" else 80
        host_header = host if port == default_port else f"{host}:{port}"
        pool = _pool(scheme, host, address, port, timeout)
        try:
            response = pool.urlopen(
                method,
                target,
                headers={"Accept": "*/*", **(headers or {}), "Host": host_header, "User-Agent": USER_AGENT},
                redirect=False,
                preload_content=False,
                retries=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            failure = gettext("Could not fetch %(url)s: %(error)s.")
            raise FetchError("unreachable", failure % {"url": url[:120], "error": exc.__class__.__name__}) from exc
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            body = (
                _read_bounded(response, max_bytes, deadline=time.monotonic() + 3 * timeout, url=url)
                if (method != "HEAD")
                else b""
            )
        except urllib3.exceptions.HTTPError as exc:
            failure = gettext("Reading %(url)s failed: %(error)s.")
            raise FetchError("unreachable", failure % {"url": url[:120], "error": exc.__class__.__name__}) from exc
        finally:
            response.release_conn()
            pool.close()
        if len(body) > max_bytes:
            refusal = gettext("The page at %(url)s is larger than %(limit)s bytes.")
            limit = formats.number_format(max_bytes, force_grouping=True)
            raise FetchError("too_large", refusal % {"url": url[:120], "limit": limit}, status=response.status)
        return FetchResult(
            url,
            response.status,
            response.headers.get("Content-Type", ""),
            body,
            etag=(response.headers.get("ETag") or "")[:500],
            last_modified=(response.headers.get("Last-Modified") or "")[:100],
        )
    refusal = gettext("More than %(count)s redirects from %(url)s.")
    raise FetchError("too_many_redirects", refusal % {"count": MAX_REDIRECTS, "url": url[:120]})


def conditional_fetch(
    url: str, *, etag: str = "", last_modified: str = "", max_bytes: int, timeout: float = DEFAULT_TIMEOUT
) -> FetchResult:
    """A GET that sends back the validators of the last answer (``If-None-Match``, ``If-Modified-Since``).

    A server with nothing new answers 304 (``result.not_modified``, empty body): one request, nothing to
    read or parse. Without validators it is a plain guarded GET. Validators carrying a line break or a
    control character (never sent by an honest server) are dropped rather than sent.
    """
    conditions = {
        name: value
        for name, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified))
        if value and value.isprintable()
    }
    return guarded_fetch(url, max_bytes=max_bytes, timeout=timeout, headers=conditions)


def _read_bounded(response, max_bytes: int, *, deadline: float, url: str) -> bytes:
    """At most ``max_bytes + 1`` decoded bytes, read in chunks, before ``deadline``."""
    chunks, size = [], 0
    while size <= max_bytes:
        if time.monotonic() > deadline:
            failure = gettext("Reading %(url)s took too long; the server sends too slowly.")
            raise FetchError("timeout", failure % {"url": url[:120]}, status=response.status)
        chunk = response.read1(min(65536, max_bytes + 1 - size), decode_content=True)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def guarded_post(
    url: str,
    *,
    body: bytes,
    headers: Mapping[str, str],
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = 64 * 1024,
    allow_loopback: bool | None = None,
) -> FetchResult:
    """POST ``body`` to ``url`` through the same guard as a fetch (webhooks): one hop, no redirect followed.

    A redirect is returned as it came (a 3xx result): a webhook receiver that moves must be registered at
    its new address, and re-sending a signed body to wherever a server points would defeat the check. The
    answer's body (kept for the delivery log) is read like a fetched page: at most ``max_bytes``, before
    the deadline; ``Host`` and ``User-Agent`` are ours whatever ``headers`` say.
    """
    if allow_loopback is None:
        allow_loopback = settings.FACTDESK["ALLOW_LOOPBACK_FETCH"]
    scheme, host, port = check_url(url)
    address = resolve_public(host, port, allow_loopback=allow_loopback)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = host if port == (443 if scheme == "https" else 80) else f"{host}:{port}"
    pool = _pool(scheme, host, address, port, timeout)
    try:
        response = pool.urlopen(
            "POST",
            target,
            body=body,
            headers={**headers, "Host": host_header, "User-Agent": USER_AGENT},
            redirect=False,
            preload_content=False,
            retries=False,
        )
    except urllib3.exceptions.HTTPError as exc:
        pool.close()
        failure = gettext("Could not reach %(url)s: %(error)s.")
        raise FetchError("unreachable", failure % {"url": url[:120], "error": exc.__class__.__name__}) from exc
    try:
        answer = _read_bounded(response, max_bytes, deadline=time.monotonic() + 3 * timeout, url=url)
    except urllib3.exceptions.HTTPError as exc:
        failure = gettext("Reading the answer from %(url)s failed: %(error)s.")
        raise FetchError("unreachable", failure % {"url": url[:120], "error": exc.__class__.__name__}) from exc
    finally:
        response.release_conn()
        pool.close()
    return FetchResult(url, response.status, response.headers.get("Content-Type", ""), answer[:max_bytes])
