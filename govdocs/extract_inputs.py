"""Turn a command-line input (a file path or an http(s) URL) into a PageRecord."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from govdocs.extract import extract_page
from govdocs.records import PageRecord, empty_record


def extract_input(item: str) -> PageRecord:
    if urlsplit(item).scheme in ("http", "https"):
        return _extract_url(item)
    path = Path(item)
    try:
        content = path.read_bytes()
    except OSError as exc:
        return failed_record(item, f"cannot read file: {exc.strerror or exc}")
    return extract_page(content, url=path.resolve().as_uri())


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
