"""SSRF: every server-side fetch (URL ingestion, the evidence link checker) goes through
``factcheck.fetch.guarded_fetch``, which must refuse every non-public address however it is spelled, on
the first hop and on every redirect, and bound each fetch in time and size.

No test here sends a packet off this machine: refused addresses are refused before any connection, and
``no_traffic_off_loopback`` fails a test at the first attempt to connect elsewhere. The loopback server
is allowed explicitly, for its own address and port only (``first_hop_only``). URL ingestion's own
redirect cases live in tests/unit/ingestion/test_fetch_local.py; the link checker's in test_linkcheck.py.
"""

import socket
import time

import pytest

from factcheck.articles.models import Article
from factcheck.articles.services import ingest_url
from factcheck.fetch import BlockedAddress, FetchError, guarded_fetch, resolve_public
from factcheck.inputs import IngestError

# (URL, what it is). Every one must be refused as a blocked address with loopback NOT allowed.
BLOCKED = [
    # loopback, every spelling
    ("http://127.0.0.1/", "IPv4 loopback"),
    ("http://127.0.0.2:8080/admin/", "IPv4 loopback, another address and port"),
    ("http://localhost/", "localhost"),
    ("http://[::1]/", "IPv6 loopback"),
    ("http://[0:0:0:0:0:0:0:1]:8000/", "IPv6 loopback, long form"),
    ("http://2130706433/", "127.0.0.1 as a decimal integer"),
    ("http://0x7f000001/", "127.0.0.1 as a hex integer"),
    ("http://017700000001/", "127.0.0.1 as an octal integer"),
    ("http://0x7f.1/", "127.0.0.1, hex and shortened"),
    ("http://0177.0.0.1/", "127.0.0.1, octal first octet"),
    ("http://127.1/", "127.0.0.1, shortened"),
    ("http://127.000.000.001/", "127.0.0.1, zero-padded"),
    # IPv6 forms that carry an IPv4 address
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped loopback"),
    ("http://[::ffff:7f00:1]/", "IPv4-mapped loopback, hex"),
    ("http://[::ffff:10.0.0.1]/", "IPv4-mapped private"),
    ("http://[::ffff:169.254.169.254]/", "IPv4-mapped metadata"),
    ("http://[::127.0.0.1]/", "IPv4-compatible loopback"),
    ("http://[::ffff:0:a00:1]/", "SIIT-translated private"),
    ("http://[64:ff9b::a9fe:a9fe]/", "NAT64 of the metadata address"),
    ("http://[2002:a9fe:a9fe::1]/", "6to4 of the metadata address"),
    ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "Teredo"),
    # private ranges
    ("http://10.0.0.1/", "10/8"),
    ("http://10.255.255.254:6379/", "10/8, a Redis port"),
    ("http://172.16.0.1/", "172.16/12"),
    ("http://172.31.255.254/", "172.16/12, top"),
    ("http://192.168.1.1/", "192.168/16"),
    ("http://167772161/", "10.0.0.1 as a decimal integer"),
    ("http://0x0a000001/", "10.0.0.1 as a hex integer"),
    ("http://[fd00::1]/", "IPv6 unique local"),
    ("http://[fc00::1]/", "IPv6 unique local (fc)"),
    # link-local, cloud metadata
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://169.254.0.1/", "link-local"),
    ("http://2852039166/", "169.254.169.254 as a decimal integer"),
    ("http://0xa9fea9fe/", "169.254.169.254 as a hex integer"),
    ("http://0xA9.0xFE.0xA9.0xFE/", "169.254.169.254, hex octets"),
    ("http://0251.0376.0251.0376/", "169.254.169.254, octal octets"),
    ("http://[fe80::1]/", "IPv6 link-local"),
    # carrier-grade NAT
    ("http://100.64.0.1/", "CGNAT 100.64/10"),
    ("http://100.127.255.254/", "CGNAT, top"),
    # unspecified, multicast, broadcast, reserved, documentation
    ("http://0.0.0.0/", "unspecified"),
    ("http://0/", "unspecified, shortened"),
    ("http://[::]/", "IPv6 unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "IPv6 multicast"),
    ("http://255.255.255.255/", "broadcast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://198.18.0.1/", "benchmarking"),
    ("http://192.0.2.1/", "documentation"),
]

# Refused before any address is looked up: wrong scheme, credentials in the URL, no host.
REFUSED_URLS = [
    ("file:///etc/passwd", "bad_scheme"),
    ("gopher://127.0.0.1:6379/_FLUSHALL", "bad_scheme"),
    ("ftp://10.0.0.1/", "bad_scheme"),
    ("dict://127.0.0.1:11211/stats", "bad_scheme"),
    ("javascript:alert(1)", "bad_scheme"),
    ("data:text/html,<script>alert(1)</script>", "bad_scheme"),
    ("http://user:pass@example.org/", "bad_url"),
    ("http://example.org@127.0.0.1/", "bad_url"),
    ("http:///path-only", "bad_url"),
    ("http://example.org:99999/", "bad_url"),
]

