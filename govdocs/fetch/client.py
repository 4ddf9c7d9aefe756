"""One place that makes HTTP requests: limits, redirects checked hop by hop, bounded decoding.

httpx's own timeouts are per phase (a server trickling its headers one byte at a time, or
sending `100 Continue` forever, never times out) and it resolves host names itself, after any
check we could make. So the client's connections go through `GuardedBackend`, an httpcore
network backend that

- resolves each host once, refuses addresses that are not public (unless the source is
  configured on exactly that private origin) and connects to the address it checked, so a
  DNS answer that changes between check and connect (rebinding) cannot reach the local net;
- caps every connect, TLS handshake, read and write at what is left of the fetch's total
  deadline, so connect + TLS + status line + headers + 1xx floods + body fit in `timeout_s`.

gzip/deflate are decoded here in bounded steps (httpx inflates a whole chunk before any cap).

Errors are `FetchError`s with a `FetchErrorKind`; the crawl retries exactly the kinds in
`RETRYABLE_KINDS` (timeouts, connect failures, resets, truncated responses) and the statuses
in `RETRYABLE_STATUS` (408, 429, 5xx) — Scrapy's list. Protocol errors (broken chunking,
bad status lines), corrupt or unknown content encodings, TLS failures, refusals and bad URLs
are not retried: the server would send the same thing again.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpcore
import httpx

from govdocs.sources import Politeness, origin_of
from govdocs.urls import InvalidURL, to_uri

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
MAX_RETRY_AFTER_S = 86_400.0  # a Retry-After beyond a day is read as a day

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchErrorKind(enum.Enum):
    TIMEOUT = "timeout"  # the total deadline (or a phase timeout) ran out
    CONNECT = "connect"  # refused, unreachable, name not resolved
    RESET = "reset"  # connection reset while sending or reading
    TRUNCATED = "truncated"  # the server closed before the end of the response
    PROTOCOL = "protocol"  # malformed HTTP (bad chunking, bad status line, header flood)
    TLS = "tls"  # certificate or handshake failure: fail closed
    TOO_LARGE = "too_large"  # decoded body over the size cap
    BAD_ENCODING = "bad_encoding"  # corrupt gzip/deflate, or an encoding we did not ask for
    BAD_URL = "bad_url"  # the URL or a redirect's Location is not a valid http(s) URL
    REFUSED_ORIGIN = "refused_origin"  # outside the source's allowed origins
    REFUSED_ADDRESS = "refused_address"  # resolves to a non-public address
    TOO_MANY_REDIRECTS = "too_many_redirects"


RETRYABLE_KINDS = frozenset(
    {FetchErrorKind.TIMEOUT, FetchErrorKind.CONNECT, FetchErrorKind.RESET, FetchErrorKind.TRUNCATED}
)


class FetchError(Exception):
    """A fetch that produced no usable response; `reason` is the recorded text, `kind` the type."""

    def __init__(self, reason: str, kind: FetchErrorKind):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE_KINDS


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
    truncated: bool = False  # body cut at the cap (only when fetch(oversize="truncate"))

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (RFC 9110 §10.2.3): delay-seconds or an
    HTTP-date (a past date → 0). Anything else (`²`, `-5`, `1.5`, `soon`) → None; values
    beyond a day are clamped to MAX_RETRY_AFTER_S. `now` (timezone-aware) defaults to now."""
    if value is None:
        return None
    now = now or datetime.now(UTC)
    text = value.strip()
    if re.fullmatch(r"[0-9]+", text):  # ASCII digits only: '²'.isdigit() is True
        return MAX_RETRY_AFTER_S if len(text) > 9 else min(float(int(text)), MAX_RETRY_AFTER_S)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER_S)


# ---------------------------------------------------------------------------------------
# Address policy and the guarded network backend


