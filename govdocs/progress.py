"""Progress lines for long runs: pages fetched / committed / queued, rate, ETA, and a line
when a stage starts (`note`), so that a run is never silent for long — Prefect's start-up
included, which takes seconds before any page is fetched.

The CLI installs a reporter (lines on stderr); the crawl task picks it up and also writes
the same line to its Prefect task log every `every_s`. Prefect flow parameters must be
serialisable, so the reporter travels through this module rather than as a parameter.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

ProgressFn = Callable[[int, int], None]
_active: ProgressFn | None = None
_ticker: _Ticker | None = None
TICK_S = 5.0  # while a stage without its own progress runs, a line this often


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
        last = not queued or (self.limit is not None and done >= self.limit)  # the crawl's final line
        if now - self.last < self.every_s and not last:
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
    _stop_ticker()
    _active = reporter


class _Ticker(threading.Thread):
    """Repeats "TEXT (N s)" every TICK_S until stopped: a stage that reports nothing itself."""

    def __init__(self, text: str, stream: TextIO, every_s: float):
        super().__init__(name="progress-ticker", daemon=True)
        self.text, self.stream, self.every_s = text, stream, every_s
        self.started = time.monotonic()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every_s):
            print(f"{self.text} ({time.monotonic() - self.started:.0f} s)", file=self.stream, flush=True)


def _stop_ticker() -> None:
    global _ticker
    if _ticker is not None:
        _ticker.stopped.set()
        _ticker = None


def stop_waiting() -> None:
    """End the repeated line of the last `note(waiting=True)` (the stage is over)."""
    _stop_ticker()


def note(text: str, *, waiting: bool = False) -> None:
    """A line on the CLI's stream (none without an installed reporter, or with --quiet): a stage
    starts. `waiting`: the stage reports nothing itself (Prefect starting), so the line is
    repeated with the seconds waited until the next note."""
    global _ticker
    _stop_ticker()
    stream = _active.stream if isinstance(_active, CrawlProgress) else None
    if stream is None:
        return
    print(text, file=stream, flush=True)
    if waiting:
        _ticker = _Ticker(text, stream, TICK_S)
        _ticker.start()


def active() -> ProgressFn | None:
    return _active
