"""Read-only, sandboxed queries for user SQL (CLI `govdocs sql`, the report server).

The database is opened read-only with external access off and the configuration locked,
so DuckDB itself refuses read_csv('/etc/passwd'), COPY … TO, ATTACH, INSTALL and LOAD.
Spilling is off (`temp_directory = ''`): DuckDB lets SQL write into its temp directory even
with external access off, so with spilling on a query larger than memory would create
`<db>.tmp/` and the next COPY could write there. A query that needs more than
`memory_limit` fails with DuckDB's out-of-memory error instead.

`read_blob`/`read_text` of the warehouse file itself stay possible: DuckDB always allows its
own database file, and the bytes hold nothing a read-only query of the tables cannot show.

Results are streamed: rows are fetched one at a time and collection stops at `max_rows` /
`max_bytes`, so a huge result never sits in Python twice. DuckDB still materialises one
vector (up to 2,048 rows) at a time; that is the floor.

When the file is locked by a writer (DuckDB refuses even read-only opens then), the query
runs on a snapshot: a copy of the file (and its WAL) in a private temporary directory.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from govdocs.warehouse import sqlfiles
from govdocs.warehouse.db import WarehouseError, check_schema, open_error

log = logging.getLogger(__name__)

SANDBOX_CONFIG: dict[str, str | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "memory_limit": "2GB",
    "temp_directory": "",  # no spilling: nothing on disk is writable (see module docstring)
    "lock_configuration": True,  # must come last: locks the settings above
}
MAX_RESULT_BYTES = 256_000_000  # what query() collects in memory before refusing
ARROW_BATCH_ROWS = 1024


class QueryError(RuntimeError):
    """A user query was refused or failed (the message is DuckDB's or says why)."""


class QueryFailed(QueryError):
    """DuckDB rejected or failed the statement; the message is DuckDB's, on one line. (The
    sandbox's refusals stay plain QueryErrors: the statement asked for what is not allowed.)"""


class QueryTimeout(QueryError):
    pass


class ResultTooLarge(QueryError):
    """The result passed `max_bytes`: stream it (iter_rows) or write it to a file instead."""


class OutputRefused(QueryError):
    """`--out` names the warehouse itself, its WAL, or an existing file without `force`."""


class WarehouseLocked(QueryError):
    """A writer holds the file and no consistent snapshot could be read."""


Params = Sequence[Any] | None


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
    raise WarehouseLocked(f"could not open a snapshot of {db_path}: {last}")


# A writer's lock (IOException "Could not set lock") and a same-process connection with
# another configuration (ConnectionException) both mean "read a snapshot instead". DuckDB
# raises IOException for a file that is not a database too: the header tells them apart.
_SNAPSHOT_WORTHY = (duckdb.IOException, duckdb.ConnectionException)
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def is_duckdb_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(12)[8:12] == DUCKDB_MAGIC
    except OSError:
        return False


@contextlib.contextmanager
def sandboxed(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only, external-access-off connection to the warehouse (or to a snapshot copy
    while a writer holds the file), closed on exit."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(db_path)
    if not db_path.is_file():
        raise WarehouseError(f"--db {db_path} is a directory; give a warehouse file, e.g. {db_path / 'govdocs.duckdb'}")
    if not is_duckdb_file(db_path):
        raise WarehouseError(f"--db {db_path} is not a DuckDB warehouse file (refusing to touch it)")
    with tempfile.TemporaryDirectory(prefix="govdocs-q-") as tmp:
        try:
            con = _open(db_path)
        except _SNAPSHOT_WORTHY:
            log.info("warehouse locked by a writer; querying a snapshot copy")
            con = _open_snapshot(db_path, Path(tmp))
        except duckdb.Error as exc:
            raise (open_error(db_path, exc) or QueryError(f"cannot open {db_path}: {exc}")) from None
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
        if isinstance(exc, duckdb.PermissionException):  # the sandbox said no (files, ATTACH, LOAD)
            raise QueryError(one_line(exc)) from exc
        raise QueryFailed(one_line(exc)) from exc
    finally:
        timer.cancel()


@dataclass
class Rows:
    """A streamed result: `columns`, then rows one at a time (valid inside iter_rows())."""

    columns: list[str]
    cursor: duckdb.DuckDBPyConnection

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.cursor.fetchone()) is not None:
            yield row


def one_line(exc: BaseException) -> str:
    """DuckDB's message as one line: the first paragraph, without the `LINE n:` echo of the
    query and its ^^^ marker (nor the echoed value a ^ line points at, as in strptime's)."""
    paragraph = str(exc).strip().split("\n\n", 1)[0]
    kept: list[str] = []
    for line in paragraph.splitlines():
        if line.strip() and not line.strip("^ "):  # a caret line marks the line above it
            if kept:
                kept.pop()
        elif line.strip() and not line.startswith("LINE "):
            kept.append(line.strip())
    return " ".join(kept) or type(exc).__name__


def one_statement(sql: str) -> str:
    """The user's SQL, refused unless it is exactly one statement (DuckDB would run them all
    and return only the last result)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryFailed(one_line(exc)) from None
    if len(statements) != 1:
        raise QueryError(f"one SQL statement at a time, got {len(statements)}")
    return sql


@contextlib.contextmanager
def iter_rows(db_path: Path, sql: str, params: Params = None, *, timeout_s: float = 300) -> Iterator[Rows]:
    """Run one user query in the sandbox and stream its rows (for csv/json output: every row,
    constant memory). The deadline covers fetching too."""
    one_statement(sql)
    with sandboxed(db_path) as con, _deadline(con, timeout_s):
        cur = con.execute(sql, list(params or []))
        yield Rows([d[0] for d in (cur.description or [])], cur)


def row_bytes(row: Sequence[Any]) -> int:
    """Approximate in-memory size of a row: its strings and blobs, 16 bytes for the rest."""
    return sum(len(v) if isinstance(v, (str, bytes, bytearray)) else 16 for v in row)


Cap = Literal["rows", "bytes"]


def take(rows: Rows, max_rows: int | None, max_bytes: int) -> tuple[list[tuple[Any, ...]], Cap | None]:
    """The first rows within both caps, and which cap stopped it (None: the whole result).
    For a printed table: "showing the first N rows" when a cap stopped it."""
    out: list[tuple[Any, ...]] = []
    size = 0
    for row in rows:
        if max_rows is not None and len(out) >= max_rows:
            return out, "rows"
        size += row_bytes(row)
        if size > max_bytes:
            return out, "bytes"
        out.append(row)
    return out, None


def query(
    db_path: Path,
    sql: str,
    params: Params = None,
    *,
    timeout_s: float = 30,
    max_rows: int | None = 10_000,
    max_bytes: int = MAX_RESULT_BYTES,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one user query read-only; returns (column names, up to `max_rows` rows).
    Parameters are bound (`?` placeholders), never formatted in. Raises QueryError when
    DuckDB refuses or fails the statement, QueryTimeout after `timeout_s`, ResultTooLarge
    when the rows to return pass `max_bytes`."""
    with iter_rows(db_path, sql, params, timeout_s=timeout_s) as rows:
        kept, cut = take(rows, max_rows, max_bytes)
        if cut == "bytes":
            raise ResultTooLarge(f"the result is larger than {max_bytes:,} bytes; write it to a file instead")
        return rows.columns, kept


def check_output(out: Path, db_path: Path, *, force: bool = False) -> Path:
    """Refuse to write a result onto the warehouse, its WAL or spill folder, a directory, or
    an existing file unless `force`. Returns the resolved path."""
    target = Path(out).resolve()
    db = Path(db_path).resolve()
    if target in (db, db.with_name(db.name + ".wal")) or db.with_name(db.name + ".tmp") in (target, *target.parents):
        raise OutputRefused(f"refusing to write over the warehouse ({target})")
    if target.is_dir():
        raise OutputRefused(f"{target} is a directory")
    if target.exists() and not force:
        raise OutputRefused(f"{target} exists; pass --force to replace it")
    return target


def write_parquet(
    db_path: Path, sql: str, out: Path, params: Params = None, *, force: bool = False, timeout_s: float = 300
) -> int:
    """Stream one user query's result into a Parquet file (pyarrow, zstd; COPY stays off for
    user SQL) in record batches; the file appears atomically. Returns the row count."""
    one_statement(sql)
    target = check_output(out, db_path, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    rows = 0
    try:
        with sandboxed(db_path) as con, _deadline(con, timeout_s):
            rel = con.sql(sql, params=list(params) if params else None)
            if rel is None:
                raise QueryError("the statement returns no result set")
            reader = rel.to_arrow_reader(ARROW_BATCH_ROWS)
            with pq.ParquetWriter(tmp, reader.schema, compression="zstd") as writer:
                for batch in reader:
                    writer.write_batch(batch)
                    rows += batch.num_rows
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def query_arrow(
    db_path: Path, sql: str, params: Params = None, *, timeout_s: float = 300, max_bytes: int = MAX_RESULT_BYTES
) -> pa.Table:
    """Run one user query in the sandbox; the result as one Arrow table, refused with
    ResultTooLarge past `max_bytes` (write_parquet streams instead)."""
    one_statement(sql)
    with sandboxed(db_path) as con, _deadline(con, timeout_s):
        rel = con.sql(sql, params=list(params) if params else None)
        if rel is None:
            raise QueryError("the statement returns no result set")
        batches, size = [], 0
        reader = rel.to_arrow_reader(ARROW_BATCH_ROWS)
        for batch in reader:
            size += batch.nbytes
            if size > max_bytes:
                raise ResultTooLarge(f"the result is larger than {max_bytes:,} bytes; write it to a file instead")
            batches.append(batch)
        return pa.Table.from_batches(batches, schema=reader.schema)


# --- the catalog: `govdocs tables` and `govdocs schema` -----------------------------------


@dataclass(frozen=True)
class Relation:
    name: str  # schema-qualified unless in main
    kind: str  # table | view
    rows: int | None  # None when counting failed (a view over a changed table): see error
    comment: str | None
    error: str | None = None  # DuckDB's one-line message when counting failed


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    comment: str | None


class UnknownRelation(QueryError):
    """`govdocs schema NAME` of a name that is no table or view (the message lists near names)."""


def _relation_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, str | None]]:
    """(shown name, schema, name, kind, comment) of every table and view."""
    return [
        (name if schema == "main" else f"{schema}.{name}", schema, name, kind, comment)
        for schema, name, kind, comment in sqlfiles.run(con, "catalog_relations").fetchall()
    ]


