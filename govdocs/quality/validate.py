"""Run the expectation suites on DataFrames read from the warehouse and record the results.

GX validates pandas batches in an ephemeral context (its SQL datasource through
duckdb-engine fails here; see docs/reliability.md). GX marks any failed expectation as
unsuccessful whatever its severity, so success is decided here: a failed (or erroring)
critical expectation fails the run; warnings and infos are reported.

Severity policy in the warehouse: every row named by a failed critical or warning
expectation goes to `quarantine` (complete, recomputed for the rows each validation checks,
so a fixed row leaves it) and out of the analyst views (v_documents, v_metrics and the
by-publisher/year views); the history of each validation is in dq_quarantine (up to
QUARANTINE_LIMIT rows per expectation). Suites with meta.phase "after_quarantine"
(expectations/partition.json) then check that every row is in exactly one of the public
view and the quarantine.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypedDict

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from govdocs.quality.suites import Suite, load_suites
from govdocs.warehouse import sqlfiles
from govdocs.warehouse.db import reading, release_cache

if TYPE_CHECKING:  # GX is imported lazily (slow); its types only for the checker
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult
    from great_expectations.data_context.data_context.abstract_data_context import AbstractDataContext

log = logging.getLogger(__name__)

QUARANTINE_LIMIT = 1000  # dq_quarantine (history) rows kept per failed expectation and validation
SAMPLE_LIMIT = 20  # unexpected values kept in dq_results.details
# What one GX validation holds at once: GX's pandas engine needs several times a frame's size
# (measured: a 127k-row figures frame of 43 MB added ~90 MB), so chunks are bounded in rows too.
CHUNK_BYTES = int(os.environ.get("GOVDOCS_DQ_CHUNK_BYTES", str(16 << 20)))  # Arrow bytes validated at once
CHUNK_ROWS = int(os.environ.get("GOVDOCS_DQ_CHUNK_ROWS", "50000"))
# Rows per Arrow batch read from DuckDB (its vector size): 10,000-row batches of documents
# (bodies included) were 60 MB each before any chunking could apply.
READ_ROWS = 2048


class ExpectationResult(TypedDict):
    suite: str
    expectation_id: str
    expectation_type: str
    column: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    unexpected_percent: float | None
    notes: str | None
    observed_value: Any
    sample: list[Any]  # a few unexpected values
    error: str | None  # the expectation could not be evaluated


class DQSummary(TypedDict):
    dq_run_id: str
    run_id: str
    scope: str
    success: bool  # no critical expectation failed
    critical_failures: int
    warnings: int  # failed warning expectations
    infos: int  # failed info expectations
    quarantined: int  # distinct rows (table, key) quarantined by this validation
    row_counts: dict[str, int]  # rows validated per suite
    seconds: float
    results: list[ExpectationResult]


def _gx() -> ModuleType:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():  # GX imports the deprecated sre_constants
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations as gx
    # GX fingerprints every in-memory batch with an md5 over pd.util.hash_pandas_object
    # (~1.4 s per 1M rows here); the fingerprint is only a batch marker we never read.
    from great_expectations.execution_engine import pandas_execution_engine

    if hasattr(pandas_execution_engine, "HASH_THRESHOLD"):
        pandas_execution_engine.HASH_THRESHOLD = 0
    return gx


def _context(gx: ModuleType) -> AbstractDataContext:
    """An in-memory GX context: no docs site, no progress bars, no analytics."""
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        analytics_enabled=False,
    )
    ctx: AbstractDataContext = gx.get_context(mode="ephemeral", project_config=config)
    return ctx


def _frame_query(suite: Suite, run_id: str, scope: str) -> tuple[str, dict[str, object]]:
    """A suite's frame query (sql/queries/<suite.query>.sql) as a subquery, with its bound
    parameters; the trailing newline ends any comment on its last line."""
    (stmt,) = sqlfiles.statements(suite.query)
    return stmt.rstrip().rstrip(";") + "\n", sqlfiles.bind(stmt, {"run_id": run_id, "scope": scope})


def _ident(name: str) -> str:
    """A quoted SQL identifier (column names come from the committed suite files)."""
    return '"' + name.replace('"', '""') + '"'


def frame(con: duckdb.DuckDBPyConnection, suite: Suite, run_id: str, scope: str) -> pd.DataFrame:
    """The whole DataFrame a suite validates (see `frames` for the chunks validation uses)."""
    return pd.concat(list(frames(con, suite, run_id, scope, whole=True)), ignore_index=True)


def frames(
    con: duckdb.DuckDBPyConnection, suite: Suite, run_id: str, scope: str, whole: bool = False
) -> Iterator[pd.DataFrame]:
    """The rows a suite validates (sql/queries/<suite.query>.sql with bound params), streamed
    from DuckDB in chunks of about CHUNK_BYTES of Arrow data, so validating a run of any size
    holds one chunk at a time (a 20,000-page run holds ~1M figure rows). Always at least one
    (possibly empty) frame. Timestamps become datetime64[ns], which GX's between/pair checks need."""
    query, params = _frame_query(suite, run_id, scope)
    reader = con.sql(query, params=params).to_arrow_reader(READ_ROWS)
    pending: list[pa.RecordBatch] = []
    rows = 0
    per_chunk: int | None = None  # rows per chunk, from the size of the first rows seen
    yielded = False
    for batch in reader:
        if per_chunk is None and batch.num_rows:
            per_chunk = max(1, min(CHUNK_ROWS, int(batch.num_rows * CHUNK_BYTES / max(batch.nbytes, 1))))
        pending.append(batch)
        rows += batch.num_rows
        while not whole and per_chunk is not None and rows >= per_chunk:
            release_cache(con)
            table = pa.Table.from_batches(pending, schema=reader.schema)
            yield _to_frame(suite, table.slice(0, per_chunk))
            rest = table.slice(per_chunk)
            pending, rows, yielded = rest.to_batches(), rest.num_rows, True
    if rows or not yielded:
        yield _to_frame(suite, pa.Table.from_batches(pending, schema=reader.schema))


