"""The one writer: pages, documents, figures, attachments and the frontier, in small commits.

Crawl workers put each `Processed` page on a bounded queue; one thread takes them off in
batches (`batch_items` pages or `batch_seconds`, whichever comes first) and commits each
batch in one transaction — page rows, records and the links they led to together — so a
kill at any moment loses at most the batch in flight, and the warehouse's frontier says
exactly what is done. Memory is O(batch) whatever the size of the site: a full queue makes
the workers wait.

Many runs, one warehouse. DuckDB lets one process write a file at a time, so the writer
holds the file only while it commits: `write_connection` takes an exclusive `flock` on
`<db>.writer.lock` (runs on one machine queue there, in order), opens the file, commits,
and closes it. Between commits the file is free for another run's writer and for readers
(`govdocs sql`, `report`). A DuckDB lock error (a process that does not use our lock file)
is retried with back-off until `wait_s`. Across machines, a Prefect global concurrency limit
held around each commit (`guard`, see flows/limits.py) plays the part of the flock.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa

from govdocs.stream import Processed
from govdocs.warehouse import sqlfiles
from govdocs.warehouse.db import in_transaction
from govdocs.warehouse.load import add_summary, empty_summary, merge_pages, merge_records
from govdocs.warehouse.rows import LoadSummary

log = logging.getLogger(__name__)

FRONTIER_SCHEMA = pa.schema(
    [
        ("ordinal", pa.int64()),
        ("run_id", pa.string()),
        ("url", pa.string()),
        ("kind", pa.string()),
        ("depth", pa.int32()),
        ("state", pa.string()),
        ("reason", pa.string()),
    ]
)
_migrated: set[str] = set()
_migrate_lock = threading.Lock()


class WarehouseBusy(RuntimeError):
    """The warehouse stayed locked by other processes for longer than we wait."""


class WriterFailed(RuntimeError):
    """A commit failed; the run stops (what was committed before stays, and resumes)."""


@contextlib.contextmanager
def write_connection(db_path: Path, *, wait_s: float = 600.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """An exclusive, short-lived writable connection: hold it only to commit."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    with open(db_path.with_name(db_path.name + ".writer.lock"), "a+b") as lock:
        _flock(lock, deadline, db_path)
        try:
            con = _connect(db_path, deadline)
            try:
                yield con
            finally:
                con.close()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _flock(lock: IO[bytes], deadline: float, db_path: Path) -> None:
    delay = 0.01
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WarehouseBusy(f"{db_path}: another govdocs run kept the warehouse busy") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _connect(db_path: Path, deadline: float) -> duckdb.DuckDBPyConnection:
    from govdocs.warehouse.db import connect, duckdb_config

    key = str(db_path.resolve())
    delay = 0.05
    while True:
        try:
            with _migrate_lock:
                if key in _migrated:
                    return duckdb.connect(key, config=duckdb_config())
                con = connect(db_path)  # applies migrations, once per process
                _migrated.add(key)
                return con
        except duckdb.IOException as exc:  # held by a process that does not use our lock file
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def commit_batch(con: duckdb.DuckDBPyConnection, items: Sequence[Processed]) -> dict[str, LoadSummary]:
    """Commit one batch in one transaction; returns the record load summary per run."""
    by_run: dict[str, list[Processed]] = {}
    for item in items:
        by_run.setdefault(item.run_id, []).append(item)
    out: dict[str, LoadSummary] = {}

    def work() -> None:
        for run_id, part in by_run.items():
            merge_pages(cur, run_id, [i.page for i in part if i.page is not None])
            out[run_id] = merge_records(cur, run_id, [i.record for i in part if i.record is not None])
        cur.register("stg_frontier", frontier_table(items))
        sqlfiles.run(cur, "frontier_merge")
        cur.unregister("stg_frontier")

    with con.cursor() as cur:
        in_transaction(cur, work)  # a full disk is reported as such (WarehouseFull), not as DuckDB's text
    return out


def frontier_table(items: Sequence[Processed]) -> pa.Table:
    rows: list[tuple[str, str, str, int, str, str | None]] = []
    for item in items:
        kind = item.page["kind"] if item.page is not None else "page"
        state = "skipped" if item.page is None else "done"
        rows.append((item.run_id, item.url, kind, 0, state, item.skipped))
        rows.extend((item.run_id, link.url, link.kind, link.depth, "queued", None) for link in item.frontier)
    cols: list[list[object]] = [list(c) for c in zip(*rows, strict=False)] if rows else [[] for _ in range(6)]
    return pa.table([list(range(len(rows))), *cols], schema=FRONTIER_SCHEMA)


class BatchWriter:
    """The sink of a crawl (or of several at once): `put` from any thread, one committer."""

    def __init__(
        self,
        db_path: Path,
        *,
        batch_items: int = 200,
        batch_seconds: float = 2.0,
        queue_items: int | None = None,
        guard: Callable[[], AbstractContextManager[object]] | None = None,
        on_batch: Callable[[int], None] | None = None,
    ):
        self.db_path = Path(db_path)
        self.batch_items = batch_items
        self.batch_seconds = batch_seconds
        self.guard = guard
        self.on_batch = on_batch
        # pages in flight (lost to a kill, redone on resume) ≤ one batch queued + one committing
        self.q: queue.Queue[Processed | None] = queue.Queue(maxsize=queue_items or batch_items)
        self.hooks: list[Callable[[], None]] = []
        self.committed = 0
        self.batches = 0
        self.loaded: dict[str, LoadSummary] = {}
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="warehouse-writer", daemon=True)

    # --- the Sink protocol ------------------------------------------------------------------
    def put(self, item: Processed) -> None:
        while True:
            if self.error is not None:
                raise WriterFailed(f"the warehouse writer stopped: {self.error}") from self.error
            try:
                self.q.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` before every commit (the crawl fsyncs its WARC file there)."""
        self.hooks.append(hook)

    # --- lifecycle --------------------------------------------------------------------------
    def __enter__(self) -> BatchWriter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self.close()

    def close(self) -> None:
        """Commit what is queued and stop; raises WriterFailed when a commit failed."""
        if self._thread.is_alive():
            self.q.put(None)
            self._thread.join()
        if self.error is not None:
            raise WriterFailed(f"the warehouse writer stopped: {self.error}") from self.error

    def _run(self) -> None:
        done = False
        while not done:
            batch: list[Processed] = []
            first = self.q.get()
            if first is None:
                break
            batch.append(first)
            until = time.monotonic() + self.batch_seconds
            while len(batch) < self.batch_items:
                try:
                    item = self.q.get(timeout=max(0.0, until - time.monotonic()))
                except queue.Empty:
                    break
                if item is None:
                    done = True
                    break
                batch.append(item)
            try:
                self._commit(batch)
            except BaseException as exc:
                log.exception("commit of %d pages failed", len(batch))
                self.error = exc
                self._drain()
                return

    def _drain(self) -> None:
        """After a failure nothing more is committed; unblock producers until they notice."""
        with contextlib.suppress(queue.Empty):
            while self.q.get_nowait() is not None:
                pass

    def _commit(self, batch: list[Processed]) -> None:
        for hook in self.hooks:
            hook()
        guard = self.guard() if self.guard is not None else contextlib.nullcontext()
        with guard, write_connection(self.db_path) as con:
            loaded = commit_batch(con, batch)
        for run_id, summary in loaded.items():
            add_summary(self.loaded.setdefault(run_id, empty_summary()), summary)
        self.committed += len(batch)
        self.batches += 1
        if self.on_batch is not None:
            self.on_batch(self.committed)
        log.debug("committed %d pages (%d in all)", len(batch), self.committed)
