"""Hostile servers against fetch(): deadlines that hold, typed errors, redirects, SSRF.

Faults a mock cannot produce (header trickle, 1xx flood, truncation, resets, rebinding onto a
real socket) use real loopback sockets; pure policy uses httpx.MockTransport.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import time
import zlib
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest

from govdocs.fetch.client import (
    FetchError,
    FetchErrorKind,
    fetch,
    is_public_address,
    make_client,
    retry_after_seconds,
)
from govdocs.sources import Politeness, origin_of
from tests import loopback

POL = Politeness(delay_s=0.0, timeout_s=1.0, connect_timeout_s=1.0, retries=0)


def get(base: str, path: str, pol: Politeness = POL, origins: tuple[str, ...] | None = None):
    with make_client(pol) as client:
        return fetch(client, base + path.lstrip("/"), politeness=pol, allowed_origins=origins or (origin_of(base),))


def timed_error(base: str, path: str, pol: Politeness = POL) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        get(base, path, pol)
    return info.value, time.monotonic() - started


# -- deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route", [loopback.header_trickle, loopback.informational_flood], ids=["header-trickle", "1xx-flood"]
)
def test_the_total_deadline_covers_status_line_headers_and_1xx(route):
    with loopback.serve({"/slow": route()}) as (base, _):
        err, took = timed_error(base, "/slow")
    assert err.kind is FetchErrorKind.TIMEOUT and "deadline" in err.reason
    assert took < POL.timeout_s + 1.0


def test_a_body_trickle_stops_at_the_deadline():
    with loopback.serve({"/slow": loopback.trickle(total=100, every=0.05)}) as (base, _):
        err, took = timed_error(base, "/slow")
    assert err.kind is FetchErrorKind.TIMEOUT and took < POL.timeout_s + 1.0


# -- error kinds decide retries -------------------------------------------------------------


@pytest.mark.parametrize(
    "route,kind",
    [
        (loopback.truncated, FetchErrorKind.TRUNCATED),
        (loopback.reset_mid_body, FetchErrorKind.RESET),
        (loopback.broken_chunked, FetchErrorKind.PROTOCOL),
        (lambda: loopback.raw_response(b"HTTP/1.1 abc OK\r\n\r\n"), FetchErrorKind.PROTOCOL),
    ],
    ids=["truncated", "reset", "broken-chunked", "bad-status-line"],
)
def test_transport_faults_have_kinds_and_only_transient_ones_retry(route, kind):
    with loopback.serve({"/x": route()}) as (base, _):
        err, _took = timed_error(base, "/x")
    assert err.kind is kind
    assert err.retryable is (kind in (FetchErrorKind.TRUNCATED, FetchErrorKind.RESET))


def test_corrupt_gzip_is_not_retried():
    bad = gzip.compress(b"<html>" * 1000)[:40] + b"\xff" * 40

    def route(h):
        loopback.send(h, 200, bad, headers={"Content-Encoding": "gzip"})

    with loopback.serve({"/x": route}) as (base, _):
        err, _took = timed_error(base, "/x")
    assert err.kind is FetchErrorKind.BAD_ENCODING and not err.retryable


# -- redirects: a bad Location is a reason, never a ValueError --------------------------------


def mock_get(
    handler,
    url: str = "http://www.gov.example/a.html",
    origins=("http://www.gov.example:80",),
    pol: Politeness = POL,
    **kw,
):
    with make_client(pol, transport=httpx.MockTransport(handler)) as client:
        return fetch(client, url, politeness=pol, allowed_origins=origins, **kw)


@pytest.mark.parametrize("location", ["x:y", "http://127.0.0.1:99999/", "http://h:+80/", "http://[::1/"])
def test_a_malformed_location_is_a_fetch_error(location):
    with pytest.raises(FetchError) as info:
        mock_get(lambda r: httpx.Response(302, headers={"Location": location}))
    assert info.value.kind in (FetchErrorKind.BAD_URL, FetchErrorKind.REFUSED_ORIGIN)
    assert not info.value.retryable


def test_a_relative_non_ascii_location_is_followed_encoded():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path.endswith("a.html"):
            return httpx.Response(302, headers=[(b"Location", "/zwgk/附件1.pdf".encode())])
        return httpx.Response(200, content=b"%PDF-1.4")

    resp = mock_get(handler)
    assert resp.final_url == "http://www.gov.example/zwgk/%E9%99%84%E4%BB%B61.pdf"
    assert seen[-1] == resp.final_url


def test_redirect_off_the_allowed_origins_is_refused():
    with pytest.raises(FetchError) as info:
        mock_get(lambda r: httpx.Response(301, headers={"Location": "http://127.0.0.1:8080/admin"}))
    assert info.value.kind is FetchErrorKind.REFUSED_ORIGIN


def test_redirect_loops_stop_at_max_redirects():
    with pytest.raises(FetchError) as info:
        mock_get(lambda r: httpx.Response(302, headers={"Location": "/a.html?x=" + r.url.query.decode() + "1"}))
    assert info.value.kind is FetchErrorKind.TOO_MANY_REDIRECTS


def test_conditional_headers_are_sent():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(304)

    resp = mock_get(handler, extra_headers={"If-None-Match": '"abc"'})
    assert resp.status == 304 and seen["if-none-match"] == '"abc"'


def test_oversize_truncate_cuts_at_the_cap():
    pol = replace(POL, max_bytes=10)
    resp = mock_get(lambda r: httpx.Response(200, content=b"x" * 100), pol=pol, oversize="truncate")
    assert resp.body == b"x" * 10 and resp.truncated
    with pytest.raises(FetchError) as info:
        mock_get(lambda r: httpx.Response(200, content=b"x" * 100), pol=pol)
    assert info.value.kind is FetchErrorKind.TOO_LARGE


# -- Retry-After ------------------------------------------------------------------------------

NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Thu, 01 Jan 2026 12:00:30 GMT", 30.0),
        ("Wed, 31 Dec 2025 12:00:00 GMT", 0.0),  # in the past
        ("99999999999999999999", 86_400.0),
        ("9" * 5000, 86_400.0),  # int() refuses > 4300 digits
        ("²", None),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Thu, 99 Foo 2026 99:99:99 GMT", None),
    ],
)
def test_retry_after_seconds(value, expected):
    assert retry_after_seconds(value, NOW) == expected


# -- SSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "100.100.100.200",
        "100.64.0.1",
        "192.0.0.8",
        "2002:a00:1::",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "fd00::1",
        "::1",
        "224.0.1.1",
        "0.0.0.0",
    ],
)
def test_non_public_addresses(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "2002:808:808::", "192.0.0.9"])
def test_public_addresses(address):
    assert is_public_address(ipaddress.ip_address(address))


@pytest.fixture
def fake_dns(monkeypatch):
    """DNS answers per host name (there is no internet here); literals resolve as usual.
    Connections to non-loopback literals are refused at once instead of leaving the machine."""
    real_dns, real_connect = socket.getaddrinfo, socket.create_connection
    answers: dict[str, list[str]] = {}

    def getaddrinfo(host, *a, **kw):
        if host in answers:
            return real_dns(answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0], *a, **kw)
        return real_dns(host, *a, **kw)

    def create_connection(address, *a, **kw):
        try:
            literal = ipaddress.ip_address(address[0])
        except ValueError:
            return real_connect(address, *a, **kw)
        if not literal.is_loopback:
            raise ConnectionRefusedError(f"test network: no route to {literal}")
        return real_connect(address, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return answers


def test_dns_rebinding_cannot_reach_the_local_network(fake_dns):
    # First answer public (passes the check), then loopback (what a rebinding server does).
    fake_dns["rebind.example"] = ["8.8.8.8", "127.0.0.1"]
    with loopback.serve({"/secret": loopback.html("internal")}) as (base, log):
        port = base.rsplit(":", 1)[1].strip("/")
        url = f"http://rebind.example:{port}/"
        with pytest.raises(FetchError) as info:
            get(url, "/secret", origins=(origin_of(url),))
    assert log == []  # the connection went to the address that was checked
    assert info.value.kind is FetchErrorKind.CONNECT


def test_a_private_literal_origin_allows_exactly_that_origin(fake_dns):
    with loopback.serve({"/p": loopback.html("ok")}) as (base, log):
        port = base.rsplit(":", 1)[1].strip("/")
        fake_dns["intranet.example"] = ["127.0.0.1"]
        other = f"http://intranet.example:{port}/"
        origins = (origin_of(base), origin_of(other))
        assert get(base, "/p", origins=origins).status == 200  # the configured literal origin
        with pytest.raises(FetchError) as info:  # another host on the same private address
            get(other, "/p", origins=origins)
    assert info.value.kind is FetchErrorKind.REFUSED_ADDRESS
    assert len(log) == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/", "http://h:+80/", "x:y", "http://[::1/"])
def test_a_malformed_url_is_a_fetch_error(url):
    with make_client(POL) as client, pytest.raises(FetchError) as info:
        fetch(client, url, politeness=POL, allowed_origins=("http://h:80",))
    assert info.value.kind is FetchErrorKind.BAD_URL


def test_a_slow_resolver_is_bounded_by_the_deadline(monkeypatch):
    real = socket.getaddrinfo

    def slow_dns(host, *a, **kw):
        if host == "slow.example":
            time.sleep(5)
        return real(host, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", slow_dns)
    started = time.monotonic()
    with make_client(POL) as client, pytest.raises(FetchError) as info:
        fetch(client, "http://slow.example/", politeness=POL, allowed_origins=("http://slow.example:80",))
    assert info.value.kind is FetchErrorKind.TIMEOUT
    assert time.monotonic() - started < POL.timeout_s + 1.0


def test_a_tls_handshake_that_never_answers_is_bounded_by_the_deadline():
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never speaks TLS
    try:
        port = listener.getsockname()[1]
        started = time.monotonic()
        with make_client(POL) as client, pytest.raises(FetchError) as info:
            fetch(client, f"https://127.0.0.1:{port}/", politeness=POL, allowed_origins=(f"https://127.0.0.1:{port}",))
        assert info.value.kind is FetchErrorKind.TIMEOUT
        assert time.monotonic() - started < POL.timeout_s + 1.0
    finally:
        listener.close()


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_with_and_without_the_zlib_header(wbits):
    page = "<html>政府信息公开</html>".encode() * 50
    z = zlib.compressobj(wbits=wbits)
    body = z.compress(page) + z.flush()

    def route(h):
        loopback.send(h, 200, body, headers={"Content-Encoding": "deflate"})

    with loopback.serve({"/x": route}) as (base, _):
        assert get(base, "/x").body == page


def test_every_checked_address_is_tried_in_order(monkeypatch):
    # The first address refuses (as an AAAA does without IPv6 here): the next one is tried.
    import govdocs.fetch.client as client

    resolved = []

    def resolve(host, port):
        resolved.append(host)
        return [ipaddress.ip_address("127.0.0.2"), ipaddress.ip_address("127.0.0.1")]  # served on .1 only

    monkeypatch.setattr(client, "_resolve", resolve)
    with loopback.serve({"/p": loopback.html("ok")}) as (base, log):
        url = base.replace("127.0.0.1", "localhost")
        assert get(url, "/p", origins=(origin_of(url),)).status == 200
    assert resolved == ["localhost"] and len(log) == 1


def test_undone_encodings_leave_the_headers():
    page = b"<html>ok</html>"
    resp = mock_get(lambda r: httpx.Response(200, content=gzip.compress(page), headers={"Content-Encoding": "gzip"}))
    assert resp.body == page
    assert resp.header("content-encoding") is None and resp.header("content-length") == str(len(page))
    route_body = gzip.compress(page)

    def route(h):
        loopback.send(h, 200, route_body, headers={"Content-Encoding": "gzip"})

    with loopback.serve({"/x": route}) as (base, _):
        real = get(base, "/x")
    assert real.body == page and real.header("content-encoding") is None
    assert real.header("content-length") == str(len(page))