def _to_frame(suite: Suite, table: pa.Table) -> pd.DataFrame:
    df: pd.DataFrame = table.to_pandas()  # via Arrow: ~3x faster than .df() for 1M rows of strings
    for col in df.columns:
        dtype = df[col].dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            df[col] = df[col].dt.tz_convert(None).astype("datetime64[ns]")
        elif pd.api.types.is_datetime64_dtype(dtype):
            df[col] = df[col].astype("datetime64[ns]")
    missing = suite.columns() - set(df.columns)
    if missing:
        raise ValueError(f"suite {suite.name}: frame lacks columns {sorted(missing)}")
    return df


def _validate_chunks(
    gx: ModuleType,
    ctx: AbstractDataContext,
    con: duckdb.DuckDBPyConnection,
    suite: Suite,
    run_id: str,
    scope: str,
    params: dict[str, object],
    gx_out: dict[str, str],
    spool: QuarantineSpool | None = None,
) -> tuple[list[ExpectationResult], int]:
    """Validate a suite chunk by chunk; returns (results, rows). The rows it quarantines go
    to `spool` as each chunk is done. One chunk gives GX's own results; several are combined
    (`_combine`)."""
    parts: list[list[ExpectationResult]] = []
    rows = 0
    for i, df in enumerate(frames(con, suite, run_id, scope)):
        r, q = _run_suite(gx, ctx, suite, df, params, gx_out if i == 0 else None, name_suffix=f"-{i}" if i else "")
        parts.append(r)
        if spool is not None:
            spool.add(q)
        rows += len(df)
        del df, q
        gc.collect()  # GX leaves reference cycles around each batch's frame: free it before the next
    if len(parts) == 1:
        return parts[0], rows
    results = _combine(suite, parts)
    dup_rows = _duplicates_across_chunks(con, suite, run_id, scope, results)
    if spool is not None:
        spool.add(dup_rows)
    return results, rows


