"""The types that flow through the page path: crawl → process → writer.

One response becomes one `Processed` (its `pages` row, the extracted record when it is a
new or changed document, and the links it leads to). The crawl hands each `Processed` to a
`Sink` — the warehouse writer in a run, a list in tests — and forgets it, so memory does
not grow with the size of the site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from govdocs.records import PageRecord
from govdocs.warehouse.rows import PageRow

# A link's kind before it is fetched: a source's URL patterns (hints) or the file extension
# say list / detail / attachment; "page" means "decide from the page itself".
LinkKind = Literal["list", "detail", "attachment", "page"]
FrontierState = Literal["queued", "done", "skipped"]


@dataclass(frozen=True)
class Link:
    url: str  # canonical URI (govdocs.urls.to_uri)
    kind: LinkKind
    depth: int  # clicks from a start URL


@dataclass
class Processed:
    """What one URL of a run produced. `page` is None for a URL that was not requested
    (robots.txt, a backed-off host): then `skipped` says why."""

    url: str  # canonical (Source.canonical), as stored
    run_id: str
    page: PageRow | None
    record: PageRecord | None = None
    links: tuple[Link, ...] = ()
    frontier: list[Link] = field(default_factory=list)  # links new to this run, canonical (set by the crawl)
    skipped: str | None = None
    transferred: bool = False  # a body came over the wire (not a 304)
    extracted: bool = False


class Sink(Protocol):
    def put(self, item: Processed) -> None: ...

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` before each commit (the crawl fsyncs its WARC there)."""
        ...
