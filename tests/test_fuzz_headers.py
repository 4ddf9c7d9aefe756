"""Fuzz: whatever headers a server sends, fetch() returns a Response or raises FetchError.

Responses are built over httpx.MockTransport from raw header bytes (a pure policy test);
bounded per CI run.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdocs.fetch.client import FetchError, Response, fetch, make_client, retry_after_seconds
from govdocs.sources import Politeness

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
POL = Politeness(delay_s=0.0, timeout_s=2.0, max_bytes=5000, retries=0)
NAMES = [
    "Location",
    "Content-Encoding",
    "Content-Length",
    "Content-Type",
    "Retry-After",
    "ETag",
    "Last-Modified",
    "Transfer-Encoding",
    "Set-Cookie",
]

header_values = st.one_of(
    st.binary(max_size=60).filter(lambda b: b"\r" not in b and b"\n" not in b),
    st.sampled_from(
        [
            b"x:y",
            b"http://127.0.0.1:99999/",
            b"http://h:+80/",
            b"http://[::1",
            b"//evil.example/",
            b"/\xe9\x99\x84\xe4\xbb\xb61.pdf",
            b"gzip",
            b"gzip, gzip",
            b"br",
            b"deflate",
            b"-1",
            b"99999999999999999999",
            b"\xc2\xb2",
            b"Thu, 01 Jan 1970 00:00:00 GMT",
        ]
    ),
)
headers = st.lists(st.tuples(st.sampled_from(NAMES), header_values), max_size=6)
statuses = st.sampled_from([100, 200, 204, 301, 302, 303, 304, 307, 308, 404, 429, 500, 503, 999])
bodies = st.sampled_from(
    [b"", b"<html>ok</html>", gzip.compress(b"<html>ok</html>"), b"\x1f\x8b" + b"\x00" * 20, b"x" * 6000]
)


@FUZZ
@given(statuses, headers, bodies)
def test_any_headers_give_a_response_or_a_fetch_error(status: int, pairs: list[tuple[str, bytes]], body: bytes) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=[(k.encode(), v) for k, v in pairs], content=body)

    with make_client(POL, transport=httpx.MockTransport(handler)) as client:
        try:
            resp = fetch(
                client, "http://www.gov.example/a.html", politeness=POL, allowed_origins=("http://www.gov.example:80",)
            )
        except FetchError as exc:
            assert exc.reason
        else:
            assert isinstance(resp, Response) and len(resp.body) <= POL.max_bytes
            retry_after_seconds(resp.header("retry-after"), resp.fetched_at)


@FUZZ
@given(st.text(max_size=60))
def test_retry_after_never_raises(value: str) -> None:
    seconds = retry_after_seconds(value, datetime(2026, 1, 1, tzinfo=UTC))
    assert seconds is None or 0 <= seconds <= 86_400
