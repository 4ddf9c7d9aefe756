"""What an HTTP exchange means before any parsing: usable, an error, or a WAF challenge.

Government sites behind a WAF (Ruishu/瑞数 and similar) answer 412, 403 or 521 with a
JavaScript cookie challenge (`$_ts`, `<script r="m">`) or redirect to a "访问被拒绝" page.
That is not an outage: the page is recorded as `blocked`, and the crawler backs off.
"""

from __future__ import annotations

CHALLENGE_STATUSES = frozenset({403, 412, 521})
# Byte markers: checked on raw bytes so a GBK page needs no decoding here.
CHALLENGE_MARKERS = (b"$_ts", b'<script r="m"', b"<script r='m'", b"__jsl_clearance", b"acw_sc__v2")
DENIED_MARKERS = ("访问被拒绝".encode(), "访问被拒绝".encode("gb18030"), "请开启JavaScript".encode())


def classify_response(http_status: int, body: bytes, content_type: str | None = None) -> tuple[str, str | None]:
    """(status, reason) from the HTTP exchange alone; records.STATUSES values.

    Detail pages are refined later by the extractor (soft 404s, JS shells, binaries).
    """
    head = body[:20000]
    challenge = any(m in head for m in CHALLENGE_MARKERS)
    if http_status in CHALLENGE_STATUSES and (challenge or any(m in head for m in DENIED_MARKERS)):
        return "blocked", f"HTTP {http_status} with a JavaScript/WAF challenge"
    if challenge and len(body) < 20000 and http_status < 400:
        return "blocked", f"HTTP {http_status} body is a JavaScript cookie challenge"
    if len(body) < 5000 and any(m in head for m in DENIED_MARKERS):
        return "blocked", "WAF page: 访问被拒绝"
    if http_status >= 400:
        return "error_page", f"HTTP {http_status}"
    if http_status == 304:
        return "ok", None
    if not body.strip():
        return "empty", f"HTTP {http_status} with an empty body"
    return "ok", None
