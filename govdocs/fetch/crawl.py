"""The crawl loop: frontier, politeness, retries, archiving. No parsing beyond link discovery.

One request at a time per host, `delay_s` apart (raised to robots.txt's Crawl-delay). Every
response is archived to WARC before links are read from it. Failures are kept as pages with
a reason, never dropped.
"""

from __future__ import annotations

import random
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from govdocs.extract.links import find_create_page_html, find_links
from govdocs.fetch.outcome import classify_response
from govdocs.fetch.archive import WarcArchive, sha256
from govdocs.fetch.attachments import AttachmentRefused, store_attachment
from govdocs.fetch.client import RETRYABLE_STATUS, FetchError, Response, fetch, make_client
from govdocs.fetch.robots import RobotsRules, load_robots
from govdocs.sources import Source, origin_of

BLOCKED_HOST_LIMIT = 3  # WAF challenges on one host before the run stops asking it


class CrawlUnreachable(RuntimeError):
    """No start URL could be reached at all (offline, DNS failure, wrong host)."""


@dataclass
class FetchedPage:
    url: str
    kind: str  # list | detail | attachment | other
    status: str  # records.STATUSES, from the HTTP exchange; detail pages are refined by extraction
    error_reason: str | None
    fetched_at: datetime
    final_url: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    body: bytes | None = None
    content_hash: str | None = None
    warc_path: str | None = None
    warc_offset: int | None = None
    attempts: int = 1


@dataclass
class CrawlResult:
    source: str
    pages: list[FetchedPage] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # url → why it was not requested
    blocked_hosts: dict[str, str] = field(default_factory=dict)  # origin → reason
    elapsed_s: float = 0.0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.pages:
            out[p.status] = out.get(p.status, 0) + 1
        return out


def normalize_url(url: str) -> str:
    """Drop the fragment and default ports; keep the query (TRS sites use it rarely)."""
    p = urlsplit(url)
    netloc = p.hostname or ""
    if p.port and not ((p.scheme == "http" and p.port == 80) or (p.scheme == "https" and p.port == 443)):
        netloc += f":{p.port}"
    return urlunsplit((p.scheme.lower(), netloc.lower(), p.path or "/", p.query, ""))