# Where the local server redirects to; each must be refused when the redirect is followed.
REDIRECT_TARGETS = [
    "http://10.0.0.5/secret",
    "http://192.168.0.1/",
    "http://172.20.0.1/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://2852039166/",
    "http://0xa9fea9fe/",
    "http://100.64.0.1/",
    "http://localhost/",
    "http://127.0.0.2/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fd00::1]/",
    "http://0.0.0.0/",
]


@pytest.fixture(autouse=True)
def _offline(no_traffic_off_loopback):
    """Every test in this module runs with the off-loopback tripwire."""


@pytest.mark.parametrize(("url", "what"), BLOCKED, ids=[w for _, w in BLOCKED])
def test_non_public_addresses_are_refused_in_every_spelling(url, what):
    with pytest.raises(BlockedAddress) as err:
        guarded_fetch(url, max_bytes=1024, allow_loopback=False, timeout=1)
    assert err.value.code == "blocked_address" and str(err.value) == NOT_PUBLIC


NOT_PUBLIC = "That address is not on the public internet, so Factdesk will not fetch it."


def test_a_refusal_names_no_internal_address_but_the_log_does(fake_dns, caplog):
    """Whoever submits a URL learns only that it is not public: what a name resolves to inside the newsroom's
    network (a map of it, for an attacker probing names) goes to the server log for the operator."""
    fake_dns["intranet.test"] = ["10.1.2.3"]
    for url in ("http://intranet.test/", "http://localhost/", "http://[::ffff:10.0.0.1]/"):
        with caplog.at_level("WARNING", logger="factcheck.fetch"), pytest.raises(BlockedAddress) as err:
            guarded_fetch(url, max_bytes=10, allow_loopback=False, timeout=1)
        message = str(err.value)
        assert message == NOT_PUBLIC
        for leak in ("10.1.2.3", "127.0.0.1", "::1", "10.0.0.1", "intranet", "localhost", "resolves"):
            assert leak not in message, (url, message)
    logged = caplog.text
    assert "10.1.2.3" in logged and "intranet.test" in logged and "localhost" in logged


@pytest.mark.parametrize(("url", "code"), REFUSED_URLS)
def test_wrong_schemes_and_credentials_are_refused(url, code):
    with pytest.raises(FetchError) as err:
        guarded_fetch(url, max_bytes=1024, allow_loopback=True, timeout=1)
    assert err.value.code == code


def test_loopback_needs_an_explicit_allowance(server, settings):
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": False}
    with pytest.raises(BlockedAddress):
        guarded_fetch(f"{server}/ok", max_bytes=1024)
    settings.FACTDESK = {**settings.FACTDESK, "ALLOW_LOOPBACK_FETCH": True}
    assert guarded_fetch(f"{server}/ok", max_bytes=1024).status == 200


def test_allowing_loopback_allows_nothing_private():
    for url in (
        "http://10.0.0.1/",
        "http://169.254.169.254/",
        "http://100.64.0.1/",
        "http://[::ffff:10.0.0.1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[fd00::1]/",
    ):
        with pytest.raises(BlockedAddress):
            guarded_fetch(url, max_bytes=10, allow_loopback=True, timeout=1)


# --- names that resolve to private addresses (DNS answers stubbed: no query leaves the machine) -------


@pytest.fixture
def fake_dns(monkeypatch):
    answers: dict[str, list] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            result = answers[host]
            if callable(result):
                result = result()
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in result
            ]
        if host.endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.1.2.3"],
        ["169.254.169.254"],
        ["100.100.100.200"],
        ["fd12::1"],
        ["::ffff:192.168.0.1"],
        ["93.184.215.14", "10.0.0.7"],  # one public answer does not excuse a private one
    ],
)
def test_a_name_resolving_to_a_private_address_is_refused(fake_dns, addresses):
    fake_dns["intranet.test"] = addresses
    with pytest.raises(BlockedAddress):
        guarded_fetch("http://intranet.test/", max_bytes=10, allow_loopback=False, timeout=1)


def test_unknown_names_are_a_clear_error(fake_dns):
    with pytest.raises(FetchError) as err:
        guarded_fetch("http://no-such-host.test/", max_bytes=10, timeout=1)
    assert err.value.code == "dns"


def test_the_checked_address_is_the_one_connected_to(fake_dns, server, no_traffic_off_loopback):
    """DNS rebinding: the name answers loopback when checked and a private address afterwards; the fetch
    connects to the address it checked, and the server sees the original Host header."""
    port = int(server.rsplit(":", 1)[1])
    calls = []

    def rebinding():
        calls.append(1)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.0.0.9"]

    fake_dns["rebind.test"] = rebinding
    result = guarded_fetch(f"http://rebind.test:{port}/ok", max_bytes=1024, allow_loopback=True, timeout=2)
    assert result.status == 200 and len(calls) == 1
    assert no_traffic_off_loopback == ["127.0.0.1"]


