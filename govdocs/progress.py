"""Progress lines for long runs: pages fetched / committed / queued, rate, ETA.

The CLI installs a reporter (lines on stderr); the crawl task picks it up and also writes
the same line to its Prefect task log every `every_s`. Prefect flow parameters must be
serialisable, so the reporter travels through this module rather than as a parameter.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

ProgressFn = Callable[[int, int], None]
_active: ProgressFn | None = None


class CrawlProgress:
    """Called with (fetched, queued) by the crawl and `committed(n)` by the writer."""

    def __init__(
        self,
        stream: TextIO | None = sys.stderr,
        every_s: float = 2.0,
        limit: int | None = None,
        log: Callable[[str], None] | None = None,
    ):
        self.stream = stream
        self.every_s = every_s
        self.limit = limit
        self.log = log
        self.started = time.monotonic()
        self.last = self.started
        self.n_committed = 0

    def committed(self, n: int) -> None:
        self.n_committed = n

    def line(self, done: int, queued: int) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        todo = queued if self.limit is None else min(queued, max(self.limit - done, 0))
        eta = f"{todo / rate:.0f}s" if rate > 0 and todo else "-"
        return f"crawl: {done} fetched, {self.n_committed} committed, {todo} to go, {rate:.1f} pages/s, ETA {eta}"

    def __call__(self, done: int, queued: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every_s and queued:
            return
        self.last = now
        text = self.line(done, queued)
        if self.stream is not None:
            print(text, file=self.stream, flush=True)
        if self.log is not None:
            self.log(text)


def for_task(cli: ProgressFn | None, log: Callable[[str], None]) -> CrawlProgress:
    """The reporter of a crawl task: the CLI's lines (when a CLI installed one) and the log."""
    limit = cli.limit if isinstance(cli, CrawlProgress) else None
    stream = cli.stream if isinstance(cli, CrawlProgress) else None
    return CrawlProgress(stream=stream, limit=limit, log=log, every_s=5.0 if stream is None else 2.0)


def install(reporter: ProgressFn | None) -> None:
    global _active
    _active = reporter


def active() -> ProgressFn | None:
    return _active
