"""The crawl engine: frontier, per-host politeness, retries, archiving — a stream of pages.

Each allowed origin gets its own worker thread(s) (`concurrency`, default one), and requests
to one host are spaced `delay_s` apart (raised to robots.txt's Crawl-delay) by reserving time
slots, so a crawl over several hosts reaches hosts ÷ delay pages/s while each host sees a
polite client. Every response is archived to WARC before anything parses it.

The engine does not parse pages. Each fetch (`Fetched`) goes to the `process` function it is
given — in a run, `govdocs.process.process`: decode once, parse once, classify, extract,
find links — in the same worker, and the result goes to the `sink` (the warehouse writer),
which commits it. The engine keeps only URLs: the seen set and the queues. A URL that fails
in any way, including a bug while processing it, is one `fetch_error` row and the crawl
goes on.

Incremental crawls: given what the warehouse knows of a URL (`KnownPage`), detail pages and
attachments are requested conditionally (If-None-Match / If-Modified-Since); a 304 keeps the
archived copy. A resumed run (`Resume`) starts from the frontier the warehouse committed and
never requests again a URL that run already committed.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from govdocs.fetch.archive import WarcArchive, read_response, sha256
from govdocs.fetch.attachments import AttachmentRefused, store_attachment
from govdocs.fetch.client import RETRYABLE_STATUS, FetchError, Response, fetch, make_client, retry_after_seconds
from govdocs.fetch.robots import RobotsRules, load_robots
from govdocs.sources import Source, origin_of
from govdocs.stream import Link, LinkKind, Processed, Sink

log = logging.getLogger(__name__)

BLOCKED_HOST_LIMIT = 3  # WAF challenges on one host before the run stops asking it
MAX_RETRY_WAIT_S = 60.0  # a Retry-After beyond this is capped, not obeyed


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


@dataclass(frozen=True)
class Resume:
    """A run's committed frontier: URLs already done (or skipped) and URLs still queued."""

    done: frozenset[str]
    queued: tuple[Link, ...]
    fetched: int  # pages of `done` that were requested (against the page budget)


@dataclass
class Fetched:
    """One URL's exchange, before any parsing. `body` is what to process: the response's
    bytes, or the archived copy for a 304."""

    link: Link
    fetched_at: datetime
    response: Response | None = None
    error: str | None = None
    attempts: int = 1
    known: KnownPage | None = None
    not_modified: bool = False  # answered 304 to a conditional request
    warc_path: str | None = None
    warc_offset: int | None = None
    body: bytes | None = None
    attachment: str | None = None  # where an attachment was stored, or why it was refused
    attachment_ok: bool = False
    budget: int = 0  # pages the run may still fetch (caps pager URLs generated from this page)

    @property
    def url(self) -> str:
        return self.link.url

    @property
    def content_hash(self) -> str | None:
        if self.not_modified and self.known is not None:
            return self.known.content_hash
        return sha256(self.response.body) if self.response is not None else None

    @property
    def unchanged(self) -> bool:
        """Same bytes as the warehouse holds: not re-extracted."""
        return self.known is not None and (self.not_modified or self.content_hash == self.known.content_hash)


Processor = Callable[[Fetched], Processed]
ChallengeTest = Callable[[Response], bool]


@dataclass
class CrawlStats:
    source: str
    fetched: int = 0
    transferred: int = 0
    not_modified: int = 0
    extracted: int = 0
    skipped: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    blocked_hosts: dict[str, str] = field(default_factory=dict)  # origin → reason
    elapsed_s: float = 0.0
    left: int = 0  # URLs found but not fetched: the page limit stopped the crawl