def test_resolve_public_returns_an_address_it_checked(fake_dns):
    fake_dns["public.test"] = ["93.184.215.14"]
    assert resolve_public("public.test", 80) == "93.184.215.14"


# --- redirects -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_into_non_public_addresses_are_refused(first_hop_only, target, status):
    from urllib.parse import quote

    with pytest.raises(BlockedAddress):
        guarded_fetch(
            f"{first_hop_only}/redirect?status={status}&to={quote(target, safe='')}", max_bytes=1024, timeout=2
        )


def test_a_chain_ending_in_the_metadata_address_is_refused(first_hop_only):
    with pytest.raises(BlockedAddress):
        guarded_fetch(f"{first_hop_only}/chain/3?to=http://169.254.169.254/", max_bytes=1024, timeout=2)


def test_redirect_to_another_scheme_is_refused(first_hop_only):
    with pytest.raises(FetchError) as err:
        guarded_fetch(f"{first_hop_only}/redirect?to=file:///etc/passwd", max_bytes=1024, timeout=2)
    assert err.value.code == "bad_scheme"


def test_redirects_within_the_allowed_server_are_followed_and_bounded(first_hop_only):
    assert guarded_fetch(f"{first_hop_only}/chain/3", max_bytes=1024, timeout=2).status == 200
    with pytest.raises(FetchError) as err:
        guarded_fetch(f"{first_hop_only}/loop", max_bytes=1024, timeout=2)
    assert err.value.code == "too_many_redirects"


def test_a_redirect_to_the_same_server_on_another_loopback_spelling_is_refused(first_hop_only):
    port = first_hop_only.rsplit(":", 1)[1]
    for other in (f"http://localhost:{port}/ok", f"http://[::1]:{port}/ok", f"http://2130706433:{port}/ok"):
        with pytest.raises(BlockedAddress):
            guarded_fetch(f"{first_hop_only}/redirect?to={other}", max_bytes=1024, timeout=2)


# --- time and size -------------------------------------------------------------------------------------


@pytest.mark.slow  # waits on real sockets, a time budget, a subprocess or a latency sample
def test_a_stalling_server_is_given_up_on_within_the_timeout(first_hop_only):
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        guarded_fetch(f"{first_hop_only}/stall?seconds=5", max_bytes=1024, timeout=0.5)
    assert time.monotonic() - started < 2.0
    assert err.value.code == "unreachable"


@pytest.mark.slow  # waits on real sockets, a time budget, a subprocess or a latency sample
def test_a_trickling_server_cannot_hold_the_fetch(first_hop_only):
    """Each read gets a byte in time, so only the overall deadline (3 x timeout) stops it."""
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        guarded_fetch(f"{first_hop_only}/trickle", max_bytes=100_000, timeout=0.5)
    assert err.value.code == "timeout" and err.value.status == 200
    assert time.monotonic() - started < 3.0


@pytest.mark.parametrize("path", ["/big", "/big-declared?size=3000000", "/gzip-bomb"])
def test_a_body_over_max_bytes_is_refused(first_hop_only, path):
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        guarded_fetch(f"{first_hop_only}{path}", max_bytes=256 * 1024, timeout=2)
    assert err.value.code == "too_large" and "262,144 bytes" in str(err.value)
    assert time.monotonic() - started < 3.0


def test_a_body_at_the_limit_is_accepted(first_hop_only):
    result = guarded_fetch(f"{first_hop_only}/big-declared?size=4096", max_bytes=4096, timeout=2)
    assert result.status == 200 and len(result.body) == 4096


def test_head_reads_no_body(first_hop_only):
    result = guarded_fetch(f"{first_hop_only}/big-declared?size=3000000", method="HEAD", max_bytes=0, timeout=2)
    assert result.status == 200 and result.body == b""


# --- the ingestion paths: the same guard, nothing stored -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:10.0.0.1]/",
        "http://0x7f000001/",
        "http://100.64.0.1/",
    ],
)
def test_url_ingestion_refuses_and_stores_nothing(url):
    with pytest.raises(IngestError) as err:
        ingest_url(url)
    assert err.value.code == "blocked_address"
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_api_url_submission_refuses_private_addresses(users, first_hop_only, committed):
    """A non-public host is refused in the request (400, nothing stored); a redirect into the private network
    is met by the fetch, which runs in a task: the row it stored first ends failed, with no text."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["editor"])
    for url in ("http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        response = client.post("/api/v1/articles/", {"url": url}, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["code"] == "blocked_address" and response.json()["detail"] == NOT_PUBLIC
    assert Article.objects.count() == 0
    with committed():
        response = client.post(
            "/api/v1/articles/", {"url": f"{first_hop_only}/redirect?to=http://10.0.0.5/"}, format="json"
        )
    assert response.status_code == 202, response.content
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and article.error == NOT_PUBLIC
    assert article.raw_text == "" and article.claims.count() == 0
