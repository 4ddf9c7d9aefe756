"""Import web archives made by other crawlers: WARC records → `Fetched` → `process` → the writer.

Any standard WARC (wget `--warc-file`, Heritrix, Browsertrix-crawler, pywb, Common Crawl
segments; gzipped per record or plain; WARC/1.0 and 1.1) becomes a run of a source, through
the same page path as a crawl: each `response` record is one `Fetched`, processed by
`govdocs.process.process` and committed by the one `BatchWriter`. Nothing touches the network.

- `revisit` records (deduplicated captures) and 304 responses are resolved against their
  original response: by `WARC-Refers-To` (record id), the payload digest (identical-payload-
  digest revisits only), `WARC-Refers-To-Target-URI` + date, or the URL's latest capture, in
  this import's files; otherwise against the warehouse's archived copy of the URL (like a
  crawl's 304). An original that appears later is resolved once every file is read.
- `request`, `metadata`, `warcinfo` records are skipped; `resource` records (screenshots,
  logs) are skipped and counted; 3xx responses are counted (the archiving crawler followed
  them: their targets are records of their own); records outside `url_prefixes` are
  counted, not decoded.
- Payloads are decoded here (chunked transfer coding, then gzip/deflate through the
  crawler's bounded decoder, so a bomb stops at the size cap): warcio's `content_stream`
  silently returns nothing for a corrupt gzip body and falls back on bad chunking.
  A broken or truncated payload is one `fetch_error` row with its reason; a file that
  cannot be read further ends that file with a recorded reason, never the import.
- Pages keep the location of the response they came from (`warc_path` = the imported
  file, `warc_offset` = the record), so `reextract` reads them as it reads crawled pages.
  A page whose bytes the warehouse already holds is not re-extracted (`KnownPage`, as in
  an incremental crawl), so a second import of the same file changes nothing.

Memory does not grow with the archive: records are streamed one at a time, and the index
the revisits are resolved with (four keys per response record) lives in a temporary
SQLite file, not in a dict (`benchmarks/bench_import.py --mode memory`).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.recordloader import ArcWarcRecord

from govdocs.fetch.archive import read_response
from govdocs.fetch.attachments import AttachmentRefused, store_attachment
from govdocs.fetch.client import FetchError, Response, _BoundedDecoder
from govdocs.fetch.crawl import CrawlStats, Fetched, KnownPage, link_hint
from govdocs.pipeline import COMMIT_PAGES, Guard, RunOutcome, begin_run, source_lock
from govdocs.process import process
from govdocs.sources import Source, source_from_dict
from govdocs.stream import Link, Processed
from govdocs.urls import InvalidURL, origin, to_uri
from govdocs.warehouse.writer import BatchWriter, WriterFailed

log = logging.getLogger(__name__)

IMPORT_SOURCE = "warc-import"  # the source of pages imported without --source
WARC_SUFFIXES = (".warc", ".warc.gz")
READ_BLOCK = 65536
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class NoArchive(ValueError):
    """Nothing to import (no WARC file at a path); the message says which path."""


@dataclass
class ImportStats:
    """What one import read: records by type, pages by status, hosts, and failures."""

    source: str
    files: int = 0
    records: dict[str, int] = field(default_factory=dict)  # WARC-Type → records read
    pages: int = 0  # response and revisit records processed into page rows
    extracted: int = 0
    unchanged: int = 0  # the warehouse already held these bytes: not re-extracted
    by_status: dict[str, int] = field(default_factory=dict)
    resources_skipped: int = 0
    outside_prefix: int = 0
    not_http: int = 0  # dns:, whois: … responses
    redirects: int = 0  # 3xx responses: the crawler that made the archive followed them
    revisits_resolved: int = 0
    revisits_unresolved: int = 0
    hosts: dict[str, int] = field(default_factory=dict)  # origin → pages
    file_errors: list[dict[str, Any]] = field(default_factory=list)  # {path, offset, reason}
    elapsed_s: float = 0.0

    def crawl_stats(self) -> CrawlStats:
        """The crawl's view of the same numbers, for `pipeline.run_summary`."""
        return CrawlStats(
            source=self.source,
            fetched=self.pages,
            transferred=self.pages,
            extracted=self.extracted,
            by_status=dict(self.by_status),
            elapsed_s=self.elapsed_s,
        )