def crawl(
    source: Source,
    *,
    run_id: str,
    archive_path: Path,
    process: Processor,
    sink: Sink,
    attachments_dir: Path | None = None,
    max_pages: int | None = None,
    transport: httpx.BaseTransport | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    known: dict[str, KnownPage] | None = None,
    resume: Resume | None = None,
    is_challenge: ChallengeTest | None = None,
) -> CrawlStats:
    """Crawl `source` from its start URLs (or from `resume`), handing every URL's outcome to
    `sink`. `known` maps canonical URLs (see `Source.canonical`) to what the warehouse holds,
    for conditional requests."""
    run = _Crawl(
        source,
        run_id,
        archive_path,
        attachments_dir,
        max_pages,
        on_progress,
        sleep,
        known or {},
        process,
        sink,
        is_challenge,
    )
    with make_client(source.politeness, transport=transport) as client, WarcArchive(archive_path) as archive:
        run.client, run.archive = client, archive
        sink.on_commit(archive.sync)  # what a commit points at is on disk before the commit
        if resume is not None:
            run.resume_from(resume)
        else:
            run.enqueue_all(
                Link(u, hint if (hint := link_hint(source, u)) != "page" else "list", 0) for u in run.start_urls
            )
        workers = [
            threading.Thread(target=run.worker, args=(origin,), name=f"crawl-{origin}", daemon=True)
            for origin in source.allowed_origins
            for _ in range(source.politeness.concurrency)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    if run.sink_error is not None:  # the warehouse cannot take pages: stop, resume later
        raise run.sink_error
    stats = run.stats
    if run.start_failures and len(run.start_failures) >= len(run.start_urls) and not run.answered:
        raise CrawlUnreachable(f"cannot reach {source.name} ({', '.join(source.start_urls)}): {run.start_failures[0]}")
    stats.elapsed_s = time.monotonic() - run.started
    stats.left = run.queued()
    return stats


@dataclass
class _Host:
    """Politeness state of one origin, shared by its workers."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_slot: float = 0.0
    robots: RobotsRules | None = None
    blocked: int = 0

    def wait_turn(self, delay: float, sleep: Callable[[float], None]) -> None:
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
    def __init__(
        self,
        source: Source,
        run_id: str,
        archive_path: Path,
        attachments_dir: Path | None,
        max_pages: int | None,
        on_progress: Callable[[int, int], None] | None,
        sleep: Callable[[float], None],
        known: dict[str, KnownPage],
        process: Processor,
        sink: Sink,
        is_challenge: ChallengeTest | None,
    ):
        self.source = source
        self.run_id = run_id
        self.pol = source.politeness
        self.archive_path = Path(archive_path)
        self.attachments_dir = Path(attachments_dir or self.archive_path.parent.parent / "attachments")
        self.limit = max_pages if max_pages is not None else self.pol.max_pages
        self.on_progress = on_progress
        self.sleep = sleep
        self.known = known
        self.process = process
        self.sink = sink
        self.is_challenge = is_challenge
        self.stats = CrawlStats(source=source.name)
        self.started = time.monotonic()
        self.cond = threading.Condition()
        self.queues: dict[str, deque[Link]] = {o: deque() for o in source.allowed_origins}
        self.hosts: dict[str, _Host] = {o: _Host() for o in source.allowed_origins}
        self.seen: set[str] = set()
        self.inflight = 0
        self.reserved = 0  # fetches started or done, against the page limit
        self.start_urls = list(dict.fromkeys(source.start_urls))  # canonical already (the source schema)
        self.start_failures: list[str] = []
        self.answered = False  # some request got an HTTP answer
        self.archive_lock = threading.Lock()
        self.sink_error: Exception | None = None
        self.client: httpx.Client
        self.archive: WarcArchive

    # --- frontier -------------------------------------------------------------------------
    def resume_from(self, resume: Resume) -> None:
        """The frontier is stored under canonical addresses (like every row): follow them where
        the site is served now (the sample site comes back on another port)."""
        served = self.source.served
        with self.cond:
            self.seen.update(map(served, resume.done))
            self.reserved = resume.fetched
        self.enqueue_all(Link(served(link.url), link.kind, link.depth) for link in resume.queued)

    def queued(self) -> int:
        """URLs found and not fetched yet, over every host."""
        return sum(len(q) for q in self.queues.values())

    def enqueue_all(self, links: Iterable[Link]) -> list[Link]:
        """Queue the links this run has not seen; returns them (the new frontier)."""
        new: list[Link] = []
        with self.cond:
            for link in links:
                if link.url in self.seen or not self.source.allows(link.url):
                    continue  # off-site links are not ours to fetch; not an error
                self.seen.add(link.url)
                self.queues[origin_of(link.url)].append(link)
                new.append(link)
            if new:
                self.cond.notify_all()
        return new

    def _next(self, origin: str) -> Link | None:
        with self.cond:
            while True:
                if self.sink_error is not None:
                    return None
                queue = self.queues[origin]
                if queue and self.reserved < self.limit:
                    self.inflight += 1
                    self.reserved += 1
                    return queue.popleft()
                if self.inflight == 0 and (self.reserved >= self.limit or not any(self.queues.values())):
                    self.cond.notify_all()  # nothing running can add work: everyone stops
                    return None
                self.cond.wait(0.5)

    def _finish(self, *, counted: bool) -> None:
        with self.cond:
            self.inflight -= 1
            if not counted:
                self.reserved -= 1  # a skipped URL does not use up the page limit
            self.cond.notify_all()

    # --- work -----------------------------------------------------------------------------
    def worker(self, origin: str) -> None:
        host = self.hosts[origin]
        while (link := self._next(origin)) is not None:
            counted = False
            try:
                counted = self._visit(host, origin, link)
            finally:
                self._finish(counted=counted)

    def _visit(self, host: _Host, origin: str, link: Link) -> bool:
        skipped = self._skip_reason(host, origin, link)
        if skipped is not None:
            self._emit(Processed(url=self.source.canonical(link.url), run_id=self.run_id, page=None, skipped=skipped))
            return False
        fetched = self._fetch(host, link)
        try:
            self._archive(fetched)
            if link.kind == "attachment" and fetched.response is not None and fetched.response.status == 200:
                self._store_attachment(fetched)
            with self.cond:
                fetched.budget = max(0, self.limit - self.reserved)
            item = self.process(fetched)
        except Exception as exc:  # one URL's bug is one row, never the whole crawl
            log.exception("processing %s failed", link.url)
            failed = Fetched(
                link=link,
                fetched_at=fetched.fetched_at,
                attempts=fetched.attempts,
                error=f"internal error while processing: {type(exc).__name__}: {exc}",
            )
            item = self.process(failed)
        fetched.body = None  # the bytes are in the WARC; nothing of them stays in memory
        self._after(host, origin, link, fetched, item)
        return True

    def _skip_reason(self, host: _Host, origin: str, link: Link) -> str | None:
        if origin in self.stats.blocked_hosts:
            return f"host backed off: {self.stats.blocked_hosts[origin]}"
        if not self.pol.obey_robots:
            return None
        with host.lock:
            if host.robots is None:
                host.robots = load_robots(self.client, link.url, self.pol, self.source.allowed_origins)
                host.next_slot = time.monotonic() + self.pol.delay_s
        rules = host.robots
        if rules.allowed(link.url, self.pol.user_agent):
            return None
        if rules.unreachable and link.url in self.start_urls:
            with self.cond:
                self.start_failures.append(rules.disallow_all_reason or "robots.txt unreachable")
        return rules.disallow_all_reason or "disallowed by robots.txt"

    def _delay(self, host: _Host) -> float:
        rules = host.robots
        return max(self.pol.delay_s, (rules.crawl_delay or 0.0) if rules is not None else 0.0)

    def _after(self, host: _Host, origin: str, link: Link, fetched: Fetched, item: Processed) -> None:
        canonical = self.source.canonical
        item.frontier = [Link(canonical(k.url), k.kind, k.depth) for k in self.enqueue_all(item.links)]
        self._emit(item)
        page = item.page
        if fetched.response is not None:
            self.answered = True
        elif link.url in self.start_urls:
            with self.cond:
                self.start_failures.append(fetched.error or "unknown error")
        if page is not None and page["status"] == "blocked":
            self._back_off(host, origin, page.get("error_reason"))

    def _emit(self, item: Processed) -> None:
        with self.cond:
            s = self.stats
            if item.page is None:
                s.skipped += 1
            else:
                s.fetched += 1
                s.transferred += item.transferred
                s.not_modified += item.page.get("http_status") == 304
                s.extracted += item.extracted
                status = item.page["status"]
                s.by_status[status] = s.by_status.get(status, 0) + 1
            done, queued = s.fetched, self.queued()
        try:
            self.sink.put(item)
        except Exception as exc:  # noqa: BLE001 - raised by crawl() once every worker has stopped
            with self.cond:
                self.sink_error = self.sink_error or exc
                self.cond.notify_all()
            return
        if self.on_progress:
            self.on_progress(done, queued)

    def _archive(self, fetched: Fetched) -> None:
        """Archive before anything parses the body; a 304 keeps pointing at the stored copy
        (and is processed from it, for its links)."""
        resp = fetched.response
        if resp is None:
            return
        with self.archive_lock:
            if fetched.not_modified and fetched.known is not None:
                self.archive.write_revisit(resp, refers_to=fetched.known.content_hash)
            else:
                fetched.warc_path = str(self.archive_path)
                fetched.warc_offset = self.archive.write(resp)
        if fetched.not_modified and fetched.known is not None:
            k = fetched.known
            fetched.warc_path, fetched.warc_offset = k.warc_path, k.warc_offset
            fetched.body = _archived_body(k) if fetched.link.kind != "attachment" else None
        else:
            fetched.body = resp.body

    def _store_attachment(self, fetched: Fetched) -> None:
        assert fetched.response is not None
        try:
            stored = store_attachment(fetched.response.body, self.attachments_dir)
            rel = stored.path.relative_to(self.attachments_dir.resolve().parent)
            fetched.attachment, fetched.attachment_ok = f"attachment stored at {rel}", True
        except AttachmentRefused as exc:
            fetched.attachment = f"attachment refused: {exc}"

    def _back_off(self, host: _Host, origin: str, reason: str | None) -> None:
        with host.lock:
            host.blocked += 1
            count = host.blocked
        if count >= BLOCKED_HOST_LIMIT:
            with self.cond:
                self.stats.blocked_hosts[origin] = f"{count} WAF challenges ({reason})"
        else:
            self.sleep(min(60.0, max(self._delay(host), 1.0) * 2**count))

    def _fetch(self, host: _Host, link: Link) -> Fetched:
        url = link.url
        known = self.known.get(self.source.canonical(url)) if link.kind in ("detail", "attachment", "page") else None
        conditional = {}
        if known and known.etag:
            conditional["If-None-Match"] = known.etag
        if known and known.last_modified:
            conditional["If-Modified-Since"] = known.last_modified
        attempt = 0
        while True:
            attempt += 1
            host.wait_turn(self._delay(host), self.sleep)
            try:
                resp = fetch(
                    self.client,
                    url,
                    politeness=self.pol,
                    allowed_origins=self.source.allowed_origins,
                    extra_headers=conditional or None,
                )
            except FetchError as exc:
                if exc.retryable and attempt <= self.pol.retries:
                    self.sleep(_backoff(attempt))
                    continue
                return Fetched(link=link, fetched_at=datetime.now(UTC), error=exc.reason, attempts=attempt)
            if (
                resp.status in RETRYABLE_STATUS
                and attempt <= self.pol.retries
                and not (self.is_challenge is not None and self.is_challenge(resp))
            ):
                wait = retry_after_seconds(resp.header("retry-after"))
                self.sleep(min(wait if wait is not None else _backoff(attempt), MAX_RETRY_WAIT_S))
                continue
            return Fetched(
                link=link,
                fetched_at=resp.fetched_at,
                response=resp,
                attempts=attempt,
                known=known,
                not_modified=resp.status == 304 and known is not None,
            )


def link_hint(source: Source, url: str) -> LinkKind:
    """What a source's URL patterns say a link is; "page" when they say nothing."""
    return _HINTS.get(source.kind_of(url), "page")


_HINTS: dict[str, LinkKind] = {"list": "list", "detail": "detail", "attachment": "attachment"}


def _archived_body(known: KnownPage) -> bytes | None:
    """A 304 page's links come from its archived copy (its attachments must still be seen)."""
    if not (known.warc_path and known.warc_offset is not None):
        return None
    try:
        return read_response(Path(known.warc_path), known.warc_offset)[3]
    except (OSError, ValueError):
        return None


def _backoff(attempt: int) -> float:
    """Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … scaled by U(0.5, 1.5)."""
    return float(0.5 * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5))
