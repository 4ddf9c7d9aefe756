"""The crawl: frontier, per-host politeness, retries, archiving. No parsing beyond links.

Each allowed origin gets its own worker thread(s) (`concurrency`, default one), and requests
to one host are spaced `delay_s` apart (raised to robots.txt's Crawl-delay) by reserving
time slots, so a crawl over several hosts reaches hosts ÷ delay pages/s while each host sees
a polite client. Every response is archived to WARC before links are read from it. Failures
are kept as pages with a reason, never dropped.

Incremental crawls: given what the warehouse knows of a URL (`KnownPage`), detail pages and
attachments are requested conditionally (If-None-Match / If-Modified-Since); a 304 keeps the
archived copy and is marked `not_modified`, so nothing is downloaded or re-extracted.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from govdocs.extract.links import find_create_page_html, find_links
from govdocs.fetch.archive import WarcArchive, read_response, sha256
from govdocs.fetch.attachments import AttachmentRefused, store_attachment
from govdocs.fetch.client import RETRYABLE_STATUS, FetchError, Response, fetch, make_client
from govdocs.fetch.outcome import classify_response
from govdocs.fetch.robots import RobotsRules, load_robots
from govdocs.sources import Source, origin_of

BLOCKED_HOST_LIMIT = 3  # WAF challenges on one host before the run stops asking it


class CrawlUnreachable(RuntimeError):
    """No start URL could be reached at all (offline, DNS failure, wrong host)."""


@dataclass(frozen=True)
class KnownPage:
    """What an earlier run stored for a URL: validators for a conditional request and the
    archived copy that stays valid when the server answers 304."""

    etag: str | None
    last_modified: str | None
    content_hash: str | None
    warc_path: str | None
    warc_offset: int | None
    content_type: str | None = None
    status: str = "ok"  # the verdict stored for it (extraction may have refined the HTTP one)
    error_reason: str | None = None


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
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # answered 304: the archived copy at warc_path/offset stands
    unchanged: bool = False  # same content hash as the warehouse already holds
    response: Response | None = field(default=None, repr=False)


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

    def transferred(self) -> int:
        """Pages whose body came over the wire (304s excluded)."""
        return sum(1 for p in self.pages if p.body is not None)


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
    known: dict[str, KnownPage] | None = None,
) -> CrawlResult:
    """Crawl `source` from its start URLs. `known` maps canonical URLs (see
    `Source.canonical`) to what the warehouse holds, for conditional requests."""
    run = _Crawl(source, archive_path, attachments_dir, max_pages, on_progress, sleep, known or {})
    with make_client(source.politeness, transport=transport) as client, WarcArchive(archive_path) as archive:
        run.client, run.archive = client, archive
        for u in source.start_urls:
            run.enqueue(u, "list")
        workers = [
            threading.Thread(target=run.worker, args=(origin,), name=f"crawl-{origin}", daemon=True)
            for origin in source.allowed_origins
            for _ in range(source.politeness.concurrency)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    if run.errors:
        raise run.errors[0]
    result = run.result
    if len(run.start_failures) >= len(source.start_urls) and not any(p.http_status is not None for p in result.pages):
        raise CrawlUnreachable(f"cannot reach {source.name} ({', '.join(source.start_urls)}): {run.start_failures[0]}")
    result.elapsed_s = time.monotonic() - run.started
    return result


@dataclass
class _Host:
    """Politeness state of one origin, shared by its workers."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_slot: float = 0.0
    robots: RobotsRules | None = None
    blocked: int = 0

    def wait_turn(self, delay: float, sleep) -> None:
        """Reserve the next request slot on this host and sleep until it comes."""
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + delay
        if slot > now:
            sleep(slot - now)
        with self.lock:  # woke late (a busy machine): the next request waits a full delay from now
            self.next_slot = max(self.next_slot, time.monotonic() + delay)


