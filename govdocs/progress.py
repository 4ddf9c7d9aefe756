"""Progress lines for long CLI runs: pages fetched / queued, rate, ETA — on stderr.

The CLI installs a reporter; the crawl task picks it up. Prefect flow parameters must be
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
    def __init__(self, stream: TextIO = sys.stderr, every_s: float = 2.0, limit: int | None = None):
        self.stream = stream
        self.every_s = every_s
        self.limit = limit
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, done: int, queued: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every_s and queued:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        todo = queued if self.limit is None else min(queued, max(self.limit - done, 0))
        eta = f"{todo / rate:.0f}s" if rate > 0 and todo else "-"
        print(f"crawl: {done} fetched, {todo} to go, {rate:.1f} pages/s, ETA {eta}", file=self.stream, flush=True)


def install(reporter: ProgressFn | None) -> None:
    global _active
    _active = reporter


def active() -> ProgressFn | None:
    return _active
