"""Page extractor: bytes of a 政府信息公开 page → `PageRecord` (see govdocs/records.py).

    from govdocs.extract import analyse_page, extract_page
    a = analyse_page(content, url=url, content_type=ct, http_status=200)
    a.record, a.kind, a.links, a.pager          # the crawler's view of one page
    rec = extract_page(content, url=url, content_type=ct)   # == analyse_page(...).record

`analyse_page` decodes the bytes once and parses them once: the record, the links, the pager
and the page kind all come from the same lxml tree.

Stages (one module each): decode.py (bytes → text), tree.py (lxml parse, cells),
metadata.py + labels.toml (the metadata block), page.py (status, <meta> evidence,
precedence), body.py (chrome, body text, sections, tables), links.py (links, attachments,
pagers), kind.py (detail / list / other), normalise.py (dates, 文号, 索引号, titles).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any, Literal, cast

from govdocs.records import PageRecord, empty_record

from .links import base_of, find_pager
from .page import analyse

__all__ = ["PageAnalysis", "analyse_page", "analyse_page_strict", "extract_page"]


@dataclass(frozen=True)
class PageAnalysis:
    record: PageRecord  # what extract_page returns
    kind: Literal["detail", "list", "other"]  # what the page is, decided from its content
    links: tuple[str, ...]  # absolute URLs of every <a href> (<base> honoured), dedup, doc order
    pager: tuple[str, ...]  # next list pages (TRS createPageHTML, index_1.html, 下一页, ?page=2)


def analyse_page(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    http_status: int = 200,
    overrides: dict[str, Any] | None = None,
    max_pager: int = 1000,
) -> PageAnalysis:
    """Analyse one page. Never raises: a failure becomes status "empty" with the reason."""
    try:
        return analyse_page_strict(
            content,
            url=url,
            content_type=content_type,
            http_status=http_status,
            overrides=overrides,
            max_pager=max_pager,
        )
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"; the tests call the strict one
        return PageAnalysis(_failed(url, exc), "other", (), ())


def analyse_page_strict(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    http_status: int = 200,
    overrides: dict[str, Any] | None = None,
    max_pager: int = 1000,
) -> PageAnalysis:
    """analyse_page without the safety net: a bug raises (what the fuzz tests run)."""
    given: object = content  # callers (and the fuzz tests) may pass anything
    if not isinstance(given, (bytes, bytearray, memoryview)):
        content = str(given).encode("utf-8", "ignore")
    parsed = analyse(
        bytes(content),
        url=url,
        content_type=content_type,
        http_status=http_status,
        overrides=overrides,
        want_links=True,
    )
    links = parsed.links or []
    pager: tuple[str, ...] = ()
    if parsed.root is not None and max_pager > 0 and parsed.record["status"] == "ok":
        pager = find_pager(parsed.text, links, url, base_of(parsed.root, url), max_pager)
    # the working record holds every PageRecord key (page.analyse starts from empty_record)
    return PageAnalysis(cast(PageRecord, parsed.record), parsed.kind, tuple(u for u, _ in links), pager)


def _failed(url: str, exc: Exception) -> PageRecord:
    """The record of a page the extractor failed on: status "empty", the error and where."""
    rec = empty_record(url, "empty")
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {last[0].name}:{last[0].lineno}" if last else ""
    rec["status_reason"] = f"extractor error: {type(exc).__name__}: {exc}{where}"
    return rec


def extract_page(
    content: bytes,
    *,
    url: str,
    content_type: str | None = None,
    http_status: int = 200,
    overrides: dict[str, Any] | None = None,
) -> PageRecord:
    """Extract one page (the record of `analyse_page`, without its links or pager).
    Never raises: a failure becomes status "empty" with the reason."""
    try:
        given: object = content  # callers (and the fuzz tests) may pass anything
        if not isinstance(given, (bytes, bytearray, memoryview)):
            content = str(given).encode("utf-8", "ignore")
        record = analyse(
            bytes(content), url=url, content_type=content_type, http_status=http_status, overrides=overrides
        ).record
        return cast(PageRecord, record)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        return _failed(url, exc)
