"""Export the warehouse's public tables and analyst views as Parquet or CSV files for other
tools (pandas, Polars, Spark, R, a spreadsheet).

Read through the same sandbox as user SQL (read-only, external access off; a snapshot copy
while a writer holds the file) and written with pyarrow in record batches, so memory stays
bounded and DuckDB's COPY stays disabled. One file per relation: <out>/<name>.parquet|csv.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from govdocs.warehouse.query import sandboxed

# Tables, then the analyst views (quarantined rows are left out of v_*; they are in *_quarantine).
EXPORTS: tuple[str, ...] = (
    "documents",
    "metrics",
    "pages",
    "dq_results",
    "v_documents",
    "v_metrics",
    "v_metrics_by_publisher_year",
    "v_documents_by_publisher_year",
    "v_pages_by_status",
    "v_dq_history",
    "documents_quarantine",
    "metrics_quarantine",
)
FORMATS = ("parquet", "csv")
BATCH_ROWS = 100_000


@dataclass(frozen=True)
class Exported:
    name: str
    path: Path
    rows: int


def _csv_safe(batch: pa.RecordBatch) -> pa.RecordBatch:
    """CSV has no nested types: lists, structs and maps become JSON text."""
    cols, fields = [], []
    for field, col in zip(batch.schema, batch.columns):
        if pa.types.is_nested(field.type):
            col = pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                            for v in col.to_pylist()], pa.string())
            field = pa.field(field.name, pa.string())
        cols.append(col)
        fields.append(field)
    return pa.RecordBatch.from_arrays(cols, schema=pa.schema(fields))


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, pa.string()) if pa.types.is_nested(f.type) else f for f in schema])


def export(db_path: Path, out_dir: Path, fmt: str = "parquet", names: tuple[str, ...] = EXPORTS) -> list[Exported]:
    """Write every relation in `names` to out_dir/<name>.<fmt>; returns what was written.
    Each file is written to a temporary name and renamed, so a reader never sees half a file."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    unknown = set(names) - set(EXPORTS)
    if unknown:
        raise ValueError(f"not exportable: {sorted(unknown)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    done: list[Exported] = []
    with sandboxed(db_path) as con:
        for name in names:
            # `name` comes from the fixed EXPORTS list above, never from input
            reader = con.sql(f"select * from {name}").to_arrow_reader(BATCH_ROWS)  # noqa: S608
            path = out_dir / f"{name}.{fmt}"
            tmp = path.with_name(path.name + ".tmp")
            rows = 0
            if fmt == "parquet":
                with pq.ParquetWriter(tmp, reader.schema, compression="zstd") as w:
                    for batch in reader:
                        w.write_batch(batch)
                        rows += batch.num_rows
            else:
                with pacsv.CSVWriter(tmp, _csv_schema(reader.schema)) as w:
                    for batch in reader:
                        w.write_batch(_csv_safe(batch))
                        rows += batch.num_rows
            tmp.replace(path)
            done.append(Exported(name, path, rows))
    return done
