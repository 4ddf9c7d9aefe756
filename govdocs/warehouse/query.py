"""Read-only, sandboxed queries for user SQL (CLI `govdocs sql`, the report server).

The database is opened read-only with external access off and the configuration locked,
so DuckDB itself refuses read_csv('/etc/passwd'), COPY … TO, ATTACH, INSTALL and LOAD.
When the file is locked by a writer (DuckDB refuses even read-only opens then), the query
runs on a snapshot: a copy of the file (and its WAL) in a temporary directory.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from govdocs.warehouse.db import check_schema, open_error

log = logging.getLogger(__name__)

SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "memory_limit": "2GB",
    "lock_configuration": True,  # must come last: locks the settings above
}


class QueryError(RuntimeError):
    """A user query was refused or failed (the message is DuckDB's)."""


class QueryTimeout(QueryError):
    pass


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config=dict(SANDBOX_CONFIG))


def _snapshot(db_path: Path, tmpdir: Path) -> Path:
    copy = tmpdir / db_path.name
    shutil.copyfile(db_path, copy)
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    return copy


def _open_snapshot(db_path: Path, tmpdir: Path) -> duckdb.DuckDBPyConnection:
    """Copy the file (and WAL) and open the copy. A WAL copied mid-append may not replay:
    then use the last checkpoint alone. A copy taken mid-checkpoint may be torn: copy again."""
    last: Exception | None = None
    for attempt in range(3):
        snap = _snapshot(db_path, tmpdir)
        try:
            return _open(snap)
        except duckdb.Error as exc:
            last = exc
        snap.with_name(snap.name + ".wal").unlink(missing_ok=True)
        try:
            return _open(snap)
        except duckdb.Error as exc:
            last = exc
        time.sleep(0.2 * (attempt + 1))
    raise QueryError(f"could not open a snapshot of {db_path}: {last}")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


@contextlib.contextmanager
def sandboxed(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only, external-access-off connection to the warehouse (or to a snapshot copy
    while a writer holds the file), closed on exit."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(db_path)
    with tempfile.TemporaryDirectory(prefix="govdocs-q-") as tmp:
        try:
            con = _open(db_path)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise (open_error(db_path, exc) or exc) from None
            log.info("warehouse locked by a writer; querying a snapshot copy")
            con = _open_snapshot(db_path, Path(tmp))
        try:
            check_schema(con, db_path=db_path)
            yield con
        finally:
            con.close()


@contextlib.contextmanager
def _deadline(con: duckdb.DuckDBPyConnection, timeout_s: float) -> Iterator[threading.Event]:
    timed_out = threading.Event()

    def interrupt() -> None:
        timed_out.set()
        con.interrupt()

    timer = threading.Timer(timeout_s, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield timed_out
    except duckdb.InterruptException as exc:
        raise QueryTimeout(f"query exceeded {timeout_s} s") from exc
    except duckdb.Error as exc:
        if timed_out.is_set():
            raise QueryTimeout(f"query exceeded {timeout_s} s") from None
        raise QueryError(str(exc)) from exc
    finally:
        timer.cancel()


def query_arrow(db_path: Path, sql: str, params: list | None = None, *, timeout_s: float = 300) -> pa.Table:
    """Run one user query in the same sandbox as query(); returns the whole result as an
    Arrow table (for `govdocs sql --format parquet`, written with pyarrow: COPY stays off)."""
    with sandboxed(db_path) as con, _deadline(con, timeout_s):
        rel = con.sql(sql, params=params or None)
        if rel is None:
            raise QueryError("the statement returns no result set")
        return rel.to_arrow_table()


def query(
    db_path: Path,
    sql: str,
    params: list | None = None,
    *,
    timeout_s: float = 30,
    max_rows: int | None = 10_000,
) -> tuple[list[str], list[tuple]]:
    """Run one user query read-only; returns (column names, rows). Parameters are bound
    (`?` placeholders), never formatted in. Raises QueryError when DuckDB refuses or fails
    the statement, QueryTimeout (a QueryError) after `timeout_s`."""
    with sandboxed(db_path) as con, _deadline(con, timeout_s):
        cur = con.execute(sql, params or [])
        columns = [d[0] for d in (cur.description or [])]
        rows = cur.fetchall() if max_rows is None else cur.fetchmany(max_rows)
    return columns, rows
