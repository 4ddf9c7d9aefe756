"""What an HTTP exchange means before any parsing: usable, an error, or a WAF challenge.

Government sites behind a WAF (Ruishu/瑞数 and similar) answer 412, 403 or 521 with a
JavaScript cookie challenge (`$_ts`, `<script r="m">`) or redirect to a "访问被拒绝" page.
That is not an outage: the page is recorded as `blocked`, and the crawler backs off. The
markers are the extractor's (`extract.page.blocked_reason`), so a page the crawler calls
blocked is the page the extractor calls blocked.
"""

from __future__ import annotations

from govdocs.extract.decode import decode_html
from govdocs.extract.page import blocked_reason, sniff_binary


def classify_response(http_status: int, body: bytes, content_type: str | None = None) -> tuple[str, str | None]:
    """(status, reason) from the HTTP exchange alone; records.STATUSES values.

    Detail pages are refined later by the extractor (soft 404s, JS shells, binaries).
    """
    if body.strip() and not sniff_binary(body):
        reason = blocked_reason(decode_html(body, content_type)[0], http_status)
        if reason:
            return "blocked", reason
    if http_status >= 400:
        return "error_page", f"HTTP {http_status}"
    if http_status == 304:
        return "ok", None
    if not body.strip():
        return "empty", f"HTTP {http_status} with an empty body"
    return "ok", None