def crawl(
    source: Source,
    *,
    archive_path: Path,
    attachments_dir: Path | None = None,
    max_pages: int | None = None,
    transport: httpx.BaseTransport | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> CrawlResult:
    pol = source.politeness
    attachments_dir = Path(attachments_dir or Path(archive_path).parent.parent / "attachments")
    limit = max_pages if max_pages is not None else pol.max_pages
    result = CrawlResult(source=source.name)
    started = time.monotonic()
    queue: deque[tuple[str, str]] = deque()
    seen: set[str] = set()

    def enqueue(url: str, kind: str) -> None:
        url = normalize_url(url)
        if url in seen:
            return
        seen.add(url)
        if not source.allows(url):
            return  # off-site links are not ours to fetch; not an error
        queue.append((url, kind))

    for u in source.start_urls:
        enqueue(u, "list")

    robots: dict[str, RobotsRules] = {}
    last_request: dict[str, float] = {}
    blocked_count: dict[str, int] = {}
    start_failures: list[str] = []
    start_urls = {normalize_url(u) for u in source.start_urls}

    with make_client(pol, transport=transport) as client, WarcArchive(archive_path) as archive:
        while queue and len(result.pages) < limit:
            url, kind = queue.popleft()
            origin = origin_of(url)
            if origin in result.blocked_hosts:
                result.skipped[url] = f"host backed off: {result.blocked_hosts[origin]}"
                continue
            if pol.obey_robots:
                if origin not in robots:
                    _wait(last_request, origin, pol.delay_s, sleep)
                    robots[origin] = load_robots(client, url, pol, source.allowed_origins)
                    last_request[origin] = time.monotonic()
                rules = robots[origin]
                if not rules.allowed(url, pol.user_agent):
                    result.skipped[url] = rules.disallow_all_reason or "disallowed by robots.txt"
                    if rules.unreachable and url in start_urls:
                        start_failures.append(rules.disallow_all_reason)
                    continue
                delay = max(pol.delay_s, rules.crawl_delay or 0.0)
            else:
                delay = pol.delay_s

            page = _fetch_with_retries(client, url, kind, source, delay, last_request, sleep)
            if page.body is not None or page.http_status is not None:
                page.warc_path = str(archive_path)
                page.warc_offset = archive.write(page._response)  # archived before anything parses it
            if kind == "attachment" and page.status == "ok" and page.body is not None:
                try:
                    stored = store_attachment(page.body, attachments_dir)
                    rel = stored.path.relative_to(attachments_dir.resolve().parent)
                    page.status, page.error_reason = "not_html", f"attachment stored at {rel}"
                except AttachmentRefused as exc:
                    page.status, page.error_reason = "fetch_error", f"attachment refused: {exc}"
            result.pages.append(page)
            if on_progress:
                on_progress(len(result.pages), len(queue))

            if page.http_status is None and url in start_urls:
                start_failures.append(page.error_reason or "unknown error")
            if page.status == "blocked":
                blocked_count[origin] = blocked_count.get(origin, 0) + 1
                if blocked_count[origin] >= BLOCKED_HOST_LIMIT:
                    result.blocked_hosts[origin] = f"{blocked_count[origin]} WAF challenges ({page.error_reason})"
                else:
                    sleep(min(60.0, max(delay, 1.0) * 2 ** blocked_count[origin]))
                continue
            if page.status != "ok" or page.body is None or kind not in ("list", "detail"):
                continue
            base = page.final_url or url
            ctype = page.content_type
            for link in find_links(page.body, base, ctype):
                link_kind = source.kind_of(link)
                if kind == "list" and link_kind in ("list", "detail"):
                    enqueue(link, link_kind)
                elif link_kind == "attachment":
                    enqueue(link, "attachment")
            if kind == "list":
                for link in _trs_pages(page.body, base, ctype):
                    enqueue(link, "list")

    if start_failures and len(start_failures) == len(source.start_urls) and not any(
        p.http_status is not None for p in result.pages
    ):
        raise CrawlUnreachable(
            f"cannot reach {source.name} ({', '.join(source.start_urls)}): {start_failures[0]}"
        )
    result.elapsed_s = time.monotonic() - started
    return result


def _trs_pages(body: bytes, base: str, content_type: str | None) -> list[str]:
    """TRS list pages announce pages 2..n only via createPageHTML(n, i, "index", "html")."""
    text = body.decode("utf-8", errors="ignore") if b"createPageHTML" in body else ""
    found = find_create_page_html(text) if text else None
    if not found:
        return []
    total, _current, stem, ext = found
    return [urljoin(base, f"{stem}_{i}.{ext}") for i in range(1, total)]


def _wait(last_request: dict[str, float], origin: str, delay: float, sleep) -> None:
    if origin in last_request and delay > 0:
        remaining = last_request[origin] + delay - time.monotonic()
        if remaining > 0:
            sleep(remaining)


def _fetch_with_retries(client, url, kind, source: Source, delay, last_request, sleep) -> FetchedPage:
    pol = source.politeness
    origin = origin_of(url)
    attempt = 0
    while True:
        attempt += 1
        _wait(last_request, origin, delay, sleep)
        try:
            resp = fetch(client, url, politeness=pol, allowed_origins=source.allowed_origins)
            last_request[origin] = time.monotonic()
        except FetchError as exc:
            last_request[origin] = time.monotonic()
            if exc.retryable and attempt <= pol.retries:
                sleep(_backoff(attempt))
                continue
            page = FetchedPage(
                url=url, kind=kind, status="fetch_error", error_reason=exc.reason,
                fetched_at=datetime.now(timezone.utc), attempts=attempt,
            )
            page._response = None
            return page
        status, reason = classify_response(resp.status, resp.body, resp.content_type)
        if status != "blocked" and resp.status in RETRYABLE_STATUS and attempt <= pol.retries:
            retry_after = resp.header("retry-after")
            wait = float(retry_after) if retry_after and retry_after.isdigit() else _backoff(attempt)
            sleep(min(wait, 60.0))
            continue
        page = FetchedPage(
            url=url,
            kind=kind,
            status=status,
            error_reason=reason,
            fetched_at=resp.fetched_at,
            final_url=resp.final_url,
            http_status=resp.status,
            content_type=resp.content_type,
            body=resp.body,
            content_hash=sha256(resp.body),
            attempts=attempt,
        )
        page._response = resp
        return page


def _backoff(attempt: int) -> float:
    """Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … scaled by U(0.5, 1.5)."""
    return 0.5 * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