def is_public_address(ip: IPAddress) -> bool:
    """Globally routable unicast. `is_global` alone misses multicast, IPv4 embedded in IPv6
    (6to4 2002::/16, NAT64 64:ff9b::/96, mapped ::ffff:0:0/96) and, before Python 3.12.4,
    192.0.0.0/24 (IANA special-purpose registry)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public_address(embedded):
            return False
    elif ip in _IETF_PROTOCOL and ip not in _IETF_GLOBAL:
        return False
    return ip.is_global and not ip.is_multicast


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IETF_PROTOCOL = ipaddress.IPv4Network("192.0.0.0/24")
_IETF_GLOBAL = (ipaddress.IPv4Address("192.0.0.9"), ipaddress.IPv4Address("192.0.0.10"))


def private_origins(allowed_origins: Iterable[str]) -> frozenset[tuple[str, int]]:
    """(host, port) of the allowed origins configured on a private literal or localhost (the
    sample site, `--url http://127.0.0.1:…`): exactly those may connect to private addresses."""
    out = set()
    for origin in allowed_origins:
        scheme_host, _, port = origin.rpartition(":")
        host = scheme_host.split("://", 1)[-1].strip("[]")
        if host == "localhost" or not _is_public_literal(host):
            out.add((host, int(port)))
    return frozenset(out)


def _is_public_literal(host: str) -> bool:
    try:
        return is_public_address(ipaddress.ip_address(host))
    except ValueError:
        return True  # a name: its addresses are checked when it is resolved


@dataclass
class _Exchange:
    """What the backend needs to know about the fetch running in this thread."""

    deadline: float
    private_ok: frozenset[tuple[str, int]]
    peer_closed: bool = False  # the server closed or reset the connection during this fetch


_EXCHANGE: contextvars.ContextVar[_Exchange | None] = contextvars.ContextVar("govdocs_fetch", default=None)


def _resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses (the seam tests patch through socket.getaddrinfo)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _remaining(timeout: float | None, error: type[Exception]) -> float | None:
    """The phase timeout capped at what is left of the fetch's deadline."""
    ex = _EXCHANGE.get()
    if ex is None:
        return timeout
    left = ex.deadline - time.monotonic()
    if left <= 0:
        raise error("the fetch's total deadline has passed")
    return left if timeout is None else min(timeout, left)


def _resolve_within(host: str, port: int, timeout: float | None) -> list[IPAddress]:
    """getaddrinfo has no timeout: run it in a daemon thread and stop waiting at the deadline."""
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["ips"] = _resolve(host, port)
        except (OSError, UnicodeError, ValueError) as exc:
            result["error"] = exc

    worker = threading.Thread(target=work, daemon=True, name=f"resolve-{host}")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"resolving {host} took longer than {timeout} s")
    if "error" in result:
        raise httpcore.ConnectError(f"cannot resolve {host}: {result['error']}")
    ips: list[IPAddress] = result["ips"]
    if not ips:
        raise httpcore.ConnectError(f"{host} has no addresses")
    return ips


def checked_addresses(host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
    """Resolve `host` once and return the addresses to connect to, in order; FetchError
    (REFUSED_ADDRESS) when any is not public and (host, port) is not a configured private origin."""
    ex = _EXCHANGE.get()
    private_ok = ex.private_ok if ex is not None else frozenset()
    try:
        ips = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        ips = _resolve_within(host, port, timeout)
    if (host.strip("[]").lower(), port) in private_ok:
        return ips
    for ip in ips:
        if not is_public_address(ip):
            raise FetchError(
                f"refused: {host} resolves to a private address {ip} (not globally routable)",
                FetchErrorKind.REFUSED_ADDRESS,
            )
    return ips


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data = self.inner.read(max_bytes, _remaining(timeout, httpcore.ReadTimeout))
        except httpcore.ReadError:
            self._mark_closed()
            raise
        if not data:
            self._mark_closed()
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        # The handshake reads several times under one socket timeout; a watchdog shuts the
        # socket at the deadline so a trickled handshake cannot outlive it.
        left = _remaining(timeout, httpcore.ConnectTimeout)
        sock = self.inner.get_extra_info("socket")
        watchdog = threading.Timer(left or 0.0, _shutdown, args=(sock,)) if left is not None else None
        if watchdog is not None:
            watchdog.daemon = True
            watchdog.start()
        try:
            return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, left))
        finally:
            if watchdog is not None:
                watchdog.cancel()

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)

    @staticmethod
    def _mark_closed() -> None:
        ex = _EXCHANGE.get()
        if ex is not None:
            ex.peer_closed = True


def _shutdown(sock: socket.socket | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: nothing left to stop
            sock.shutdown(socket.SHUT_RDWR)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, connecting only to the address it checked, within the deadline."""

    def __init__(self) -> None:
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _remaining(timeout, httpcore.ConnectTimeout)
        ips = checked_addresses(host, port, timeout)
        failure: Exception | None = None
        for ip in ips:  # in resolver order, as socket.create_connection does (an AAAA may be unreachable)
            try:
                stream = self.inner.connect_tcp(
                    str(ip), port, _remaining(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None  # checked_addresses returns at least one address
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the crawler")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport (its exception mapping, its response streams) over a pool that
    uses GuardedBackend. httpx takes no network backend argument, so the pool is replaced."""

    def __init__(self) -> None:
        tls = httpx.create_ssl_context(verify=True, trust_env=False)  # TLS fails closed
        super().__init__(verify=tls, trust_env=False)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=tls,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(),
        )


_STASHED_LOCATION = "x-govdocs-location"


def _stash_location(response: httpx.Response) -> None:
    """httpx parses a redirect's Location inside Client.send even with follow_redirects off
    and raises RemoteProtocolError for a malformed one, losing the response. fetch() follows
    redirects itself (with urls.to_uri), so the header is moved out of httpx's sight here
    (a response hook runs before that parse) and put back by _get_once."""
    if "location" in response.headers:
        response.headers[_STASHED_LOCATION] = response.headers.pop("location")


