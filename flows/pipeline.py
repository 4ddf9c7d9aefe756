"""The crawl → extract → load → validate → report flow. Wiring only: the work is in
`govdocs.pipeline`, `govdocs.warehouse` and `govdocs.quality`, plain functions that tests
call directly.

Work is batched: one task per stage per run (hundreds of pages per task), because each task
run costs ~10–20 ms of client CPU and ~60 ms of server CPU on this machine.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from govdocs import pipeline, progress, quality, warehouse
from govdocs.warehouse import sqlfiles
from govdocs.sources import Source, load_source, source_for_url


def _retry_transient(task, task_run, state) -> bool:
    """Retry a stage only for errors a retry can fix (a locked file, a dropped connection)."""
    try:
        state.result()
    except (OSError, TimeoutError):
        return True
    except Exception:
        return False
    return False


@task(name="crawl", cache_policy=NO_CACHE)
def crawl_task(source: Source, db_path: Path, run_id: str, max_pages: int | None):
    result = pipeline.crawl_source(source, db_path=db_path, run_id=run_id, max_pages=max_pages,
                                   on_progress=progress.active())
    get_run_logger().info("fetched %d pages in %.1f s", len(result.pages), result.elapsed_s)
    return result


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(result, source: Source):
    records = pipeline.extract_pages(result.pages, source)
    get_run_logger().info("extracted %d detail pages", len(records))
    return records


@task(name="load", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 5],
      retry_condition_fn=_retry_transient)
def load_task(db_path: Path, run_id: str, source: Source, result, records) -> dict:
    con = warehouse.connect(db_path)
    try:
        warehouse.start_run(con, source=source.name, run_id=run_id)
        warehouse.load_pages(con, run_id, pipeline.page_rows(result, source))
        loaded = warehouse.load_records(con, run_id, records)
        totals = dict(sqlfiles.run(con, "table_counts").fetchall())
        return {"changed_documents": loaded["changed_documents"], **totals}
    finally:
        con.close()


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(db_path: Path, run_id: str) -> dict:
    con = warehouse.connect(db_path)
    try:
        return dict(quality.validate(con, run_id))
    finally:
        con.close()


@task(name="report", cache_policy=NO_CACHE)
def report_task(db_path: Path, run_id: str, summary: dict) -> str:
    con = warehouse.connect(db_path)
    try:
        warehouse.finish_run(con, run_id, summary)
        return str(quality.write_report(con, pipeline.report_dir_for(db_path), run_id))
    finally:
        con.close()


@flow(name="govdocs-crawl")
def crawl_flow(
    source_name: str | None = None,
    db_path: str = "warehouse/govdocs.duckdb",
    url: str | None = None,
    base: str | None = None,
    max_pages: int | None = None,
    delay_s: float | None = None,
) -> dict:
    """Crawl one source (or an ad-hoc start URL) into the warehouse, validate, report."""
    if url:
        source = source_for_url(url, delay_s=delay_s)
    else:
        source = load_source(source_name, base=base, delay_s=delay_s)
    db = Path(db_path)
    run_id = pipeline.new_run_id(source.name)
    result = crawl_task(source, db, run_id, max_pages)
    records = extract_task(result, source)
    counts = load_task(db, run_id, source, result, records)
    dq = validate_task(db, run_id)
    summary = pipeline.run_summary(run_id, source.name, result, counts, dq, db)
    summary["report"] = report_task(db, run_id, summary)
    _publish_artifacts(summary, result)
    return summary


def _publish_artifacts(summary: dict, result) -> None:
    lines = [f"# govdocs run `{summary['run_id']}`", ""]
    lines += [f"- **{k}**: {v}" for k, v in summary.items() if not isinstance(v, (dict, list))]
    lines += [f"- **pages by status**: {summary['pages_by_status']}"]
    create_markdown_artifact("\n".join(lines), key="run-summary", description="govdocs run summary")
    failures = [
        {"url": p.url, "kind": p.kind, "status": p.status, "http_status": p.http_status, "reason": p.error_reason}
        for p in result.pages if p.status != "ok"
    ]
    if failures:
        create_table_artifact(failures, key="run-failures", description="pages that were not ok, with reasons")


@task(name="reextract", cache_policy=NO_CACHE)
def reextract_task(db_path: Path, source: str | None) -> dict:
    con = warehouse.connect(db_path)
    try:
        before = dict(sqlfiles.run(con, "table_counts").fetchall())
        pages = pipeline.archived_pages(con, source)
        records, failures = pipeline.reextract_archived(pages)
        run_id = warehouse.start_run(con, source=source or "all", run_id=pipeline.new_run_id("reextract"))
        loaded = warehouse.load_records(con, run_id, records)
        after = dict(sqlfiles.run(con, "table_counts").fetchall())
        summary = {
            "run_id": run_id,
            "archived_pages": len(pages),
            "reextracted": len(records),
            "archive_failures": len(failures),
            "changed_documents": loaded["changed_documents"],
            "documents": after["documents"],
            "documents_delta": after["documents"] - before["documents"],
            "metrics": after["metrics"],
            "metrics_delta": after["metrics"] - before["metrics"],
        }
        warehouse.finish_run(con, run_id, summary)
        return {**summary, "failures": failures}
    finally:
        con.close()


@flow(name="govdocs-reextract")
def reextract_flow(db_path: str = "warehouse/govdocs.duckdb", source: str | None = None) -> dict:
    """Rebuild documents and figures from the archived responses alone (no network)."""
    summary = reextract_task(Path(db_path), source)
    dq = validate_task(Path(db_path), summary["run_id"])
    summary["dq_success"] = dq.get("success")
    return summary
