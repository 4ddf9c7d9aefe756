"""Rows the crawler hands to the warehouse (the PageRecord contract is in govdocs.records)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, NotRequired, TypedDict

PageKind = Literal["list", "detail", "attachment", "other"]
PAGE_KINDS: tuple[str, ...] = ("list", "detail", "attachment", "other")


class PageRow(TypedDict):
    url: str  # key
    source: str  # source (site) name, e.g. "sample"
    final_url: str | None  # after redirects
    http_status: int | None  # None when the fetch failed before a response
    status: str  # one of govdocs.records.STATUSES
    error_reason: str | None
    content_type: str | None
    content_hash: str | None  # sha256 hex of the body; None when there is no body
    content_length: int | None
    fetched_at: datetime  # timezone-aware, UTC
    warc_path: str | None
    warc_offset: int | None
    kind: PageKind
    etag: NotRequired[str | None]  # validators of the stored response, for conditional requests
    last_modified: NotRequired[str | None]


class LoadSummary(TypedDict):
    records: int  # records given
    skipped_not_ok: int  # records whose status is not "ok" (kept in pages only)
    documents: int  # distinct documents after dedupe
    changed_documents: int  # new, or body/figures changed: their metrics were replaced
    metrics_written: int