@dataclass
class ImportOutcome:
    run: RunOutcome
    stats: ImportStats
    files: list[Path]


# --- inputs -------------------------------------------------------------------------------


def warc_files(paths: Sequence[str | Path]) -> list[Path]:
    """The WARC files named or found (recursively, sorted) under `paths`; raises
    NoArchive naming the first path that holds none."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES))
            if not found:
                raise NoArchive(f"{path}: no .warc or .warc.gz file in this folder")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise NoArchive(f"{path}: no such file or folder")
    return list(dict.fromkeys(p.resolve() for p in out))


def archive_source(first_url: str, url_prefixes: Sequence[str] = ()) -> Source:
    """The source of pages imported without `--source`: no URL patterns (what a page is
    comes from the page), origins from the prefixes or the archive's first page."""
    origins = list(dict.fromkeys(origin(u) + "/" for u in (url_prefixes or [first_url])))
    return source_from_dict(
        {
            "name": IMPORT_SOURCE,
            "title": "pages imported from web archives",
            "start_urls": [origins[0]],
            "allowed_origins": origins,
        },
        where="import-warc",
    )


def first_url(files: Sequence[Path], url_prefixes: Sequence[str] = ()) -> str | None:
    """The first http(s) page under the prefixes in the archive (it names the default source)."""
    prefixes = _canonical_prefixes(url_prefixes)
    for path in files:
        with contextlib.suppress(Exception), open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    url = _target(record)
                    if url is not None and _under(url, prefixes):
                        return url
    return None


# --- the import ---------------------------------------------------------------------------


def import_warcs(
    paths: Sequence[str | Path],
    db_path: Path,
    *,
    source: Source | None = None,
    url_prefixes: Sequence[str] = (),
    on_progress: Callable[[int, int], None] | None = None,
    guard: Guard | None = None,
    batch_items: int | None = None,
) -> ImportOutcome:
    """Import every response/revisit record of the WARC files under `paths` into the
    warehouse as one run of `source` (default: the `warc-import` source, content decides).
    Holds the source's crawl lock: an import and a crawl of one source never overlap."""
    db_path = Path(db_path)
    files = warc_files(paths)
    prefixes = _canonical_prefixes(url_prefixes)
    if source is None:  # the prefixes name the origins; else the first page does (a short read)
        url = None if url_prefixes else first_url(files, url_prefixes)
        source = archive_source(url or "http://archive.invalid/", url_prefixes)
    with source_lock(db_path, source.name):
        plan = begin_run(source, db_path, fresh=True)  # an import never resumes a crawl's run
        outcome = RunOutcome(plan=plan)
        stats = ImportStats(source=source.name, files=len(files))
        writer = BatchWriter(
            db_path,
            guard=guard,
            batch_items=batch_items or COMMIT_PAGES,
            on_batch=getattr(on_progress, "committed", None),
        )
        started = time.monotonic()
        with writer, tempfile.TemporaryDirectory(prefix="govdocs-import-") as tmp:
            run = _Import(
                source,
                plan.run_id,
                plan.known,
                files,
                prefixes,
                writer,
                stats,
                Path(tmp),
                attachments_dir=db_path.parent / "attachments",
                on_progress=on_progress,
            )
            try:
                run.all_files()
            except WriterFailed as exc:
                outcome.exc, outcome.error = exc, f"{type(exc).__name__}: {exc}"
            finally:
                run.index.close()
            try:
                writer.close()
            except WriterFailed as exc:
                if outcome.exc is None:
                    outcome.exc, outcome.error = exc, f"{type(exc).__name__}: {exc}"
        stats.elapsed_s = time.monotonic() - started
        if on_progress is not None:  # the last line: everything committed
            on_progress(stats.pages, 0)
        outcome.stats = stats.crawl_stats()
        outcome.loaded = writer.loaded.get(plan.run_id)
    return ImportOutcome(run=outcome, stats=stats, files=files)