def _combine(suite: Suite, parts: list[list[ExpectationResult]]) -> list[ExpectationResult]:
    """One result per expectation from its per-chunk results: counts add up; success is
    decided on the totals (`mostly`, proportion bounds) as GX decides it on one frame."""
    out: list[ExpectationResult] = []
    specs = {suite.expectation_id(i): spec for i, spec in enumerate(suite.expectations)}
    for same in zip(*parts, strict=False):
        first = same[0]
        kwargs = specs[first["expectation_id"]]["kwargs"]
        elements = sum(r["element_count"] or 0 for r in same)
        counts = [r["unexpected_count"] for r in same if r["unexpected_count"] is not None]
        unexpected = sum(counts) if counts else None
        error = next((r["error"] for r in same if r["error"]), None)
        observed = first["observed_value"]
        if first["expectation_type"] == "expect_column_proportion_of_non_null_values_to_be_between":
            observed = sum((r["observed_value"] or 0) * (r["element_count"] or 0) for r in same) / max(elements, 1)
            low, high = kwargs.get("min_value"), kwargs.get("max_value")
            ok = (low is None or observed >= low) and (high is None or observed <= high)
        elif unexpected is not None:
            mostly = float(kwargs.get("mostly", 1.0))
            ok = unexpected <= (1.0 - mostly) * elements + 1e-9
        else:
            ok = all(r["success"] for r in same)
        sample: list[Any] = [v for r in same for v in r["sample"]][:SAMPLE_LIMIT]
        out.append(
            ExpectationResult(
                suite=first["suite"],
                expectation_id=first["expectation_id"],
                expectation_type=first["expectation_type"],
                column=first["column"],
                severity=first["severity"],
                success=ok and error is None,
                element_count=elements,
                unexpected_count=unexpected,
                unexpected_percent=100.0 * unexpected / elements if unexpected is not None and elements else 0.0,
                notes=first["notes"],
                observed_value=observed,
                sample=sample,
                error=error,
            )
        )
    return out


def _duplicates_across_chunks(
    con: duckdb.DuckDBPyConnection, suite: Suite, run_id: str, scope: str, results: list[ExpectationResult]
) -> list[dict[str, Any]]:
    """A value unique in every chunk may repeat across chunks: uniqueness is checked once more
    over the whole frame, in DuckDB (the frame is never in memory at once)."""
    inner, bound = _frame_query(suite, run_id, scope)
    key = _ident(suite.key)
    rows: list[dict[str, Any]] = []
    for res in results:
        if res["expectation_type"] != "expect_column_values_to_be_unique" or res["column"] is None:
            continue
        col = _ident(res["column"])
        # first the repeated values (one aggregate, usually no row), then their rows: the
        # frame query is never nested in itself (that ran out of DuckDB's memory limit)
        repeated = con.execute(
            f"select {col} as v from ({inner}) g where {col} is not null group by 1 having count(*) > 1",  # noqa: S608
            {**bound},
        ).fetchall()
        dups: list[tuple[Any, ...]] = []
        if repeated:
            con.register("stg_dq_repeated", pa.table({"v": [v for (v,) in repeated]}))
            dups = con.execute(
                f"select {key}, {col} from ({inner}) f where {col} in (select v from stg_dq_repeated)",  # noqa: S608
                {**bound},
            ).fetchall()
            con.unregister("stg_dq_repeated")
        res["unexpected_count"] = len(dups)
        res["unexpected_percent"] = 100.0 * len(dups) / res["element_count"] if res["element_count"] else 0.0
        res["success"] = res["error"] is None and not dups
        res["sample"] = json.loads(_json([v for _, v in dups[:SAMPLE_LIMIT]]))
        if res["severity"] == "info":
            continue
        rows += [
            {
                "table_name": suite.table,
                "row_key": str(k),
                "expectation_id": res["expectation_id"],
                "expectation_type": res["expectation_type"],
                "column_name": res["column"],
                "severity": res["severity"],
                "reason": res["notes"],
                "bad_value": _json(v),
            }
            for k, v in dups
            if k is not None
        ]
    return rows


def _column(kwargs: dict[str, Any]) -> str | None:
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _error(res: dict[str, Any]) -> str | None:
    info = res.get("exception_info") or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for v in info.values():  # keyed by metric id when a metric failed to resolve
        if isinstance(v, dict) and v.get("raised_exception"):
            return str(v.get("exception_message"))
    return None


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, default=str, sort_keys=True)


_GX_DROP = (
    "unexpected_list",
    "unexpected_index_list",
    "partial_unexpected_index_list",
    "unexpected_index_query",
    "partial_unexpected_counts",
)


