"""The import flow: web archives made by other crawlers → the warehouse, then validate and
report like a crawl. Wiring only: the work is `govdocs.warc_import.import_warcs`; validation,
the report and the artifacts are the crawl flow's own tasks (flows/pipeline.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.limits import ensure_limits, host_limits_enabled
from flows.pipeline import (
    WRITER_LIMIT,
    _publish,
    _retry_transient,
    _timing,
    _writer_guard,
    report_task,
    validate_task,
    warehouse_path,
)
from govdocs import pipeline, progress
from govdocs.orchestration import Timed, timed
from govdocs.sources import load_source
from govdocs.warc_import import ImportOutcome, import_summary, import_warcs


class ImportFailed(RuntimeError):
    """The warehouse could not take the imported pages; the run is recorded as failed."""


@task(
    name="import-warc",
    cache_policy=NO_CACHE,
    timeout_seconds=6 * 3600,
    retries=1,
    retry_delay_seconds=[5],
    retry_condition_fn=_retry_transient,
)
def import_task(
    paths: list[str], db_path: Path, source_name: str | None, base: str | None, url_prefixes: list[str]
) -> Timed[ImportOutcome]:
    """Read the archives, process every page, commit through the one writer. A retry
    imports again: pages already stored unchanged are not re-extracted."""
    log = get_run_logger()
    source = load_source(source_name, base=base) if source_name else None
    reporter = progress.for_task(progress.active(), log.info)
    out = timed(
        import_warcs,
        paths,
        db_path,
        source=source,
        url_prefixes=url_prefixes,
        on_progress=reporter,
        guard=_writer_guard(),
    )
    s = out.value.stats
    log.info(
        "%s: %d pages from %d files (%d extracted, %d unchanged, %d resources skipped) in %.1f s",
        s.source,
        s.pages,
        s.files,
        s.extracted,
        s.unchanged,
        s.resources_skipped,
        out.seconds,
    )
    for err in s.file_errors:
        log.warning("%s: %s", err["path"], err["reason"])
    return out


@flow(name="govdocs-import-warc")
def import_warc_flow(
    paths: list[str],
    db_path: str | None = None,
    source_name: str | None = None,
    base: str | None = None,
    url_prefixes: list[str] | None = None,
) -> dict[str, Any]:
    """Import WARC files (or folders of them) as one run, validate it, report it."""
    started = time.perf_counter()
    db = warehouse_path(db_path)
    progress.note("Prefect started; importing the archives")
    if host_limits_enabled():  # the writer's commits take a slot of the writer limit, as a crawl's do
        ensure_limits([WRITER_LIMIT], 1)
    imported = import_task(paths, db, source_name, base, list(url_prefixes or []))
    outcome: ImportOutcome = imported.value
    run, run_id = outcome.run, outcome.run.plan.run_id
    file_rows = [
        {"url": e["path"], "kind": "file", "status": "unreadable", "http_status": None, "reason": e["reason"]}
        for e in outcome.stats.file_errors
    ]
    if run.error:
        summary = import_summary(outcome, pipeline.run_summary(run, pipeline.run_counts(db, run_id), {}, db))
        summary.update(status="failed", reason=run.error)
        pipeline.fail_run(db, run_id, run.error, summary)
        _timing(summary, started, imported)
        _publish("import", run.plan.source.name, summary, pipeline.run_failures(db, run_id) + file_rows, {})
        raise ImportFailed(f"import run {run_id} failed: {run.error}")
    progress.note("validating the import and writing its report", waiting=True)
    dq = validate_task(db, run_id)
    counts = timed(pipeline.run_counts, db, run_id)  # our code: counted as work, not overhead
    summary = import_summary(outcome, pipeline.run_summary(run, counts.value, dq.value, db))
    report = report_task(db, run_id, summary)
    summary["report"] = report.value
    summary["next"] = pipeline.next_steps(summary)
    _timing(summary, started, imported, counts, dq, report)
    _publish("import", run.plan.source.name, summary, pipeline.run_failures(db, run_id) + file_rows, dq.value)
    return summary
