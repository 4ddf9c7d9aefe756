"""Export the warehouse's public tables and every analyst view as Parquet or CSV files for
other tools (pandas, Polars, Spark, R, a spreadsheet).

Read through the same sandbox as user SQL (read-only, external access off; a snapshot copy
while a writer holds the file) and written with pyarrow in record batches, so memory stays
bounded and DuckDB's COPY stays disabled. One file per relation: <out>/<name>.parquet|csv.
Parquet files carry the warehouse's comments (sql/schema.toml): the relation's description
in the file's key-value metadata and each column's in its field metadata ("description"),
as pyarrow, pandas and Polars read them. CSV with `excel=True` starts with a UTF-8 BOM, so
Excel and WPS open Chinese text as UTF-8 instead of the local code page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from govdocs.warehouse.query import sandboxed
from govdocs.warehouse.schema import load_schema

# Base tables for tools that want the raw rows; the bookkeeping tables (schema_*, the GX JSON,
# per-validation quarantine history) stay out. Then every analyst view of sql/views/.
TABLES: tuple[str, ...] = (
    "documents",
    "metrics",
    "attachments",
    "pages",
    "publishers",
    "document_versions",
    "document_urls",
    "runs",
    "dq_runs",
    "dq_results",
)
EXPORTS: tuple[str, ...] = TABLES + tuple(r.name for r in load_schema().values() if r.kind == "view")
FORMATS = ("parquet", "csv")
BATCH_ROWS = 100_000
UTF8_BOM = b"\xef\xbb\xbf"


class ExportError(ValueError):
    """An export the user asked for that cannot be done (unknown relation or format)."""


@dataclass(frozen=True)
class Exported:
    name: str
    path: Path
    rows: int


def _csv_safe(batch: pa.RecordBatch) -> pa.RecordBatch:
    """CSV has no nested types: lists, structs and maps become JSON text."""
    cols, fields = [], []
    for field, col in zip(batch.schema, batch.columns, strict=False):
        if pa.types.is_nested(field.type):
            col = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in col.to_pylist()],
                pa.string(),
            )
            field = pa.field(field.name, pa.string())
        cols.append(col)
        fields.append(field)
    return pa.RecordBatch.from_arrays(cols, schema=pa.schema(fields))


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, pa.string()) if pa.types.is_nested(f.type) else f for f in schema])


def _comments(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str | None, dict[str, str]]:
    """The relation's comment and its columns' comments, as stored in the file."""
    columns = {
        c: t
        for c, t in con.execute(
            "select column_name, comment from duckdb_columns() where schema_name = 'main' and table_name = ?", [name]
        ).fetchall()
        if t
    }
    rel = con.execute(
        "select comment from duckdb_tables() where table_name = $n union all "
        "select comment from duckdb_views() where view_name = $n and not internal",
        {"n": name},
    ).fetchall()
    return (rel[0][0] if rel else None), columns


def _described(schema: pa.Schema, description: str | None, columns: dict[str, str]) -> pa.Schema:
    """`schema` with the comments as Parquet metadata: the file's key-value "description"
    and each field's "description"."""
    fields = [f.with_metadata({"description": columns[f.name]}) if f.name in columns else f for f in schema]
    meta = dict(schema.metadata or {})
    if description:
        meta[b"description"] = description.encode()
    return pa.schema(fields, metadata=meta)


def resolve(names: Iterable[str] | None) -> tuple[str, ...]:
    """The relations to export: all of EXPORTS, or the given names (checked)."""
    if names is None:
        return EXPORTS
    wanted = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    unknown = [n for n in wanted if n not in EXPORTS]
    if unknown or not wanted:
        raise ExportError(f"not exportable: {', '.join(unknown) or '(none given)'}; choose from {', '.join(EXPORTS)}")
    return wanted


def export(
    db_path: Path, out_dir: Path, fmt: str = "parquet", names: Iterable[str] | None = None, *, excel: bool = False
) -> list[Exported]:
    """Write every relation in `names` (default: EXPORTS) to out_dir/<name>.<fmt>; returns
    what was written. Each file is written to a temporary name and renamed, so a reader
    never sees half a file."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise ExportError("--excel (a UTF-8 BOM for Excel/WPS) applies to --format csv only")
    chosen = resolve(names)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    done: list[Exported] = []
    with sandboxed(db_path) as con:
        present = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() union all select view_name from duckdb_views()"
            ).fetchall()
        }
        missing = [n for n in chosen if n not in present]
        if missing:
            raise ExportError(
                f"{db_path} has no {', '.join(missing)} (open it once with a writing command to upgrade it)"
            )
        for name in chosen:
            description, columns = _comments(con, name)
            # `name` is one of the fixed EXPORTS above, never free input
            reader = con.sql(f'select * from "{name}"').to_arrow_reader(BATCH_ROWS)  # noqa: S608 - a fixed name
            path = out_dir / f"{name}.{fmt}"
            tmp = path.with_name(path.name + ".tmp")
            rows = 0
            if fmt == "parquet":
                with pq.ParquetWriter(tmp, _described(reader.schema, description, columns), compression="zstd") as w:
                    for batch in reader:
                        w.write_batch(batch)
                        rows += batch.num_rows
            else:
                with open(tmp, "wb") as sink:
                    if excel:
                        sink.write(UTF8_BOM)
                    with pacsv.CSVWriter(sink, _csv_schema(reader.schema)) as w:
                        for batch in reader:
                            w.write_batch(_csv_safe(batch))
                            rows += batch.num_rows
            tmp.replace(path)
            done.append(Exported(name, path, rows))
    return done