def import_summary(outcome: ImportOutcome, base: dict[str, Any]) -> dict[str, Any]:
    """`pipeline.run_summary`'s keys plus what an import adds."""
    s = outcome.stats
    summary = dict(base)
    summary.pop("pages_fetched", None)
    summary.pop("bodies_transferred", None)
    summary.pop("not_modified", None)
    summary.pop("blocked_hosts", None)
    summary.pop("skipped", None)  # a crawl's robots.txt skips; an import requests nothing
    for key in ("urls_left", "max_pages", "page_limit"):  # an import has no page limit
        summary.pop(key, None)
    crawl_seconds = summary.pop("crawl_seconds", None)
    summary.update(
        files=s.files,
        pages_imported=s.pages,
        unchanged=s.unchanged,
        records=dict(sorted(s.records.items())),
        resources_skipped=s.resources_skipped,
        outside_prefix=s.outside_prefix,
        not_http=s.not_http,
        redirects=s.redirects,
        revisits_resolved=s.revisits_resolved,
        revisits_unresolved=s.revisits_unresolved,
        hosts=dict(sorted(s.hosts.items())),
        file_errors=len(s.file_errors),
        import_seconds=crawl_seconds,
        pages_per_s=round(s.pages / s.elapsed_s, 1) if s.elapsed_s > 0 else None,
    )
    return summary


class _Index:
    """Where each response record is, by record id, payload digest and URI+date (and the
    latest by URI), in a temporary SQLite file: lookups are for revisits only, and the
    index must not grow in memory with the archive."""

    def __init__(self, folder: Path):
        self.db = sqlite3.connect(folder / "index.sqlite", isolation_level=None)
        self.db.execute("pragma journal_mode = off")
        self.db.execute("pragma synchronous = off")
        self.db.execute("create table loc (key text primary key, file integer, offset integer) without rowid")
        self.db.execute("create table pending (file integer, offset integer)")
        self.pending: list[tuple[int, int]] = []
        self.rows: list[tuple[str, int, int]] = []

    def add(self, record: ArcWarcRecord, url: str, file: int, offset: int) -> None:
        h = record.rec_headers
        for name, value in (
            ("id", h.get_header("WARC-Record-ID")),
            ("digest", h.get_header("WARC-Payload-Digest")),
            ("at", f"{url} {h.get_header('WARC-Date')}"),
        ):
            if value:
                self.rows.append((f"{name} {value}", file, offset))
        self.rows.append((f"url {url}", file, offset))  # the latest capture of the URL wins
        if len(self.rows) >= 2000:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            # the first record with a digest or id stays its original; a URL's latest capture wins
            self.db.executemany(
                "insert into loc values (?, ?, ?) on conflict (key) do update set "
                "file = excluded.file, offset = excluded.offset where key like 'url %'",
                self.rows,
            )
            self.rows.clear()

    def find(self, keys: Sequence[str]) -> tuple[int, int] | None:
        self.flush()
        for key in keys:
            row = self.db.execute("select file, offset from loc where key = ?", [key]).fetchone()
            if row is not None:
                return int(row[0]), int(row[1])
        return None

    def defer(self, file: int, offset: int) -> None:
        self.db.execute("insert into pending values (?, ?)", [file, offset])

    def deferred(self) -> Iterator[tuple[int, int]]:
        yield from self.db.execute("select file, offset from pending order by file, offset").fetchall()

    def close(self) -> None:
        self.db.close()