class _Crawl:
    def __init__(self, source, archive_path, attachments_dir, max_pages, on_progress, sleep, known):
        self.source = source
        self.pol = source.politeness
        self.archive_path = Path(archive_path)
        self.attachments_dir = Path(attachments_dir or self.archive_path.parent.parent / "attachments")
        self.limit = max_pages if max_pages is not None else self.pol.max_pages
        self.on_progress = on_progress
        self.sleep = sleep
        self.known = known
        self.result = CrawlResult(source=source.name)
        self.started = time.monotonic()
        self.cond = threading.Condition()
        self.queues: dict[str, deque[tuple[str, str]]] = {o: deque() for o in source.allowed_origins}
        self.hosts: dict[str, _Host] = {o: _Host() for o in source.allowed_origins}
        self.seen: set[str] = set()
        self.inflight = 0
        self.reserved = 0  # fetches started or done, against the page limit
        self.start_urls = {normalize_url(u) for u in source.start_urls}
        self.start_failures: list[str] = []
        self.archive_lock = threading.Lock()
        self.errors: list[BaseException] = []
        self.client: httpx.Client
        self.archive: WarcArchive

    # --- frontier -------------------------------------------------------------------------
    def enqueue(self, url: str, kind: str) -> None:
        url = normalize_url(url)
        with self.cond:
            if url in self.seen:
                return
            self.seen.add(url)
            if not self.source.allows(url):
                return  # off-site links are not ours to fetch; not an error
            self.queues[origin_of(url)].append((url, kind))
            self.cond.notify_all()

    def _next(self, origin: str) -> tuple[str, str] | None:
        with self.cond:
            while True:
                if self.errors:
                    return None
                queue = self.queues[origin]
                if queue and self.reserved < self.limit:
                    self.inflight += 1
                    self.reserved += 1
                    return queue.popleft()
                if self.inflight == 0:
                    self.cond.notify_all()  # nothing running can add work: everyone stops
                    return None
                self.cond.wait(0.5)

    def _finish(self, *, counted: bool) -> None:
        with self.cond:
            self.inflight -= 1
            if not counted:
                self.reserved -= 1  # a skipped URL does not use up the page limit
            self.cond.notify_all()

    def _skip(self, url: str, reason: str) -> None:
        with self.cond:
            self.result.skipped[url] = reason

    # --- work -----------------------------------------------------------------------------
    def worker(self, origin: str) -> None:
        host = self.hosts[origin]
        while (item := self._next(origin)) is not None:
            counted = False
            try:
                counted = self._visit(host, origin, *item)
            except BaseException as exc:  # a bug must stop the crawl loudly, not hang it
                with self.cond:
                    self.errors.append(exc)
            finally:
                self._finish(counted=counted)

    def _visit(self, host: _Host, origin: str, url: str, kind: str) -> bool:
        if origin in self.result.blocked_hosts:
            self._skip(url, f"host backed off: {self.result.blocked_hosts[origin]}")
            return False
        delay = self.pol.delay_s
        if self.pol.obey_robots:
            with host.lock:
                if host.robots is None:
                    host.robots = load_robots(self.client, url, self.pol, self.source.allowed_origins)
                    host.next_slot = time.monotonic() + delay
            rules = host.robots
            if not rules.allowed(url, self.pol.user_agent):
                self._skip(url, rules.disallow_all_reason or "disallowed by robots.txt")
                if rules.unreachable and url in self.start_urls:
                    with self.cond:
                        self.start_failures.append(rules.disallow_all_reason)
                return False
            delay = max(delay, rules.crawl_delay or 0.0)

        known = self.known.get(self.source.canonical(url)) if kind in ("detail", "attachment") else None
        page = self._fetch_with_retries(host, url, kind, delay, known)
        self._archive(page, known)
        if kind == "attachment" and page.status == "ok" and page.body is not None:
            self._store_attachment(page)
        with self.cond:
            self.result.pages.append(page)
            done, queued = len(self.result.pages), sum(len(q) for q in self.queues.values())
        if self.on_progress:
            self.on_progress(done, queued)
        if page.http_status is None and url in self.start_urls:
            with self.cond:
                self.start_failures.append(page.error_reason or "unknown error")
        if page.status == "blocked":
            self._back_off(host, origin, page, delay)
        elif page.status == "ok" and kind in ("list", "detail"):
            body = page.body if page.body is not None else self._archived_body(page)
            if body is not None:
                self._follow(page, kind, body)
        return True

    def _archived_body(self, page: FetchedPage) -> bytes | None:
        """A 304 page's links come from its archived copy (its attachments must still be seen)."""
        if not (page.warc_path and page.warc_offset is not None):
            return None
        try:
            return read_response(Path(page.warc_path), page.warc_offset)[3]
        except (OSError, ValueError):
            return None

    def _archive(self, page: FetchedPage, known: KnownPage | None) -> None:
        """Archive before anything parses the body; a 304 keeps pointing at the stored copy."""
        if page.response is None:
            return
        with self.archive_lock:
            if page.not_modified and known is not None:
                self.archive.write_revisit(page.response, refers_to=known.content_hash)
            else:
                page.warc_path = str(self.archive_path)
                page.warc_offset = self.archive.write(page.response)
        page.response = None  # the body stays on the page; headers are archived

    def _store_attachment(self, page: FetchedPage) -> None:
        try:
            stored = store_attachment(page.body, self.attachments_dir)
            rel = stored.path.relative_to(self.attachments_dir.resolve().parent)
            page.status, page.error_reason = "not_html", f"attachment stored at {rel}"
        except AttachmentRefused as exc:
            page.status, page.error_reason = "fetch_error", f"attachment refused: {exc}"

    def _back_off(self, host: _Host, origin: str, page: FetchedPage, delay: float) -> None:
        with host.lock:
            host.blocked += 1
            count = host.blocked
        if count >= BLOCKED_HOST_LIMIT:
            with self.cond:
                self.result.blocked_hosts[origin] = f"{count} WAF challenges ({page.error_reason})"
        else:
            self.sleep(min(60.0, max(delay, 1.0) * 2**count))

    def _follow(self, page: FetchedPage, kind: str, body: bytes) -> None:
        base = page.final_url or page.url
        for link in find_links(body, base, page.content_type):
            link_kind = self.source.kind_of(link)
            if kind == "list" and link_kind in ("list", "detail"):
                self.enqueue(link, link_kind)
            elif link_kind == "attachment":
                self.enqueue(link, "attachment")
        if kind == "list":
            for link in _trs_pages(body, base):
                self.enqueue(link, "list")

    def _fetch_with_retries(self, host: _Host, url: str, kind: str, delay: float,
                            known: KnownPage | None) -> FetchedPage:
        conditional = {}
        if known and known.etag:
            conditional["If-None-Match"] = known.etag
        if known and known.last_modified:
            conditional["If-Modified-Since"] = known.last_modified
        attempt = 0
        while True:
            attempt += 1
            host.wait_turn(delay, self.sleep)
            try:
                resp = fetch(self.client, url, politeness=self.pol, allowed_origins=self.source.allowed_origins,
                             extra_headers=conditional or None)
            except FetchError as exc:
                if exc.retryable and attempt <= self.pol.retries:
                    self.sleep(_backoff(attempt))
                    continue
                return FetchedPage(url=url, kind=kind, status="fetch_error", error_reason=exc.reason,
                                   fetched_at=datetime.now(timezone.utc), attempts=attempt)
            status, reason = classify_response(resp.status, resp.body, resp.content_type)
            if status != "blocked" and resp.status in RETRYABLE_STATUS and attempt <= self.pol.retries:
                retry_after = resp.header("retry-after")
                wait = float(retry_after) if retry_after and retry_after.isdigit() else _backoff(attempt)
                self.sleep(min(wait, 60.0))
                continue
            page = FetchedPage(
                url=url, kind=kind, status=status, error_reason=reason, fetched_at=resp.fetched_at,
                final_url=resp.final_url, http_status=resp.status, content_type=resp.content_type,
                body=resp.body, content_hash=sha256(resp.body), attempts=attempt,
                etag=resp.header("etag"), last_modified=resp.header("last-modified"), response=resp,
            )
            if resp.status == 304 and known is not None:
                page.not_modified = page.unchanged = True
                page.body = None
                page.content_hash, page.warc_path, page.warc_offset = known.content_hash, known.warc_path, known.warc_offset
                page.content_type = known.content_type or page.content_type
                page.etag = page.etag or known.etag
                page.last_modified = page.last_modified or known.last_modified
            elif known is not None and page.content_hash == known.content_hash:
                page.unchanged = True
            if page.unchanged:
                page.status, page.error_reason = known.status, known.error_reason
            return page


def _trs_pages(body: bytes, base: str) -> list[str]:
    """TRS list pages announce pages 2..n only via createPageHTML(n, i, "index", "html")."""
    if b"createPageHTML" not in body:
        return []
    found = find_create_page_html(body.decode("utf-8", errors="ignore"))
    if not found:
        return []
    total, _current, stem, ext = found
    return [urljoin(base, f"{stem}_{i}.{ext}") for i in range(1, total)]


def _backoff(attempt: int) -> float:
    """Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … scaled by U(0.5, 1.5)."""
    return 0.5 * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
