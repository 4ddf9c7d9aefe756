"""Opening the warehouse, applying the numbered migrations in sql/, and turning DuckDB's
file and storage errors into one line a user can act on (WarehouseError)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import duckdb

import govdocs.allocators  # noqa: F401 - the allocator policy of pipeline processes, set on import
from govdocs.paths import SQL_DIR
from govdocs.warehouse.sqlfiles import split_statements

log = logging.getLogger(__name__)

MEMORY_LIMIT = "96MB"  # DuckDB's share of a pipeline process (duckdb_config)
_SIZE = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B|B)", re.IGNORECASE)
MIGRATION_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

_MIGRATIONS_TABLE = """
create table if not exists schema_migrations (
    version     integer primary key,
    name        varchar not null,
    checksum    varchar not null,
    applied_at  timestamptz not null default now()
)
"""


T = TypeVar("T")


class WarehouseError(RuntimeError):
    """The warehouse file cannot be used as asked; the message is one line for the user
    (the CLI prints it as `govdocs: error: …`)."""


class MigrationError(WarehouseError):
    """The file's schema history does not match this govdocs' sql/ migrations."""


class WarehouseFull(WarehouseError):
    """The disk filled up during a write; the transaction was rolled back."""


def _file_in(message: str) -> str | None:
    m = re.search(r'file "([^"]+)"', message)
    return m.group(1) if m else None


def storage_error(exc: duckdb.Error) -> WarehouseError | None:
    """The user-facing error for a DuckDB failure caused by the disk, else None."""
    text = str(exc)
    if "No space left on device" in text or "Disk quota exceeded" in text:
        where = _file_in(text)
        return WarehouseFull(
            f"no space left on device{f' writing {where}' if where else ''}: the batch was rolled back, "
            "the warehouse keeps its last committed state; free some space and run again"
        )
    return None


def open_error(db_path: Path, exc: duckdb.Error) -> WarehouseError | None:
    """The user-facing error for a file DuckDB cannot open as a warehouse, else None
    (e.g. a lock held by another process, which callers handle themselves)."""
    text = str(exc)
    if Path(db_path).is_dir() or "Is a directory" in text:
        return WarehouseError(
            f"--db {db_path} is a directory; give a warehouse file, e.g. {Path(db_path) / 'govdocs.duckdb'}"
        )
    if "not a valid DuckDB database file" in text:
        return WarehouseError(f"--db {db_path} is not a DuckDB warehouse file (refusing to touch it)")
    if "newer version" in text or "older version" in text or "storage version" in text:
        return WarehouseError(f"--db {db_path} was written by another DuckDB version: {text.splitlines()[0]}")
    return storage_error(exc)


def in_transaction(con: duckdb.DuckDBPyConnection, fn: Callable[[], T]) -> T:
    """fn() inside one transaction. A failed commit (disk full) has already ended the
    transaction: the rollback must not hide the real cause behind DuckDB's
    "cannot rollback - no transaction is active"."""
    con.begin()
    try:
        out = fn()
        con.commit()
    except Exception as exc:
        with contextlib.suppress(duckdb.Error):  # the transaction is already gone (a failed commit ends it)
            con.rollback()
        if isinstance(exc, duckdb.Error) and (err := storage_error(exc)) is not None:
            raise err from exc
        raise
    return out


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """CHECKPOINT, with a full disk reported as WarehouseFull."""
    try:
        con.execute("checkpoint")
    except duckdb.Error as exc:
        err = storage_error(exc)
        if err is None:
            raise
        raise err from exc


def migration_files(sql_dir: Path = SQL_DIR) -> list[tuple[int, str, Path]]:
    """(version, name, path) of every sql/NNN_name.sql, in version order."""
    found = []
    for path in sorted(sql_dir.glob("*.sql")):
        m = MIGRATION_FILE.match(path.name)
        if m:
            found.append((int(m.group(1)), m.group(2), path))
    versions = [v for v, _, _ in found]
    if len(versions) != len(set(versions)):
        raise MigrationError(f"duplicate migration numbers in {sql_dir}")
    return found


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_text(encoding="utf-8").encode()).hexdigest()


def check_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR, *, db_path: Path | None = None) -> None:
    """Refuse a file whose schema history this govdocs cannot continue: a migration applied
    there that sql/ does not have (a newer govdocs wrote the file), or an applied migration
    whose text changed since. A file without schema_migrations is new (nothing to check)."""
    where = f"--db {db_path}" if db_path is not None else "the warehouse"
    try:
        applied = con.execute("select version, name, checksum from schema_migrations order by version").fetchall()
    except duckdb.CatalogException:
        return
    known = {v: (name, path) for v, name, path in migration_files(sql_dir)}
    newer = [f"{v:03d}_{name}" for v, name, _ in applied if v not in known]
    if newer:
        latest = max(known, default=0)
        raise MigrationError(
            f"{where} has schema migrations this govdocs does not know ({', '.join(newer)}; "
            f"it knows up to {latest:03d}): it was written by a newer govdocs; upgrade govdocs"
        )
    for version, _name, checksum in applied:
        path = known[version][1]
        if checksum != _checksum(path):
            raise MigrationError(
                f"{where}: migration {path.name} changed after it was applied to this file; "
                "restore the file's text and add a new numbered migration instead"
            )


def apply_migrations(
    con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR, *, db_path: Path | None = None
) -> list[str]:
    """Apply the migrations not yet recorded in schema_migrations, each in its own
    transaction. Returns the names applied now (empty when up to date). An applied file
    whose text changed, or an applied version sql/ does not have, is a MigrationError."""
    con.execute(_MIGRATIONS_TABLE)
    check_schema(con, sql_dir, db_path=db_path)
    applied = {v for (v,) in con.execute("select version from schema_migrations").fetchall()}
    done: list[str] = []
    for version, name, path in migration_files(sql_dir):
        if version in applied:
            continue
        text = path.read_text(encoding="utf-8")

        def apply(text: str = text, version: int = version, name: str = name) -> None:
            for stmt in split_statements(text):
                con.execute(stmt)
            con.execute(
                "insert into schema_migrations (version, name, checksum) values (?, ?, ?)",
                [version, name, hashlib.sha256(text.encode()).hexdigest()],
            )

        in_transaction(con, apply)
        log.info("applied migration %s", path.name)
        done.append(path.stem)
    return done


def duckdb_config() -> dict[str, str | bool | int | float | list[str]]:
    """Settings of every writable warehouse connection (the pipeline's). DuckDB keeps the
    blocks it read and the hash tables it built in its buffer pool up to its memory limit,
    80 % of RAM by default: a process that crawls, validates and reports a big run then grows
    with the warehouse. Under a fixed limit the pool evicts and big aggregates spill to
    `<db>.tmp/` (GOVDOCS_DUCKDB_MEMORY changes it, e.g. "1GB")."""
    limit = os.environ.get("GOVDOCS_DUCKDB_MEMORY", MEMORY_LIMIT).strip()
    if not _SIZE.fullmatch(limit):
        raise WarehouseError(f"GOVDOCS_DUCKDB_MEMORY={limit!r}: give a size such as 96MB or 1GB")
    return {"memory_limit": limit}


# A validation or a report reads much of the warehouse while the process holds other data
# (GX's chunk, the HTML): under this fraction of the limit (see `reading`).
READ_MEMORY_SHARE = 2


@contextlib.contextmanager
def reading(con: duckdb.DuckDBPyConnection, share: float = READ_MEMORY_SHARE) -> Iterator[None]:
    """DuckDB settings while a pipeline step reads through much of the warehouse (validation,
    the report): one thread, and 1/`share` of the connection's memory limit (half by default).
    DuckDB keeps every block it reads cached up to its limit, and a validation reads all of a
    run, bodies included: under the crawl's limit the process grew with the run until that
    cache was full (+60 MB in-process at 20,000 pages against 3,000); the aggregates spill
    instead. With more threads DuckDB's parallel scan also runs ahead of a streaming reader
    and buffers the rest of the result (+80 MB instead of +52 MB on 9,000 documents). A
    connection whose configuration is locked (a `govdocs report` snapshot, see
    warehouse.query) keeps its own fixed limits."""
    if _locked(con):
        yield
        return
    limit, threads = _setting(con, "memory_limit"), _setting(con, "threads")
    try:
        con.execute("set threads = 1")
        con.execute(f"set memory_limit = '{int(size_bytes(limit) / share)}B'")
        yield
    finally:
        con.execute(f"set threads = {int(threads)}")
        con.execute(f"set memory_limit = '{size_bytes(limit)}B'")


def release_cache(con: duckdb.DuckDBPyConnection) -> None:
    """Hand back the blocks DuckDB has cached and is not using, now. DuckDB has no statement
    for it; lowering the memory limit evicts every unpinned block first and fails when what
    is pinned is still above it (its documented behaviour), so the limit is lowered to a byte
    and set back either way. The limit is the database instance's: call it only while nothing
    else in the process uses the database (validation holds the writer's lock). Run from a
    second connection: a statement on `con` would end a result it is streaming. Validation
    calls it between chunks: what it read for one chunk is never needed again, and until the
    limit evicts it, it is RSS that grows with the run."""
    side = con.cursor()
    try:
        if _locked(side):
            return
        limit = size_bytes(_setting(side, "memory_limit"))
        try:
            with contextlib.suppress(duckdb.OutOfMemoryException):
                side.execute("set memory_limit = '1B'")
        finally:
            side.execute(f"set memory_limit = '{limit}B'")
    finally:
        side.close()


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    ((value,),) = con.execute("select current_setting(?)", [name]).fetchall()
    return str(value)


def _locked(con: duckdb.DuckDBPyConnection) -> bool:
    return _setting(con, "lock_configuration").lower() == "true"


_UNITS = {"bytes": 1, "b": 1, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40, "pib": 1 << 50}
_UNITS |= {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "pb": 10**15}


def size_bytes(setting: str) -> int:
    """DuckDB's rendering of a size setting ("91.5 MiB", "18.8 GiB"; no limit prints as
    "16383.9 PiB") in bytes. DuckDB prints one decimal, truncated: the value lies in
    [x, x + 0.1), so this takes the middle, and a value set back from what DuckDB printed
    prints the same (it never drifts down)."""
    number, _, unit = setting.strip().partition(" ")
    value = float(number) + (0.05 if "." in number else 0.0)
    return math.ceil(value * _UNITS[unit.strip().lower() or "b"])


def _duckdb_connect(db_path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if db_path.is_dir():
        err = open_error(db_path, duckdb.IOException("Is a directory"))
        assert err is not None
        raise err
    try:
        if read_only:
            return duckdb.connect(str(db_path), read_only=True)
        return duckdb.connect(str(db_path), config=duckdb_config())
    except duckdb.Error as exc:
        err = open_error(db_path, exc)
        if err is None:
            raise
        raise err from exc


def connect(db_path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. A writable connection creates the file and applies migrations;
    there should be one writer process at a time (DuckDB locks the file). A file that is not
    a warehouse this govdocs can use raises WarehouseError (one line)."""
    db_path = Path(db_path)
    if read_only:
        con = _duckdb_connect(db_path, read_only=True)
        try:
            check_schema(con, db_path=db_path)
        except BaseException:
            con.close()
            raise
        return con
    if db_path.parent.is_file():
        raise WarehouseError(f"--db {db_path}: {db_path.parent} is a file, not a directory")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = _duckdb_connect(db_path, read_only=False)
    from govdocs.warehouse import schema  # here: `python -m govdocs.warehouse.schema` imports this module

    try:
        apply_migrations(con, db_path=db_path)
        schema.refresh(con)  # the views of sql/views/ and every comment, when they changed
    except BaseException:
        con.close()
        raise
    return con


def preflight(db_path: Path) -> None:
    """Check an existing warehouse file before a command starts work on it (a directory, a
    non-DuckDB file, a changed or newer schema: WarehouseError). A file locked by a running
    writer is left to the command, which knows how to wait or read a snapshot."""
    db_path = Path(db_path)
    if not db_path.exists():
        return
    try:
        con = _duckdb_connect(db_path, read_only=True)
    except WarehouseError:
        raise
    except duckdb.Error:
        return  # e.g. locked by a writer
    try:
        check_schema(con, db_path=db_path)
    finally:
        con.close()