class _Import:
    def __init__(
        self,
        source: Source,
        run_id: str,
        known: dict[str, KnownPage],
        files: list[Path],
        prefixes: tuple[str, ...],
        sink: BatchWriter,
        stats: ImportStats,
        tmp: Path,
        *,
        attachments_dir: Path,
        on_progress: Callable[[int, int], None] | None,
    ):
        self.source = source
        self.run_id = run_id
        self.known = known
        self.files = files
        self.prefixes = prefixes
        self.sink = sink
        self.stats = stats
        self.index = _Index(tmp)
        self.attachments_dir = attachments_dir
        self.on_progress = on_progress
        self.max_bytes = source.politeness.max_bytes

    def all_files(self) -> None:
        for i, path in enumerate(self.files):
            self.one_file(i, path)
        for file, offset in self.index.deferred():  # revisits whose original came later
            self.resolve_late(file, offset)

    def one_file(self, i: int, path: Path) -> None:
        problem = not_a_warc(path)
        if problem is not None:
            self.stats.file_errors.append({"path": str(path), "offset": 0, "reason": problem})
            log.warning("%s: %s", path, problem)
            return
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            done = 0  # where the last complete record ends
            try:
                for record in it:
                    self.one_record(i, path, it, record)
                    done = int(it.get_record_offset()) + int(it.get_record_length())
            except WriterFailed:
                raise
            except Exception as exc:  # noqa: BLE001 - a torn or corrupt file ends here, with its reason
                self.stats.file_errors.append(
                    {
                        "path": str(path),
                        "offset": done,
                        "reason": f"cannot read past byte {done}: {type(exc).__name__}: {exc}",
                    }
                )
                log.warning("%s: stopped at byte %d: %s", path, done, exc)

    def one_record(self, i: int, path: Path, it: ArchiveIterator, record: ArcWarcRecord) -> int:
        rtype = record.rec_type
        self.stats.records[rtype] = self.stats.records.get(rtype, 0) + 1
        if rtype not in ("response", "revisit"):
            if rtype == "resource":
                self.stats.resources_skipped += 1
            it.read_to_end(record)
            return int(it.get_record_offset())
        url = _target(record)
        if url is None or record.http_headers is None:
            self.stats.not_http += 1
            it.read_to_end(record)
            return int(it.get_record_offset())
        if not _under(url, self.prefixes):
            self.stats.outside_prefix += 1
            it.read_to_end(record)
            return int(it.get_record_offset())
        fetched_at = _warc_date(record)
        status = _status(record)
        if rtype == "response" and status in REDIRECTS:
            # the archiving crawler followed it: its target is a record of its own
            self.stats.redirects += 1
            it.read_to_end(record)
            return int(it.get_record_offset())
        if rtype == "response" and status != 304:  # a 304 response is a revisit by another name
            try:
                resp: Response | str = _response(record, url, fetched_at, self.max_bytes)
            except _Broken as exc:
                resp = exc.reason
            it.read_to_end(record)
            offset = int(it.get_record_offset())
            if isinstance(resp, Response):  # a broken record is nobody's original
                self.index.add(record, url, i, offset)
            self.emit(url, fetched_at, resp, str(path), offset)
            return offset
        it.read_to_end(record)
        offset = int(it.get_record_offset())
        found = self.index.find(_refers_keys(record, url))
        if found is None and not self.from_warehouse(url, record, fetched_at):
            self.index.defer(i, offset)
        elif found is not None:
            self.revisit(url, fetched_at, record, found)
        return offset

    # --- revisits -----------------------------------------------------------------------
    def revisit(self, url: str, fetched_at: datetime, record: ArcWarcRecord, found: tuple[int, int]) -> None:
        path, offset = str(self.files[found[0]]), found[1]
        resp: Response | str
        try:
            _u, status, headers, body = read_response(Path(path), offset)
            resp = Response(
                url=url,
                final_url=url,
                status=status,
                headers=_plain_headers(headers, len(body)),
                body=body,
                fetched_at=fetched_at,
                elapsed_s=0.0,
            )
        except Exception as exc:  # noqa: BLE001 - warcio raises its own types on a bad record
            resp = f"revisit of {_refers_uri(record, url)}: original unreadable: {type(exc).__name__}: {exc}"
        self.stats.revisits_resolved += isinstance(resp, Response)
        self.emit(url, fetched_at, resp, path, offset)

    def from_warehouse(self, url: str, record: ArcWarcRecord, fetched_at: datetime) -> bool:
        """A revisit whose original is not in these files but archived in the warehouse:
        the stored copy stands, as for a crawl's 304."""
        known = self.known.get(self.source.canonical(to_uri_or(_refers_uri(record, url))))
        if known is None or not (known.warc_path and known.warc_offset is not None):
            return False
        try:
            _u, status, headers, body = read_response(Path(known.warc_path), known.warc_offset)
        except Exception:  # noqa: BLE001 - the stored copy is gone: try this import's files later
            return False
        resp = Response(
            url=url,
            final_url=url,
            status=status,
            headers=_plain_headers(headers, len(body)),
            body=body,
            fetched_at=fetched_at,
            elapsed_s=0.0,
        )
        self.stats.revisits_resolved += 1
        self.emit(url, fetched_at, resp, known.warc_path, known.warc_offset)
        return True

    def resolve_late(self, file: int, offset: int) -> None:
        path = self.files[file]
        try:
            with open(path, "rb") as fh:  # read once already: it parses again
                fh.seek(offset)
                record = next(iter(ArchiveIterator(fh)))
        except Exception as exc:  # noqa: BLE001 - the file changed since: a reason, not an abort
            self.stats.revisits_unresolved += 1
            self.stats.file_errors.append(
                {"path": str(path), "offset": offset, "reason": f"revisit unreadable: {type(exc).__name__}: {exc}"}
            )
            return
        url = _target(record) or ""
        fetched_at = _warc_date(record)
        found = self.index.find(_refers_keys(record, url))
        if found is not None:
            self.revisit(url, fetched_at, record, found)
            return
        self.stats.revisits_unresolved += 1
        reason = (
            f"revisit of {_refers_uri(record, url)}: its original response is in none of "
            "the imported files nor in the warehouse"
        )
        self.emit(url, fetched_at, reason, None, None)

    # --- pages --------------------------------------------------------------------------
    def emit(
        self, url: str, fetched_at: datetime, resp: Response | str, warc_path: str | None, warc_offset: int | None
    ) -> None:
        hint = link_hint(self.source, url)
        link = Link(url, hint, 0)
        if isinstance(resp, str):
            fetched = Fetched(link=link, fetched_at=fetched_at, error=resp)
        else:
            fetched = Fetched(
                link=link,
                fetched_at=fetched_at,
                response=resp,
                warc_path=warc_path,
                warc_offset=warc_offset,
                body=resp.body,
                known=self.known.get(self.source.canonical(url)),
            )
            if hint == "attachment" and resp.status == 200 and not fetched.unchanged:
                self.store_attachment(fetched)
        try:
            item = process(fetched, self.source, self.run_id)
        except Exception as exc:
            log.exception("processing %s failed", url)
            item = process(
                Fetched(
                    link=link,
                    fetched_at=fetched_at,
                    error=f"internal error while processing: {type(exc).__name__}: {exc}",
                ),
                self.source,
                self.run_id,
            )
        self.count(item, fetched)
        self.sink.put(item)
        if self.on_progress is not None and self.stats.pages % 100 == 0:
            self.on_progress(self.stats.pages, 0)

    def store_attachment(self, fetched: Fetched) -> None:
        assert fetched.response is not None
        try:
            stored = store_attachment(fetched.response.body, self.attachments_dir)
            rel = stored.path.relative_to(self.attachments_dir.resolve().parent)
            fetched.attachment, fetched.attachment_ok = f"attachment stored at {rel}", True
        except AttachmentRefused as exc:
            fetched.attachment = f"attachment refused: {exc}"

    def count(self, item: Processed, fetched: Fetched) -> None:
        s = self.stats
        s.pages += 1
        s.extracted += item.extracted
        s.unchanged += fetched.response is not None and fetched.unchanged
        if item.page is not None:
            status = item.page["status"]
            s.by_status[status] = s.by_status.get(status, 0) + 1
        with contextlib.suppress(InvalidURL):
            host = origin(item.url)
            s.hosts[host] = s.hosts.get(host, 0) + 1