def make_client(politeness: Politeness, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The run's single long-lived client (a new client per page costs ~45 ms here).
    `transport` replaces the guarded one (httpx.MockTransport in policy tests)."""
    timeout = httpx.Timeout(politeness.timeout_s, connect=politeness.connect_timeout_s)
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,  # every hop is checked by fetch()
        headers={"User-Agent": politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
        transport=transport if transport is not None else GuardedTransport(),
        trust_env=False,
        event_hooks={"response": [_stash_location]},
    )


# ---------------------------------------------------------------------------------------
# fetch


def fetch(
    client: httpx.Client,
    url: str,
    *,
    politeness: Politeness,
    allowed_origins: tuple[str, ...],
    extra_headers: dict[str, str] | None = None,
    oversize: Literal["refuse", "truncate"] = "refuse",
) -> Response:
    """GET `url`, following at most `max_redirects` redirects that stay on allowed origins,
    all within `politeness.timeout_s`.

    Raises FetchError with a reason and kind for anything that is not an HTTP response we can
    keep. A body over `max_bytes` is refused, or with `oversize="truncate"` cut at the cap
    (`Response.truncated`; robots.txt is read that way)."""
    started = time.monotonic()
    exchange = _Exchange(deadline=started + politeness.timeout_s, private_ok=private_origins(allowed_origins))
    token = _EXCHANGE.set(exchange)
    try:
        return _fetch(client, url, politeness, allowed_origins, extra_headers, oversize == "truncate", started)
    finally:
        _EXCHANGE.reset(token)


def _fetch(
    client: httpx.Client,
    url: str,
    politeness: Politeness,
    allowed_origins: tuple[str, ...],
    extra_headers: dict[str, str] | None,
    truncate: bool,
    started: float,
) -> Response:
    try:
        current = to_uri(url)
    except InvalidURL as exc:
        raise FetchError(str(exc), FetchErrorKind.BAD_URL) from exc
    redirects: list[str] = []
    while True:
        if origin_of(current) not in allowed_origins:
            raise FetchError(
                f"refused: {current} is outside the source's allowed origins", FetchErrorKind.REFUSED_ORIGIN
            )
        status, headers, body, req_headers, cut = _get_once(
            client, current, politeness.max_bytes, extra_headers, truncate
        )
        location = next((v for k, v in headers if k.lower() == "location"), None)
        if status not in (301, 302, 303, 307, 308) or not location:
            break
        if len(redirects) >= politeness.max_redirects:
            raise FetchError(
                f"too many redirects (> {politeness.max_redirects}) from {url}", FetchErrorKind.TOO_MANY_REDIRECTS
            )
        try:
            nxt = to_uri(location, base=current)
        except InvalidURL as exc:
            raise FetchError(f"bad redirect from {current}: {exc}", FetchErrorKind.BAD_URL) from exc
        if origin_of(nxt) not in allowed_origins:
            raise FetchError(
                f"refused redirect from {current} to {nxt}: outside allowed origins", FetchErrorKind.REFUSED_ORIGIN
            )
        redirects.append(nxt)
        current = nxt
    return Response(
        url=url,
        final_url=current,
        status=status,
        headers=headers,
        body=body,
        fetched_at=datetime.now(UTC),
        elapsed_s=time.monotonic() - started,
        redirects=redirects,
        request_headers=req_headers,
        truncated=cut,
    )


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transport_error(exc: httpx.HTTPError, url: str, phase: str) -> FetchError:
    """The FetchError for an httpx error raised while `phase` ("headers" or "body")."""
    ex = _EXCHANGE.get()
    if ex is not None and time.monotonic() >= ex.deadline - 0.01:
        # whatever broke last (a timeout, the watchdog's shutdown mid-handshake), the cause is the deadline
        return FetchError(f"deadline exceeded while waiting for the {phase} of {url}", FetchErrorKind.TIMEOUT)
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(f"timeout reading the {phase} of {url}: {type(exc).__name__}", FetchErrorKind.TIMEOUT)
    if isinstance(exc, httpx.ConnectError):
        if _caused_by(exc, ssl.SSLError):
            return FetchError(f"TLS verification failed for {url}: {exc}", FetchErrorKind.TLS)
        return FetchError(f"cannot connect to {url}: {exc}", FetchErrorKind.CONNECT)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return FetchError(f"incomplete response from {url}: connection reset ({exc})", FetchErrorKind.RESET)
    if isinstance(exc, httpx.RemoteProtocolError) and ex is not None and ex.peer_closed:
        return FetchError(
            f"incomplete response from {url}: the server closed the connection ({exc})", FetchErrorKind.TRUNCATED
        )
    return FetchError(
        f"incomplete response from {url}: malformed HTTP: {type(exc).__name__}: {exc}", FetchErrorKind.PROTOCOL
    )


def _get_once(
    client: httpx.Client, url: str, max_bytes: int, extra_headers: dict[str, str] | None, truncate: bool
) -> tuple[int, list[tuple[str, str]], bytes, list[tuple[str, str]], bool]:
    try:
        request = client.build_request("GET", url, headers=extra_headers or None)
        resp = client.send(request, stream=True)
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchError(f"cannot request {url!r}: {exc}", FetchErrorKind.BAD_URL) from exc
    except httpx.HTTPError as exc:
        raise _transport_error(exc, url, "headers") from exc
    cut = False
    try:
        encoding = (resp.headers.get("content-encoding") or "identity").strip().lower()
        declared_encoding = encoding
        raws: Iterable[bytes] = resp.iter_raw()
        if resp.is_stream_consumed:
            # A response built from bytes (httpx.MockTransport) was read, and decoded, by
            # httpx already: there is no raw stream left to decode.
            encoding, raws = "identity", [resp.content]
        declared = resp.headers.get("content-length", "").strip()
        if (
            not truncate
            and declared.isascii()
            and declared.isdigit()
            and int(declared) > max_bytes
            and encoding == "identity"
        ):
            raise FetchError(
                f"response larger than the {max_bytes}-byte cap (Content-Length {declared})", FetchErrorKind.TOO_LARGE
            )
        decoder = _BoundedDecoder(encoding, max_bytes, truncate)
        chunks: list[bytes] = []
        for raw in raws:
            chunks.append(decoder.feed(raw))
            if decoder.full:
                cut = True
                break
        else:
            chunks.append(decoder.flush())
    except (httpx.HTTPError, httpx.StreamError) as exc:
        if isinstance(exc, httpx.HTTPError):
            raise _transport_error(exc, url, "body") from exc
        raise FetchError(f"incomplete response from {url}: {exc}", FetchErrorKind.PROTOCOL) from exc
    finally:
        resp.close()
    undone = declared_encoding not in ("identity", "")  # the body no longer has that encoding
    drop = {"content-encoding", "transfer-encoding", "content-length"} if undone else {"transfer-encoding"}
    headers = [
        ("Location" if k.lower() == _STASHED_LOCATION else k, v)
        for k, v in resp.headers.multi_items()
        if k.lower() not in drop
    ]
    body = b"".join(chunks)
    if undone:
        headers.append(("Content-Length", str(len(body))))
    req_headers = list(request.headers.multi_items())
    return resp.status_code, headers, body, req_headers, cut


class _BoundedDecoder:
    """Inflate gzip/deflate in 64 KiB steps so a gzip bomb stops at the cap, not after it.
    With `truncate`, the body is cut at the cap instead (`full` then says stop reading)."""

    def __init__(self, encoding: str, max_bytes: int, truncate: bool = False):
        self.max_bytes = max_bytes
        self.truncate = truncate
        self.total = 0
        self.full = False
        self.check_deflate_header = encoding == "deflate"
        self.z: Any
        if encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = zlib.decompressobj()  # zlib-wrapped, as RFC 9110 says; see feed() for raw
        elif encoding in ("identity", ""):
            self.z = None
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", FetchErrorKind.BAD_ENCODING)

    def _count(self, data: bytes) -> bytes:
        room = self.max_bytes - self.total
        if len(data) > room:
            if not self.truncate:
                raise FetchError(f"response larger than the {self.max_bytes}-byte cap", FetchErrorKind.TOO_LARGE)
            self.full = True
            data = data[:room]
        self.total += len(data)
        return data

    def _inflate(self, step: Callable[..., bytes], *args: Any) -> bytes:
        try:
            return step(*args)
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}", FetchErrorKind.BAD_ENCODING) from exc

    def feed(self, raw: bytes) -> bytes:
        if self.z is None:
            return self._count(raw)
        if self.check_deflate_header and len(raw) >= 2:
            # Some servers (old IIS) send raw deflate without the zlib header; browsers and
            # httpx accept it, so a first chunk without a valid zlib header is read as raw.
            self.check_deflate_header = False
            if raw[0] & 0x0F != 8 or (raw[0] << 8 | raw[1]) % 31:
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)
        out = []
        data = raw
        while data and not self.full:
            out.append(self._count(self._inflate(self.z.decompress, data, 65536)))
            data = self.z.unconsumed_tail
        return b"".join(out)

    def flush(self) -> bytes:
        if self.z is None:
            return b""
        tail = self._count(self._inflate(self.z.flush))
        if not self.z.eof:
            raise FetchError(
                "corrupt compressed body: the stream ends before its end marker", FetchErrorKind.BAD_ENCODING
            )
        return tail
