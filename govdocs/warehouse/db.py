"""Opening the warehouse and applying the numbered migrations in sql/."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import duckdb

from govdocs.paths import SQL_DIR
from govdocs.warehouse.sqlfiles import split_statements

log = logging.getLogger(__name__)

MIGRATION_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

_MIGRATIONS_TABLE = """
create table if not exists schema_migrations (
    version     integer primary key,
    name        varchar not null,
    checksum    varchar not null,
    applied_at  timestamptz not null default now()
)
"""


class MigrationError(RuntimeError):
    pass


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


def apply_migrations(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply the migrations not yet recorded in schema_migrations, each in its own
    transaction. Returns the names applied now (empty when up to date). An applied file
    whose text changed is an error: add a new numbered file instead."""
    con.execute(_MIGRATIONS_TABLE)
    applied = {v: c for v, c in con.execute("select version, checksum from schema_migrations").fetchall()}
    done: list[str] = []
    for version, name, path in migration_files(sql_dir):
        text = path.read_text(encoding="utf-8")
        checksum = hashlib.sha256(text.encode()).hexdigest()
        if version in applied:
            if applied[version] != checksum:
                raise MigrationError(f"{path.name} changed after it was applied; add a new migration")
            continue
        con.begin()
        try:
            for stmt in split_statements(text):
                con.execute(stmt)
            con.execute(
                "insert into schema_migrations (version, name, checksum) values (?, ?, ?)",
                [version, name, checksum],
            )
            con.commit()
        except Exception:
            con.rollback()
            raise
        log.info("applied migration %s", path.name)
        done.append(path.stem)
    return done


def connect(db_path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. A writable connection creates the file and applies migrations;
    there should be one writer process at a time (DuckDB locks the file)."""
    db_path = Path(db_path)
    if read_only:
        return duckdb.connect(str(db_path), read_only=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    apply_migrations(con)
    return con