def _gx_compact(validation: ExpectationSuiteValidationResult, per_result: list[dict[str, Any]]) -> str:
    """GX's validation result as JSON without the long per-row lists (for Data Docs)."""
    results = []
    for res in per_result:
        res = dict(res)
        res["result"] = {k: v for k, v in (res.get("result") or {}).items() if k not in _GX_DROP}
        results.append(res)
    return _json(
        {
            "success": validation.success,
            "suite_name": validation.suite_name,
            "suite_parameters": validation.suite_parameters,
            "statistics": validation.statistics,
            "meta": validation.meta,
            "id": validation.id,
            "results": results,
        }
    )


def _run_suite(
    gx: ModuleType,
    ctx: AbstractDataContext,
    suite: Suite,
    df: pd.DataFrame,
    params: dict[str, object],
    gx_out: dict[str, str] | None = None,
    name_suffix: str = "",
) -> tuple[list[ExpectationResult], list[dict[str, Any]]]:
    source = ctx.data_sources.add_pandas(f"warehouse_{suite.name}{name_suffix}")
    asset = source.add_dataframe_asset(suite.table)
    batch_def = asset.add_batch_definition_whole_dataframe("all")
    gx_suite = ctx.suites.add(
        gx.ExpectationSuite(
            name=suite.name + name_suffix,
            # GX 1.x has its own severity field (default critical): keep it equal to ours so
            # GX's own renderings agree, though the decision is made here from meta.severity.
            expectations=[
                {"type": e["type"], "kwargs": e["kwargs"], "meta": e["meta"], "severity": e["meta"]["severity"]}
                for e in suite.expectations
            ],
        )
    )
    position = {str(e.id): i for i, e in enumerate(gx_suite.expectations)}
    batch = batch_def.get_batch(batch_parameters={"dataframe": df})
    validation = batch.validate(
        gx_suite,
        expectation_parameters=params,
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": [suite.key],
            "partial_unexpected_count": SAMPLE_LIMIT,
            "return_unexpected_index_query": False,
        },
    )
    # the context keeps every data source, and with it its DataFrame: drop this chunk's
    # (validating chunk after chunk must not keep them all)
    del batch, batch_def, asset
    ctx.data_sources.delete(source.name)
    ctx.suites.delete(gx_suite.name)
    results: list[ExpectationResult] = []
    quarantine: list[dict[str, Any]] = []
    raw: list[dict[str, Any]] = []
    for r in validation.results:
        res: dict[str, Any] = r.to_json_dict()
        raw.append(res)
        cfg = res["expectation_config"]
        i = position[str(cfg["id"])]
        spec = suite.expectations[i]
        severity = spec["meta"]["severity"]
        out = res.get("result") or {}
        error = _error(res)
        ok = bool(res["success"]) and error is None
        partial = out.get("partial_unexpected_list") or []
        results.append(
            ExpectationResult(
                suite=suite.name,
                expectation_id=suite.expectation_id(i),
                expectation_type=spec["type"],
                column=_column(spec["kwargs"]),
                severity=severity,
                success=ok,
                element_count=out.get("element_count", len(df)),
                unexpected_count=out.get("unexpected_count"),
                unexpected_percent=out.get("unexpected_percent"),
                notes=spec["meta"].get("notes"),
                observed_value=json.loads(_json(out.get("observed_value"))),
                sample=json.loads(_json(partial[:SAMPLE_LIMIT])),
                error=error,
            )
        )
        if ok or severity == "info":
            continue
        for row in out.get("unexpected_index_list") or []:
            key = row.get(suite.key)
            if key is None:
                continue
            other = {k: v for k, v in row.items() if k != suite.key}
            quarantine.append(
                {
                    "table_name": suite.table,
                    "row_key": str(key),
                    "expectation_id": suite.expectation_id(i),
                    "expectation_type": spec["type"],
                    "column_name": _column(spec["kwargs"]),
                    "severity": severity,
                    "reason": spec["meta"].get("notes"),
                    "bad_value": _json(other if len(other) != 1 else next(iter(other.values())))
                    if other
                    else _json(key),
                }
            )
    results.sort(key=lambda x: x["expectation_id"])
    if gx_out is not None:
        gx_out[suite.name] = _gx_compact(validation, raw)
    return results, quarantine


