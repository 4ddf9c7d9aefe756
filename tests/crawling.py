"""The crawl engine with `process` and a collecting sink instead of the warehouse writer:
what a test of crawling needs, as a list of page rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from govdocs import pipeline
from govdocs.fetch.crawl import CrawlStats
from govdocs.fetch.crawl import crawl as run_crawl
from govdocs.process import process
from govdocs.sources import Source
from govdocs.stream import Processed


class Collect:
    """A Sink that keeps everything (tests only: a run's sink is the warehouse writer)."""

    def __init__(self) -> None:
        self.items: list[Processed] = []

    def put(self, item: Processed) -> None:
        self.items.append(item)

    def on_commit(self, hook: Any) -> None:
        pass


@dataclass
class Crawled:
    stats: CrawlStats
    items: list[Processed]
    pages: list[SimpleNamespace] = field(default_factory=list)  # page rows, attribute access
    skipped: dict[str, str] = field(default_factory=dict)  # url → why it was not requested

    def counts(self) -> dict[str, int]:
        return self.stats.by_status

    @property
    def blocked_hosts(self) -> dict[str, str]:
        return self.stats.blocked_hosts

    def by_path(self) -> dict[str, SimpleNamespace]:
        return {p.url.split("/", 3)[3]: p for p in self.pages}


def crawl(source: Source, *, archive_path: Path, **kw: Any) -> Crawled:
    sink = Collect()
    stats = run_crawl(
        source,
        run_id="test",
        archive_path=archive_path,
        sink=sink,
        process=lambda f: process(f, source, "test"),
        is_challenge=pipeline.is_challenge,
        **kw,
    )
    pages = [SimpleNamespace(**i.page, not_modified=i.page["http_status"] == 304) for i in sink.items if i.page]
    skipped = {i.url: i.skipped or "" for i in sink.items if i.page is None}
    return Crawled(stats=stats, items=sink.items, pages=pages, skipped=skipped)
