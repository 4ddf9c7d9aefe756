"""The single writer: runs, pages and records into DuckDB from registered Arrow tables."""

from __future__ import annotations

import functools
import itertools
import json
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from govdocs.records import PageRecord
from govdocs.warehouse import db, sqlfiles
from govdocs.warehouse.report_year import report_year
from govdocs.warehouse.rows import LoadSummary, PageRow

log = logging.getLogger(__name__)

T = TypeVar("T")
BATCH_ROWS = 5000  # rows staged per statement batch when a loader is given a long iterable


def chunks(items: Iterable[T], size: int = BATCH_ROWS) -> Iterator[list[T]]:
    """Lists of at most `size` items from any iterable (sqlite-utils' insert_all does the same):
    the caller never has to hold the whole data set."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


PAGES_SCHEMA = pa.schema(
    [
        ("ordinal", pa.int64()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("final_url", pa.string()),
        ("http_status", pa.int32()),
        ("status", pa.string()),
        ("error_reason", pa.string()),
        ("content_type", pa.string()),
        ("content_hash", pa.string()),
        ("content_length", pa.int64()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("warc_path", pa.string()),
        ("warc_offset", pa.int64()),
        ("kind", pa.string()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
    ]
)

_DOC_TEXT_FIELDS = (
    "source",
    "status",
    "status_reason",
    "encoding",
    "index_no",
    "index_scheme",
    "category",
    "publisher",
    "created_date",
    "published_date",
    "title",
    "doc_number",
    "keywords",
    "validity",
    "body_text",
    "source_name",
)
_DOC_JSON_FIELDS = ("field_sources", "sections", "tables")
_DOC_TEXT_STRUCT = pa.struct([(f, pa.string()) for f in _DOC_TEXT_FIELDS])

DOCS_SCHEMA = pa.schema(
    [("ordinal", pa.int64())]
    + [(f, pa.string()) for f in _DOC_TEXT_FIELDS]
    + [(f, pa.string()) for f in _DOC_JSON_FIELDS]
    + [("report_year", pa.int32())]  # computed here from title and body (warehouse/report_year.py)
)

# Metric key in records.Metric -> staging column
_METRIC_FIELDS = (
    ("label", "label", pa.string()),
    ("value", "value", pa.float64()),
    ("unit", "unit", pa.string()),
    ("qualifier", "qualifier", pa.string()),
    ("sentence", "sentence", pa.string()),
    ("section", "section", pa.string()),
    ("start", "start_offset", pa.int32()),
    ("end", "end_offset", pa.int32()),
    ("canonical", "canonical", pa.string()),
    ("table", "table_name", pa.string()),
    ("row", "row_label", pa.string()),
    ("column", "column_label", pa.string()),
    ("kind", "figure_kind", pa.string()),
    ("direction", "direction", pa.string()),
    ("target", "is_target", pa.bool_()),
)
_METRIC_STRUCT = pa.struct([(key, typ) for key, _, typ in _METRIC_FIELDS])
METRICS_SCHEMA = pa.schema(
    [("ordinal", pa.int64()), ("m_ordinal", pa.int64())] + [(col, typ) for _, col, typ in _METRIC_FIELDS]
)
ATTACHMENTS_SCHEMA = pa.schema(
    [
        ("ordinal", pa.int64()),
        ("a_ordinal", pa.int64()),
        ("url", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
    ]
)


def _now() -> datetime:
    return datetime.now(UTC)


def start_run(con: duckdb.DuckDBPyConnection, *, source: str, run_id: str | None = None) -> str:
    """Record a run as running; returns its id (a new sortable id unless given)."""
    run_id = run_id or f"{_now():%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    with con.cursor() as cur:
        sqlfiles.run(cur, "start_run", {"run_id": run_id, "source": source})
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, summary: dict[str, Any]) -> None:
    """Mark a run finished (or `summary["status"]`, e.g. "failed") with its counts."""
    status = str(summary.get("status", "finished"))
    counts = json.dumps(summary, ensure_ascii=False, default=str, sort_keys=True)
    with con.cursor() as cur:
        sqlfiles.run(cur, "finish_run", {"run_id": run_id, "status": status, "counts": counts})
        db.checkpoint(cur)


_in_transaction = db.in_transaction  # a failed commit (disk full) reports its cause


def pages_table(pages: Sequence[PageRow]) -> pa.Table:
    cols: dict[str, list[Any]] = {"ordinal": list(range(len(pages)))}
    for name in PAGES_SCHEMA.names[1:]:
        cols[name] = [p.get(name) for p in pages]
    for t in cols["fetched_at"]:
        if t is None or t.tzinfo is None:
            raise ValueError("PageRow.fetched_at must be a timezone-aware datetime")
    return pa.table(cols, schema=PAGES_SCHEMA)


def load_pages(con: duckdb.DuckDBPyConnection, run_id: str, pages: Iterable[PageRow]) -> int:
    """Merge fetched pages into `pages` (one row per URL; a re-fetch updates it), in batches
    of BATCH_ROWS, each its own transaction. Returns the number of distinct URLs."""
    urls: set[str] = set()
    for batch in chunks(pages):
        with con.cursor() as cur:  # our own connection: the caller may hold an unfinished result
            _in_transaction(cur, functools.partial(merge_pages, cur, run_id, batch))
        urls.update(p["url"] for p in batch)
    return len(urls)


def merge_pages(cur: duckdb.DuckDBPyConnection, run_id: str, pages: Sequence[PageRow]) -> None:
    """The merge itself, inside the caller's transaction."""
    if pages:
        cur.register("stg_pages", pages_table(pages))
        sqlfiles.run(cur, "merge_pages", {"run_id": run_id})
        cur.unregister("stg_pages")