def validate(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    scope: str = "run",
    today: date | None = None,
) -> DQSummary:
    """Validate the warehouse rows of `run_id` (scope "run": pages and documents seen in the
    run and their figures; scope "all": every row) with every suite in expectations/.
    Writes dq_runs, dq_results, dq_quarantine (history), quarantine (current state) and, for
    a crawl run, dq_run_stats; returns the summary."""
    if scope not in ("run", "all"):
        raise ValueError("scope must be 'run' or 'all'")
    started = time.perf_counter()
    gx = _gx()
    ctx = _context(gx)
    today = today or datetime.now(UTC).date()
    params: dict[str, object] = {"max_date": f"{today + timedelta(days=1):%Y-%m-%d}T00:00:00"}
    dq_run_id = f"{run_id}-dq-{uuid.uuid4().hex[:8]}"

    results: list[ExpectationResult] = []
    row_counts: dict[str, int] = {}
    suites = load_suites()
    gx_out: dict[str, str] = {}
    checked: list[Suite] = []  # suites whose rows' quarantine is recomputed
    with tempfile.TemporaryDirectory(prefix="govdocs-dq-") as tmp:
        spool = QuarantineSpool(Path(tmp) / "quarantine.parquet", dq_run_id=dq_run_id, run_id=run_id)
        with reading(con), con.cursor() as cur:
            if scope == "run":
                sqlfiles.run(cur, "dq_run_stats", {"run_id": run_id})
            for suite in suites:
                if suite.after_quarantine:
                    continue
                r, row_counts[suite.name] = _validate_chunks(
                    gx,
                    ctx,
                    cur,
                    suite,
                    run_id,
                    suite.frame_scope(scope),
                    params,
                    gx_out,
                    spool if suite.quarantines else None,
                )
                results += r
                if suite.quarantines:
                    checked.append(suite)

        # the invariants after the quarantine group every document and figure id of the run:
        # that aggregate's table of ids needs the whole limit (under half it ran out at
        # 100,000 pages); their frames are narrow, and the cache is still given back per chunk
        with reading(con, share=1), con.cursor() as cur:
            cur.begin()
            try:
                quarantined = _store_quarantine(cur, dq_run_id, run_id, scope, spool, checked)
                for suite in suites:  # invariants over the updated quarantine, same transaction
                    if not suite.after_quarantine:
                        continue
                    r, row_counts[suite.name] = _validate_chunks(
                        gx, ctx, cur, suite, run_id, suite.frame_scope(scope), params, gx_out
                    )
                    results += r
                summary = _summary(dq_run_id, run_id, scope, results, quarantined, row_counts)
                _store(cur, summary)
                cur.register("stg_dq_gx_results", pa.table({"suite": list(gx_out), "result": list(gx_out.values())}))
                sqlfiles.run(cur, "dq_insert_gx_results", {"dq_run_id": dq_run_id})
                cur.commit()
            except Exception:
                cur.rollback()
                raise
            cur.execute("checkpoint")
    summary["seconds"] = round(time.perf_counter() - started, 3)
    log.info(
        "dq %s: success=%s critical=%d warnings=%d in %.1fs",
        dq_run_id,
        summary["success"],
        summary["critical_failures"],
        summary["warnings"],
        summary["seconds"],
    )
    return summary


def _summary(
    dq_run_id: str,
    run_id: str,
    scope: str,
    results: list[ExpectationResult],
    quarantined: int,
    row_counts: dict[str, int],
) -> DQSummary:
    failed = [r for r in results if not r["success"]]
    return DQSummary(
        dq_run_id=dq_run_id,
        run_id=run_id,
        scope=scope,
        success=not any(r["severity"] == "critical" for r in failed),
        critical_failures=sum(r["severity"] == "critical" for r in failed),
        warnings=sum(r["severity"] == "warning" for r in failed),
        infos=sum(r["severity"] == "info" for r in failed),
        quarantined=quarantined,
        row_counts=row_counts,
        seconds=0.0,
        results=sorted(results, key=lambda x: x["expectation_id"]),
    )


_Q_SCHEMA = pa.schema(
    [
        ("dq_run_id", pa.string()),
        ("run_id", pa.string()),
        ("table_name", pa.string()),
        ("row_key", pa.string()),
        ("expectation_id", pa.string()),
        ("expectation_type", pa.string()),
        ("column_name", pa.string()),
        ("severity", pa.string()),
        ("reason", pa.string()),
        ("bad_value", pa.string()),
    ]
)


