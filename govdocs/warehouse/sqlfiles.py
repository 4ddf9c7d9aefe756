"""Named SQL files from sql/. Python never builds SQL from input: statements come from
these files and values are bound as parameters."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from govdocs.paths import SQL_DIR

QUERIES_DIR = SQL_DIR / "queries"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


def split_statements(script: str) -> list[str]:
    """Split a SQL file on semicolons that end a line, after dropping -- comments (our files
    keep ";" and "--" out of string literals)."""
    body = _COMMENT.sub("", script)
    parts = re.split(r";\s*(?:\n|$)", body)
    return [p.strip() for p in parts if p.strip()]


@cache
def statements(name: str, directory: Path = QUERIES_DIR) -> tuple[str, ...]:
    """The statements of sql/queries/<name>.sql."""
    return tuple(split_statements((directory / f"{name}.sql").read_text(encoding="utf-8")))


def one(name: str) -> str:
    stmts = statements(name)
    if len(stmts) != 1:
        raise ValueError(f"sql/queries/{name}.sql holds {len(stmts)} statements, expected 1")
    return stmts[0]


def bind(statement: str, params: dict[str, object]) -> dict[str, object]:
    """The subset of `params` that `statement` names (DuckDB rejects unused named params)."""
    wanted = set(_PARAM.findall(statement))
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"missing SQL parameters: {sorted(missing)}")
    return {k: params[k] for k in wanted}


def run(con, name: str, params: dict[str, object] | None = None):
    """Execute every statement of a named file in order; return the last result."""
    params = params or {}
    result = None
    for stmt in statements(name):
        result = con.execute(stmt, bind(stmt, params))
    return result
