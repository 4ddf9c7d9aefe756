"""One place that makes HTTP requests: limits, redirects checked hop by hop, bounded decoding.

httpx's own timeouts are per phase (a 1 byte / 1.5 s trickle never times out) and its
decoder inflates a gzip body before any cap applies, so this module enforces a total
deadline per response and decodes gzip/deflate itself in bounded steps.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

from govdocs.sources import Politeness, origin_of

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504, 522, 524})


class FetchError(Exception):
    """A fetch that produced no usable response. `retryable` says whether trying again may help."""

    def __init__(self, reason: str, *, retryable: bool):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


@dataclass
class Response:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: list[tuple[str, str]]  # as received, minus transfer/content encodings we undid
    body: bytes  # decoded (gzip/deflate undone)
    fetched_at: datetime
    elapsed_s: float
    redirects: list[str] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


def make_client(politeness: Politeness, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The run's single long-lived client (a new client per page costs ~45 ms here)."""
    timeout = httpx.Timeout(politeness.timeout_s, connect=politeness.connect_timeout_s)
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,  # every hop is checked by fetch()
        headers={"User-Agent": politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
        transport=transport,
        trust_env=False,
        verify=True,  # TLS errors fail closed
    )


def fetch(
    client: httpx.Client,
    url: str,
    *,
    politeness: Politeness,
    allowed_origins: tuple[str, ...],
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """GET `url`, following at most `max_redirects` redirects that stay on allowed origins.

    Raises FetchError with a reason for anything that is not an HTTP response we can keep:
    refused redirect, deadline exceeded, body over the size cap, connection failure.
    """
    redirects: list[str] = []
    current = url
    started = time.monotonic()
    deadline = started + politeness.timeout_s
    while True:
        if origin_of(current) not in allowed_origins:
            raise FetchError(f"refused: {current} is outside the source's allowed origins", retryable=False)
        check_address(current, allowed_origins)
        status, headers, body, req_headers = _get_once(client, current, deadline, politeness.max_bytes, extra_headers)
        if status in (301, 302, 303, 307, 308):
            location = dict((k.lower(), v) for k, v in headers).get("location")
            if not location:
                break
            if len(redirects) >= politeness.max_redirects:
                raise FetchError(f"too many redirects (> {politeness.max_redirects}) from {url}", retryable=False)
            nxt = urljoin(current, location.strip())
            if origin_of(nxt) not in allowed_origins:
                raise FetchError(f"refused redirect from {current} to {nxt}: outside allowed origins", retryable=False)
            redirects.append(nxt)
            current = nxt
            continue
        break
    return Response(
        url=url,
        final_url=current,
        status=status,
        headers=headers,
        body=body,
        fetched_at=datetime.now(timezone.utc),
        elapsed_s=time.monotonic() - started,
        redirects=redirects,
        request_headers=req_headers,
    )


def _is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast


def check_address(url: str, allowed_origins: tuple[str, ...]) -> None:
    """Refuse a host *name* that resolves to a loopback, private or link-local address (a
    public site must not lead the crawler into the local network), unless the source itself
    is configured on such an address (the sample site, `--url http://127.0.0.1:…`)."""
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
        return  # an IP literal was allowed explicitly by the origin check
    except ValueError:
        pass
    if host == "localhost" or any(_origin_is_private(o) for o in allowed_origins):
        return
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return  # unresolvable: the request fails on its own with a clear connect error
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if _is_private(ip):
            raise FetchError(f"refused: {host} resolves to a private address {ip}", retryable=False)


def _origin_is_private(origin: str) -> bool:
    host = urlsplit(origin).hostname or ""
    if host == "localhost":
        return True
    try:
        return _is_private(ipaddress.ip_address(host))
    except ValueError:
        return False


def _get_once(client, url, deadline, max_bytes, extra_headers):
    try:
        request = client.build_request("GET", url, headers=extra_headers or None)
        resp = client.send(request, stream=True)
    except httpx.TimeoutException as exc:
        raise FetchError(f"timeout connecting to or reading from {url}: {type(exc).__name__}", retryable=True) from exc
    except httpx.ConnectError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc):
            # TLS fails closed and is not retried: a bad certificate does not fix itself.
            raise FetchError(f"TLS verification failed for {url}: {exc}", retryable=False) from exc
        raise FetchError(f"cannot connect to {url}: {exc}", retryable=True) from exc
    except httpx.TransportError as exc:
        raise FetchError(f"transport error for {url}: {type(exc).__name__}: {exc}", retryable=True) from exc
    # httpx times out per read, so a trickling server is stopped by a watchdog that closes
    # the stream at the response's deadline.
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), resp.close)
    watchdog.daemon = True
    watchdog.start()
    try:
        encoding = (resp.headers.get("content-encoding") or "identity").strip().lower()
        decoder = _BoundedDecoder(encoding, max_bytes)
        chunks: list[bytes] = []
        for raw in resp.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError(f"deadline exceeded while reading {url}", retryable=True)
            chunks.append(decoder.feed(raw))
        chunks.append(decoder.flush())
        if time.monotonic() > deadline:
            raise FetchError(f"deadline exceeded while reading {url}", retryable=True)
    except (httpx.TransportError, httpx.StreamClosed, OSError, ValueError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError(f"deadline exceeded while reading {url}", retryable=True) from exc
        if isinstance(exc, httpx.TimeoutException):
            raise FetchError(f"timeout reading {url}: {type(exc).__name__}", retryable=True) from exc
        # RemoteProtocolError covers truncated bodies and broken chunking.
        raise FetchError(f"incomplete response from {url}: {type(exc).__name__}: {exc}", retryable=True) from exc
    finally:
        watchdog.cancel()
        resp.close()
    drop = {"content-encoding", "transfer-encoding", "content-length"} if encoding != "identity" else {"transfer-encoding"}
    headers = [(k, v) for k, v in resp.headers.multi_items() if k.lower() not in drop]
    body = b"".join(chunks)
    if encoding != "identity":
        headers.append(("Content-Length", str(len(body))))
    req_headers = list(request.headers.multi_items())
    return resp.status_code, headers, body, req_headers


class _BoundedDecoder:
    """Inflate gzip/deflate in 64 KiB steps so a gzip bomb stops at the cap, not after it."""

    def __init__(self, encoding: str, max_bytes: int):
        self.max_bytes = max_bytes
        self.total = 0
        if encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = zlib.decompressobj()
        elif encoding in ("identity", ""):
            self.z = None
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", retryable=False)

    def _count(self, data: bytes) -> bytes:
        self.total += len(data)
        if self.total > self.max_bytes:
            raise FetchError(f"response larger than the {self.max_bytes}-byte cap", retryable=False)
        return data

    def feed(self, raw: bytes) -> bytes:
        if self.z is None:
            return self._count(raw)
        out = []
        data = raw
        try:
            while data:
                out.append(self._count(self.z.decompress(data, 65536)))
                data = self.z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}", retryable=True) from exc
        return b"".join(out)

    def flush(self) -> bytes:
        if self.z is None:
            return b""
        return self._count(self.z.flush())


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a `Retry-After` header asks for: a non-negative integer, or an HTTP-date;
    None for anything else (`²`, `soon`, a date in the past is 0)."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(int(text))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