class QuarantineSpool:
    """The rows one validation quarantines, appended to a Parquet file chunk after chunk: a
    run whose every figure fails an expectation holds them on disk, not in memory (as a list
    of dicts they were ~600 bytes a row, a million rows for a bad 20,000-page run)."""

    def __init__(self, path: Path, *, dq_run_id: str, run_id: str):
        self.path = path
        self.base = {"dq_run_id": dq_run_id, "run_id": run_id}
        self._writer: pq.ParquetWriter | None = None

    def add(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, _Q_SCHEMA)
        self._writer.write_table(pa.Table.from_pylist([{**self.base, **q} for q in rows], schema=_Q_SCHEMA))

    def dataset(self) -> ds.Dataset:
        """Everything added, for DuckDB to scan from the file (closes the spool)."""
        if self._writer is None:
            pq.write_table(_Q_SCHEMA.empty_table(), self.path)
        else:
            self._writer.close()
        return ds.dataset(self.path, schema=_Q_SCHEMA, format="parquet")


def _store_quarantine(
    con: duckdb.DuckDBPyConnection,
    dq_run_id: str,
    run_id: str,
    scope: str,
    spool: QuarantineSpool,
    checked: list[Suite],
) -> int:
    """Recompute `quarantine` for the rows checked now (inside the caller's transaction):
    a quarantined row that one of the suites' frame queries names again loses its old
    verdict, then this validation's failures go in. Matched in DuckDB from the (small)
    quarantine's side, so a run's million figure ids are neither staged nor sent through Python.
    Returns the number of distinct rows (table, key) quarantined."""
    base: dict[str, object] = {"dq_run_id": dq_run_id, "run_id": run_id}
    con.register("stg_dq_quarantine", spool.dataset())  # a view of this connection only
    for suite in checked:
        inner, params = _frame_query(suite, run_id, suite.frame_scope(scope))
        key = _ident(suite.key)
        con.execute(
            "delete from quarantine where rowid in (select q.rowid from quarantine q "  # noqa: S608
            f"join ({inner}) f on q.row_key = cast(f.{key} as varchar) where q.table_name = $dq_table)",
            {**params, "dq_table": suite.table},
        )
    sqlfiles.run(con, "dq_quarantine_refresh", base)
    ((count,),) = sqlfiles.run(con, "dq_quarantined_count").fetchall()
    return int(count)


def _store(con: duckdb.DuckDBPyConnection, s: DQSummary) -> None:
    base = {"dq_run_id": s["dq_run_id"], "run_id": s["run_id"]}
    res_rows = [
        {
            **base,
            "suite": r["suite"],
            "expectation_id": r["expectation_id"],
            "expectation_type": r["expectation_type"],
            "column_name": r["column"],
            "severity": r["severity"],
            "success": r["success"],
            "element_count": r["element_count"],
            "unexpected_count": r["unexpected_count"],
            "unexpected_percent": r["unexpected_percent"],
            "details": _json(
                {"notes": r["notes"], "observed_value": r["observed_value"], "sample": r["sample"], "error": r["error"]}
            ),
        }
        for r in s["results"]
    ]
    res_schema = pa.schema(
        [
            ("dq_run_id", pa.string()),
            ("run_id", pa.string()),
            ("suite", pa.string()),
            ("expectation_id", pa.string()),
            ("expectation_type", pa.string()),
            ("column_name", pa.string()),
            ("severity", pa.string()),
            ("success", pa.bool_()),
            ("element_count", pa.int64()),
            ("unexpected_count", pa.int64()),
            ("unexpected_percent", pa.float64()),
            ("details", pa.string()),
        ]
    )
    con.register("stg_dq_results", pa.Table.from_pylist(res_rows, schema=res_schema))
    params = {
        **base,
        "scope": s["scope"],
        "success": s["success"],
        "critical_failures": s["critical_failures"],
        "warnings": s["warnings"],
        "infos": s["infos"],
        "row_counts": _json(s["row_counts"]),
        "quarantined": s["quarantined"],
        "limit": QUARANTINE_LIMIT,
    }
    for name in ("dq_insert_run", "dq_insert_results", "dq_insert_quarantine", "dq_finish_run"):
        sqlfiles.run(con, name, params)