def relations(db_path: Path, *, timeout_s: float = 300) -> list[Relation]:
    """Every table and view with its kind, row count and comment, read-only (like
    `sqlite-utils tables --counts --views`). Counting a view runs it; a view that fails is
    listed with DuckDB's error instead of a count, and the others are still counted."""
    with sandboxed(db_path) as con, _deadline(con, timeout_s):
        found = []
        for shown, schema, name, kind, comment in _relation_names(con):
            try:
                # query_table() takes the name as a bound string: no identifier is formatted into SQL
                ((n,),) = sqlfiles.run(con, "catalog_rows", {"name": f"{schema}.{name}"}).fetchall()
            except duckdb.InterruptException:
                raise  # the deadline: _deadline says so
            except duckdb.Error as exc:
                found.append(Relation(shown, kind, None, comment, one_line(exc)))
            else:
                found.append(Relation(shown, kind, int(n), comment))
        return found


def columns(db_path: Path, table: str, *, timeout_s: float = 60) -> list[Column]:
    """The columns of one table or view (`schema.name`, or a name of main): name, type,
    nullable, comment. Raises UnknownRelation naming the near names."""
    with sandboxed(db_path) as con, _deadline(con, timeout_s):
        known = _relation_names(con)
        exact = [r for r in known if r[0] == table]
        matches = exact or [r for r in known if r[0].lower() == table.lower()]  # SQL names ignore case
        if not matches:
            shown = [r[0] for r in known]
            near = difflib.get_close_matches(table, shown, n=5, cutoff=0.5)
            hint = f"; did you mean {', '.join(near)}?" if near else "; `govdocs tables` lists them"
            raise UnknownRelation(f"no table or view named {table!r}{hint}")
        _, schema, name, _, _ = matches[0]
        rows = sqlfiles.run(con, "catalog_columns", {"schema": schema, "name": name}).fetchall()
        return [Column(n, t, bool(null), comment) for n, t, null, comment in rows]
