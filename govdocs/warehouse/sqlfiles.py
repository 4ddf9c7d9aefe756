"""Named SQL files from sql/. Python never builds SQL from input: statements come from
these files and values are bound as parameters.

Files are split into statements by DuckDB's own parser (`duckdb.extract_statements`), never by
a regex: a regex that strips `--` comments once swallowed the assignments after a comment in
load_records.sql, and one that splits on `;` breaks on a `;` inside a string literal."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import duckdb

from govdocs.paths import SQL_DIR

QUERIES_DIR = SQL_DIR / "queries"


def split_statements(script: str) -> list[str]:
    """The statements of a SQL script, as DuckDB's parser sees them (comments kept)."""
    return [s.query.strip() for s in duckdb.extract_statements(script) if s.query.strip()]


@cache
def statements(name: str, directory: Path = QUERIES_DIR) -> tuple[str, ...]:
    """The statements of sql/queries/<name>.sql."""
    return tuple(split_statements((directory / f"{name}.sql").read_text(encoding="utf-8")))


def one(name: str) -> str:
    stmts = statements(name)
    if len(stmts) != 1:
        raise ValueError(f"sql/queries/{name}.sql holds {len(stmts)} statements, expected 1")
    return stmts[0]


@cache
def parameters(statement: str) -> frozenset[str]:
    """The named parameters ($name) of one statement, from DuckDB's parser."""
    (parsed,) = duckdb.extract_statements(statement)
    return frozenset(parsed.named_parameters)


def bind(statement: str, params: Mapping[str, object]) -> dict[str, object]:
    """The subset of `params` that `statement` names (DuckDB rejects unused named params)."""
    wanted = parameters(statement)
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"missing SQL parameters: {sorted(missing)}")
    return {k: params[k] for k in wanted}


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute every statement of a named file in order; return the last result."""
    params = params or {}
    stmts = statements(name)
    if not stmts:
        raise ValueError(f"sql/queries/{name}.sql holds no statement")
    for stmt in stmts[:-1]:
        con.execute(stmt, bind(stmt, params))
    return con.execute(stmts[-1], bind(stmts[-1], params))
