"""The warehouse's self-description: sql/schema.toml describes every table, view and column.

One source for three things: COMMENT ON for every relation and column (so
`duckdb_columns().comment` and any SQL client show them), the order in which the analyst
views in sql/views/ are (re-)created, and the table of columns in sql/README.md
(`python -m govdocs.warehouse.schema --write` regenerates it; a test checks it is current).
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import duckdb

from govdocs.paths import SQL_DIR

SCHEMA_TOML = SQL_DIR / "schema.toml"
VIEWS_DIR = SQL_DIR / "views"
README = SQL_DIR / "README.md"
README_START = "<!-- columns: generated from sql/schema.toml by `python -m govdocs.warehouse.schema --write` -->"
README_END = "<!-- end of columns -->"

_STATE_TABLE = """
create table if not exists schema_views (
    fingerprint  varchar not null,
    applied_at   timestamptz not null default now()
)
"""


class SchemaFileError(ValueError):
    pass


@dataclass(frozen=True)
class Relation:
    name: str
    kind: Literal["table", "view"]
    description: str
    columns: dict[str, str]
    inherits: tuple[str, ...]  # relations whose same-named columns describe this one's


def _relation(name: str, kind: Literal["table", "view"], spec: object, path: Path) -> Relation:
    if not isinstance(spec, dict):
        raise SchemaFileError(f"{path}: [{kind}s.{name}] must be a table")
    unknown = set(spec) - {"description", "columns", "inherits"}
    description, columns, inherits = spec.get("description"), spec.get("columns", {}), spec.get("inherits", [])
    if unknown:
        raise SchemaFileError(f"{path}: [{kind}s.{name}] has unknown keys {sorted(unknown)}")
    if not isinstance(description, str) or not description.strip():
        raise SchemaFileError(f"{path}: [{kind}s.{name}] needs a description")
    if not isinstance(columns, dict) or not all(isinstance(v, str) and v.strip() for v in columns.values()):
        raise SchemaFileError(f"{path}: [{kind}s.{name}.columns] must map column names to descriptions")
    if not isinstance(inherits, list) or not all(isinstance(i, str) for i in inherits):
        raise SchemaFileError(f"{path}: [{kind}s.{name}] inherits must be a list of relation names")
    return Relation(
        name, kind, description.strip(), {str(k): str(v).strip() for k, v in columns.items()}, tuple(inherits)
    )


@cache
def load_schema(path: Path = SCHEMA_TOML) -> dict[str, Relation]:
    """Every relation in file order (tables, then views in creation order), validated."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"tables", "views"}
    if unknown:
        raise SchemaFileError(f"{path}: unknown top-level keys {sorted(unknown)}")
    out: dict[str, Relation] = {}
    for kind in ("table", "view"):
        section = data.get(f"{kind}s", {})
        if not isinstance(section, dict):
            raise SchemaFileError(f"{path}: [{kind}s] must be a table")
        for name, spec in section.items():
            if name in out:
                raise SchemaFileError(f"{path}: {name} is described twice")
            out[name] = _relation(name, "table" if kind == "table" else "view", spec, path)
    for rel in out.values():
        missing = [i for i in rel.inherits if i not in out]
        if missing:
            raise SchemaFileError(f"{path}: {rel.name} inherits unknown relations {missing}")
    views = {p.stem for p in VIEWS_DIR.glob("*.sql")} if path == SCHEMA_TOML else None
    if views is not None:
        described = {r.name for r in out.values() if r.kind == "view"}
        if views != described:
            raise SchemaFileError(
                f"{path}: views in sql/views/ and [views] differ: files without an entry "
                f"{sorted(views - described)}, entries without a file {sorted(described - views)}"
            )
    return out