def not_a_warc(path: Path) -> str | None:
    """Why `path` is no WARC (or ARC) file, from its first bytes; None when it is one.
    warcio reads any text as ARC header lines, so a stray HTML file would become records."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error as exc:
            return f"not a gzipped WARC file: {exc}"
    if head.startswith((b"WARC/", b"filedesc:")):
        return None
    return f"not a WARC file (it starts with {head[:20]!r}, not 'WARC/')"


# --- records ------------------------------------------------------------------------------


class _Broken(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _status(record: ArcWarcRecord) -> int | None:
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _response(record: ArcWarcRecord, url: str, fetched_at: datetime, max_bytes: int) -> Response:
    """The HTTP response of a record with its payload decoded; _Broken says why not."""
    http = record.http_headers
    status = _status(record)
    if status is None:
        raise _Broken(f"unreadable HTTP status line {http.statusline!r}")
    headers = list(http.headers)
    body = _payload(record, max_bytes)
    return Response(
        url=url,
        final_url=url,
        status=status,
        headers=_plain_headers(headers, len(body)),
        body=body,
        fetched_at=fetched_at,
        elapsed_s=0.0,
    )


def _payload(record: ArcWarcRecord, max_bytes: int) -> bytes:
    http = record.http_headers
    raw: BinaryIO = record.raw_stream
    chunked = "chunked" in (http.get_header("transfer-encoding") or "").lower()
    encoding = (http.get_header("content-encoding") or "identity").strip().lower()
    stream = ChunkedDataReader(raw, raise_exceptions=True) if chunked else raw
    try:
        decoder = _BoundedDecoder(encoding, max_bytes)
        parts: list[bytes] = []
        while block := stream.read(READ_BLOCK):
            parts.append(decoder.feed(block))
        parts.append(decoder.flush())
    except FetchError as exc:
        raise _Broken(f"broken payload: {exc.reason}") from None
    except Exception as exc:  # noqa: BLE001 - warcio's ChunkedDataException, zlib errors …
        raise _Broken(f"broken payload: {type(exc).__name__}: {exc}") from None
    missing = getattr(raw, "limit", 0)
    if missing:
        raise _Broken(f"truncated record: {missing} bytes of its declared length are missing")
    body = b"".join(parts)
    declared = http.get_header("content-length")
    if not chunked and encoding == "identity" and declared and declared.strip().isdigit() and len(body) < int(declared):
        raise _Broken(f"incomplete response: {len(body)} of {declared} bytes (Content-Length) archived")
    return body


def _plain_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """Headers as a crawl stores them: the body is decoded, so its codings are gone."""
    drop = {"content-encoding", "transfer-encoding", "content-length"}
    return [(k, v) for k, v in headers if k.lower() not in drop] + [("Content-Length", str(length))]


def _target(record: ArcWarcRecord) -> str | None:
    raw = record.rec_headers.get_header("WARC-Target-URI")
    if not raw:
        return None
    try:
        return to_uri(raw.strip("<> "))
    except InvalidURL:
        return None


def to_uri_or(url: str) -> str:
    try:
        return to_uri(url)
    except InvalidURL:
        return url


def _refers_uri(record: ArcWarcRecord, url: str) -> str:
    return record.rec_headers.get_header("WARC-Refers-To-Target-URI") or url


def _refers_keys(record: ArcWarcRecord, url: str) -> list[str]:
    h = record.rec_headers
    keys = []
    if h.get_header("WARC-Refers-To"):
        keys.append(f"id {h.get_header('WARC-Refers-To')}")
    # A server-not-modified revisit (or a 304 response) carries no payload: its digest, if
    # any, is of nothing and would find any empty response. Only identical-payload-digest
    # revisits name their original by digest.
    by_digest = record.rec_type == "revisit" and "server-not-modified" not in (h.get_header("WARC-Profile") or "")
    if by_digest and h.get_header("WARC-Payload-Digest"):
        keys.append(f"digest {h.get_header('WARC-Payload-Digest')}")
    target = to_uri_or(_refers_uri(record, url))
    if h.get_header("WARC-Refers-To-Date"):
        keys.append(f"at {target} {h.get_header('WARC-Refers-To-Date')}")
    keys.append(f"url {target}")
    return keys


def _warc_date(record: ArcWarcRecord) -> datetime:
    raw = record.rec_headers.get_header("WARC-Date") or ""
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _canonical_prefixes(prefixes: Sequence[str]) -> tuple[str, ...]:
    return tuple(to_uri_or(p) for p in prefixes)


def _under(url: str, prefixes: tuple[str, ...]) -> bool:
    return not prefixes or url.startswith(prefixes)
