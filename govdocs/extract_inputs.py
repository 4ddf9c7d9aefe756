"""Turn command-line inputs (files, folders of pages, http(s) URLs, `-` for stdin) into
PageRecords, one input at a time (constant memory whatever the number of inputs)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from govdocs.extract import extract_page
from govdocs.records import PageRecord, empty_record
from govdocs.sources import Politeness

STDIN = "-"
PAGE_SUFFIXES = frozenset({".html", ".htm"})  # what a folder input reads (trafilatura's --input-dir reads all)
# A file or stdin is capped like a fetched response (the crawler's default max_bytes), so a
# huge or endless input is one recorded reason, not unbounded memory.
MAX_INPUT_BYTES = Politeness().max_bytes


@dataclass(frozen=True)
class Input:
    """One page to extract: `item` as given (a folder's files: the file's path), and the
    relative name (without suffix) of its output file under --output-dir."""

    item: str
    output_name: PurePosixPath


class NoPages(ValueError):
    """A folder input holds no .html/.htm file."""


def expand(items: Sequence[str]) -> Iterator[Input | NoPages]:
    """The inputs in order: a folder becomes its .html/.htm files (recursive, sorted, symlinked
    folders not followed), each named by its path inside the folder; an empty folder is a
    NoPages (yielded, not raised: the other inputs still run)."""
    for item in items:
        if item == STDIN:
            yield Input(item, PurePosixPath("stdin"))
        elif urlsplit(item).scheme in ("http", "https"):
            yield Input(item, _url_name(item))
        elif Path(item).is_dir():
            root = Path(item)
            files = sorted(p for p in root.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and p.is_file())
            if not files:
                yield NoPages(f"{item}: no .html or .htm files in this folder")
            for path in files:
                yield Input(str(path), PurePosixPath(path.relative_to(root).with_suffix("").as_posix()))
        else:
            yield Input(item, PurePosixPath(Path(item).stem or "page"))


def _url_name(url: str) -> PurePosixPath:
    """t20220101_1.html → t20220101_1; a folder URL → its last segment, else the host."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    stem = PurePosixPath(segments[-1]).stem if segments else ""
    return PurePosixPath(re.sub(r"[^\w.-]+", "_", stem or parts.hostname or "page").strip("._") or "page")


def extract_input(item: str, stdin: BinaryIO | None = None) -> PageRecord:
    """One input's record; an input that cannot be read is a fetch_error record with the reason."""
    if item == STDIN:
        if stdin is None:
            return failed_record(item, "no standard input to read")
        return _extract_bytes(item, stdin, url=STDIN)
    if urlsplit(item).scheme in ("http", "https"):
        return _extract_url(item)
    path = Path(item)
    try:
        with path.open("rb") as fh:
            return _extract_bytes(item, fh, url=path.resolve().as_uri())
    except OSError as exc:
        return failed_record(item, f"cannot read file: {exc.strerror or exc}")


def _extract_bytes(item: str, stream: BinaryIO, *, url: str) -> PageRecord:
    content = stream.read(MAX_INPUT_BYTES + 1)
    if len(content) > MAX_INPUT_BYTES:
        return failed_record(item, f"larger than {MAX_INPUT_BYTES:,} bytes (the crawler's max_bytes)")
    return extract_page(content, url=url)


def _extract_url(url: str) -> PageRecord:
    """One page fetched as the crawler fetches: robots.txt, the User-Agent, deadlines, size
    cap, checked redirects; the response archived (to a temporary WARC) and processed once."""
    from govdocs.fetch.crawl import CrawlUnreachable, crawl
    from govdocs.process import process
    from govdocs.sources import SourceError, source_for_url
    from govdocs.stream import Processed

    try:
        source = source_for_url(url)
    except SourceError as exc:
        return failed_record(url, str(exc))
    got: list[Processed] = []

    class One:
        def put(self, item: Processed) -> None:
            got.append(item)

        def on_commit(self, hook: object) -> None:
            pass

    with tempfile.TemporaryDirectory(prefix="govdocs-extract-") as tmp:
        try:
            crawl(
                source,
                run_id="extract",
                archive_path=Path(tmp) / "warc" / "extract.warc.gz",
                attachments_dir=Path(tmp) / "attachments",
                max_pages=1,
                sink=One(),
                process=lambda f: process(f, source, "extract", always_record=True),
            )
        except CrawlUnreachable as exc:
            return failed_record(url, str(exc))
    item = got[0] if got else None
    if item is None or item.page is None:
        return failed_record(url, item.skipped if item is not None and item.skipped else "not fetched")
    if item.record is None:
        return failed_record(url, item.page["error_reason"] or item.page["status"])
    return item.record


def failed_record(source: str, reason: str) -> PageRecord:
    """A record for an input that could not be read at all: every field present, all None."""
    return empty_record(source, "fetch_error", reason)