def describe(schema: dict[str, Relation], relation: str, column: str) -> str | None:
    """The description of relation.column: its own, else that of the first inherited
    relation (depth first) that describes a column of that name."""
    seen: set[str] = set()
    stack = [relation]
    while stack:
        name = stack.pop(0)
        if name in seen or name not in schema:
            continue
        seen.add(name)
        rel = schema[name]
        if column in rel.columns:
            return rel.columns[column]
        stack[0:0] = list(rel.inherits)
    return None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _views(schema: dict[str, Relation]) -> list[tuple[str, str]]:
    return [
        (r.name, (VIEWS_DIR / f"{r.name}.sql").read_text(encoding="utf-8")) for r in schema.values() if r.kind == "view"
    ]


def fingerprint(con: duckdb.DuckDBPyConnection, schema: dict[str, Relation]) -> str:
    h = hashlib.sha256(SCHEMA_TOML.read_bytes())
    for name, text in _views(schema):
        h.update(name.encode() + b"\0" + text.encode())
    for (checksum,) in con.execute("select checksum from schema_migrations order by version").fetchall():
        h.update(str(checksum).encode())
    return h.hexdigest()


def comment_statements(con: duckdb.DuckDBPyConnection, schema: dict[str, Relation]) -> list[str]:
    """COMMENT ON statements for every described relation and every column it has."""
    cols: dict[str, list[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'main' and not internal "
        "order by table_name, column_index"
    ).fetchall():
        cols.setdefault(table, []).append(column)
    out: list[str] = []
    for rel in schema.values():
        if rel.name not in cols:
            continue
        out.append(f"comment on {rel.kind} {rel.name} is {_literal(rel.description)}")
        for column in cols[rel.name]:
            text = describe(schema, rel.name, column)
            if text is not None:
                out.append(f'comment on column {rel.name}."{column}" is {_literal(text)}')
    return out


def refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Re-create every view of sql/views/ (in sql/schema.toml's order) and re-apply every
    comment, in one transaction, when the views, the schema file or the migrations changed
    since the last refresh of this file. Returns True when it did the work."""
    from govdocs.warehouse import db, sqlfiles

    schema = load_schema()
    con.execute(_STATE_TABLE)
    fp = fingerprint(con, schema)
    if con.execute("select count(*) from schema_views where fingerprint = ?", [fp]).fetchall()[0][0]:
        return False

    def work() -> None:
        for _name, text in _views(schema):
            for stmt in sqlfiles.split_statements(text):
                con.execute(stmt)
        sqlfiles.run(con, "seed_publishers", {"run_id": None})
        for stmt in comment_statements(con, schema):
            con.execute(stmt)
        con.execute("delete from schema_views")
        con.execute("insert into schema_views (fingerprint) values (?)", [fp])

    db.in_transaction(con, work)
    return True


def markdown(con: duckdb.DuckDBPyConnection, schema: dict[str, Relation] | None = None) -> str:
    """The table of columns for sql/README.md: one section per relation (type from the
    live schema, description from sql/schema.toml)."""
    schema = schema or load_schema()
    types: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in con.execute(
        "select table_name, column_name, data_type from duckdb_columns() where schema_name = 'main' "
        "and not internal order by table_name, column_index"
    ).fetchall():
        types.setdefault(table, []).append((column, dtype))
    lines = [README_START, ""]
    for rel in schema.values():
        lines += [
            f"#### `{rel.name}` ({rel.kind})",
            "",
            rel.description,
            "",
            "| column | type | description |",
            "|---|---|---|",
        ]
        for column, dtype in types.get(rel.name, []):
            text = (describe(schema, rel.name, column) or "").replace("|", "\\|")
            lines.append(f"| `{column}` | {dtype} | {text} |")
        lines.append("")
    lines.append(README_END)
    return "\n".join(lines)


def readme_with_columns(readme: str, block: str) -> str:
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise SchemaFileError(f"{README} has no generated-columns block ({README_START!r} … {README_END!r})")
    return readme[:start] + block + readme[end + len(README_END) :]


def _main(argv: list[str]) -> int:
    import tempfile

    from govdocs.warehouse.db import connect

    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "schema.duckdb")
        block = markdown(con)
        con.close()
    if "--write" in argv:
        README.write_text(readme_with_columns(README.read_text(encoding="utf-8"), block), encoding="utf-8")
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
