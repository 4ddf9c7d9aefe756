"""Page extractor: bytes of a 政府信息公开 page → `PageRecord` (see govdocs/records.py).

    from govdocs.extract import extract_page
    rec = extract_page(content, url=url, content_type=headers.get("content-type"))

Stages (one module each): decode.py (bytes → text), tree.py (lxml parse, cells),
metadata.py + labels.toml (the metadata block), page.py (status, <meta> evidence,
precedence), body.py (chrome, body text, sections, tables), links.py (links, attachments,
TRS paging), normalise.py (dates, 文号, 索引号, titles).
"""

from __future__ import annotations

import traceback

from govdocs.records import PageRecord

from .page import build_record, empty_record

__all__ = ["extract_page"]


def extract_page(content: bytes, *, url: str, content_type: str | None = None,
                 http_status: int = 200, overrides: dict | None = None) -> PageRecord:
    """Extract one page. Never raises: a failure becomes status "empty" with the reason."""
    try:
        if not isinstance(content, (bytes, bytearray, memoryview)):
            content = str(content).encode("utf-8", "ignore")
        return build_record(bytes(content), url=url, content_type=content_type,
                            http_status=http_status, overrides=overrides)  # type: ignore[return-value]
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        rec = empty_record(url)
        rec["status"] = "empty"
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" at {last[0].name}:{last[0].lineno}" if last else ""
        rec["status_reason"] = f"extractor error: {type(exc).__name__}: {exc}{where}"
        return rec  # type: ignore[return-value]