def _dumps(v: object) -> str | None:
    if v is None:
        return None
    if not v:  # most records: no sections/tables; skip the encoder
        return "[]" if isinstance(v, list) else "{}"
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def records_tables(records: Sequence[PageRecord]) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Columnar staging tables for documents, metrics and attachments, joined on ordinal."""
    n = len(records)
    docs: dict[str, object] = {"ordinal": list(range(n))}
    texts = pa.array(records, type=_DOC_TEXT_STRUCT).flatten() if n else [[] for _ in _DOC_TEXT_FIELDS]
    for f, values in zip(_DOC_TEXT_FIELDS, texts, strict=False):
        docs[f] = values
    for f in _DOC_JSON_FIELDS:
        docs[f] = [_dumps(r.get(f)) for r in records]
    docs["report_year"] = [report_year(r.get("title"), r.get("body_text")) for r in records]

    m_ord: list[int] = []
    m_pos: list[int] = []
    flat: list[Any] = []
    a_rows: list[tuple[Any, ...]] = []
    for i, r in enumerate(records):
        ms = r.get("metrics") or []
        if ms:
            m_ord.extend([i] * len(ms))
            m_pos.extend(range(len(ms)))
            flat.extend(ms)
        for j, a in enumerate(r.get("attachments") or []):
            a_rows.append((i, j, a.get("url"), a.get("name"), a.get("type")))
    # pyarrow converts the dicts in C, all fields in one pass (~2x faster than a list per field)
    struct = pa.array(flat, type=_METRIC_STRUCT).flatten() if flat else [[] for _ in _METRIC_FIELDS]
    metrics: dict[str, object] = {"ordinal": m_ord, "m_ordinal": m_pos}
    for (_, col, _), values in zip(_METRIC_FIELDS, struct, strict=False):
        metrics[col] = values
    att_cols: list[Sequence[Any]] = list(zip(*a_rows, strict=False)) if a_rows else [[] for _ in ATTACHMENTS_SCHEMA]
    attachments = {name: list(c) for name, c in zip(ATTACHMENTS_SCHEMA.names, att_cols, strict=False)}
    return (
        pa.table(docs, schema=DOCS_SCHEMA),
        pa.table(metrics, schema=METRICS_SCHEMA),
        pa.table(attachments, schema=ATTACHMENTS_SCHEMA),
    )


def load_records(con: duckdb.DuckDBPyConnection, run_id: str, records: Iterable[PageRecord]) -> LoadSummary:
    """Merge extracted records (status "ok") into documents; replace the metrics and
    attachments of documents that are new or whose body or figures changed. Loading the
    same records again changes nothing but last_seen_run. Any iterable: it is loaded in
    batches of BATCH_ROWS records, each its own transaction."""
    total = empty_summary()
    for batch in chunks(records):
        add_summary(total, load_record_tables(con, run_id, *records_tables(batch)))
    return total


def empty_summary() -> LoadSummary:
    return LoadSummary(records=0, skipped_not_ok=0, documents=0, changed_documents=0, metrics_written=0)


def add_summary(total: LoadSummary, part: LoadSummary) -> None:
    for key in LoadSummary.__annotations__:
        total[key] += part[key]  # type: ignore[literal-required]


def merge_records(cur: duckdb.DuckDBPyConnection, run_id: str, records: Sequence[PageRecord]) -> LoadSummary:
    """The record merge itself, inside the caller's transaction."""
    if not records:
        return empty_summary()
    return _merge_staged(cur, run_id, *records_tables(records))


def _merge_staged(cur: duckdb.DuckDBPyConnection, run_id: str, *tables: pa.Table) -> LoadSummary:
    names = ("stg_documents", "stg_metrics", "stg_attachments")
    for name, t in zip(names, tables, strict=False):
        cur.register(name, t)
    sqlfiles.run(cur, "load_records", {"run_id": run_id})
    sqlfiles.run(cur, "seed_publishers", {"run_id": run_id})
    row = sqlfiles.run(cur, "load_records_counts", {"run_id": run_id}).fetchall()[0]
    for name in names:
        cur.unregister(name)
    n = [int(x) for x in row]
    return LoadSummary(records=n[0], skipped_not_ok=n[1], documents=n[2], changed_documents=n[3], metrics_written=n[4])


def load_record_tables(
    con: duckdb.DuckDBPyConnection, run_id: str, docs: pa.Table, metrics: pa.Table, attachments: pa.Table
) -> LoadSummary:
    """load_records from staged Arrow tables (see records_tables for their schemas)."""
    with con.cursor() as cur:  # our own connection: temp tables and registrations die with it
        summary = _in_transaction(cur, lambda: _merge_staged(cur, run_id, docs, metrics, attachments))
        db.checkpoint(cur)
    log.info("run %s: loaded %s", run_id, summary)
    return summary
