"""The Prefect flows: crawl (fetch → extract → load → validate → report), reextract (archive →
extract in chunks → one load → validate) and validate (every row of the warehouse). Wiring
only: the work is in `govdocs.pipeline`, `govdocs.warehouse` and `govdocs.quality`, plain
functions that tests and benchmarks call directly.

Work is batched: one task per stage per run, and re-extraction one task per chunk of
hundreds of pages, because each task run costs ~10–20 ms of client CPU and ~60 ms of server
CPU on this machine. Every task returns how long its plain function took (`Timed`), so a run
reports its orchestration overhead (wall time not spent in our own code).

Each flow run publishes two artifacts per source: `<flow>-summary-<source>` (markdown) and
`<flow>-failures-<source>` (a table, possibly empty); a run over the whole warehouse uses
`all` for the source (`validate-summary-all`).

A crawl holds one slot of the global concurrency limit `govdocs-crawl-<host>` (limit 1,
created if missing) for each host it may visit: two runs of one source — a schedule and a
manual run, or runs on two workers — never crawl the same host at the same time. (Only
against a Prefect server; see flows/limits.py for why not on the ephemeral one.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.concurrency.sync import concurrency
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.limits import ensure_limits, host_limits_enabled
from govdocs import pipeline, progress, quality, warehouse
from govdocs.fetch.crawl import CrawlUnreachable
from govdocs.orchestration import Timed, artifact_key, chunked, crawl_limit_names, overhead_pct, timed
from govdocs.paths import default_db
from govdocs.sources import Source, load_source, source_for_url
from govdocs.warehouse import sqlfiles
from govdocs.warehouse.writer import WriterFailed, write_connection

CHUNK_PAGES = 500  # archived pages per re-extraction task
LIMIT_WAIT_S = 2 * 3600  # how long a crawl waits for another crawl of its hosts to finish
LEASE_S = 60  # a killed run's host slot is released by the server within about this long
WRITER_LIMIT = "govdocs-warehouse-writer"  # one committer at a time across Prefect workers


def warehouse_path(db_path: str | None) -> Path:
    """A flow's `db_path`, None meaning the default warehouse of wherever the run executes
    (resolved at run time: a deployment registered on one machine runs on another)."""
    return Path(db_path) if db_path else default_db()


def _retry_transient(task: object, task_run: object, state: State[Any]) -> bool:
    """Retry a stage only for errors a retry can fix (a locked file, a dropped connection)."""
    try:
        state.result()
    except (OSError, TimeoutError, duckdb.IOException, WriterFailed):
        return True
    except Exception:  # noqa: BLE001 - any other failure would fail again: not retried
        return False
    return False


class HostBusy(RuntimeError):
    """Another run held a crawl slot of one of this source's hosts for LIMIT_WAIT_S."""


class _QuietThreadTimeouts(logging.Filter):
    """Mapped chunk tasks run in worker threads, where Prefect warns on every run that a
    timeout cannot interrupt blocking calls; it is still enforced when the chunk returns."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "running in a worker thread" not in record.getMessage()


logging.getLogger("prefect.task_runs").addFilter(_QuietThreadTimeouts())


# --- tasks: one plain call each ---------------------------------------------------------


class CrawlFailed(RuntimeError):
    """A run stopped midway; it is recorded in `runs` with its reason and resumes next time."""


def _writer_guard() -> Callable[[], AbstractContextManager[object]] | None:
    """Around each commit, when runs share a Prefect server (several machines or workers):
    one slot of `govdocs-warehouse-writer`, so one process writes the warehouse at a time.
    On one machine the writer's file lock already does this."""
    if not host_limits_enabled():
        return None
    return lambda: concurrency(
        WRITER_LIMIT, occupy=1, strict=True, timeout_seconds=LIMIT_WAIT_S, lease_duration=LEASE_S
    )


@task(
    name="crawl",
    cache_policy=NO_CACHE,
    timeout_seconds=6 * 3600,
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=_retry_transient,
)
def crawl_task(sources: list[Source], db_path: Path, max_pages: int | None, fresh: bool) -> Timed[Any]:
    """Fetch + process + commit, as a stream. Never cached: a fetch must see today's page.
    A retry resumes the run from the frontier it committed; it does not start over."""
    log = get_run_logger()
    origins = tuple(o for s in sources for o in s.allowed_origins)
    names = crawl_limit_names(origins) if host_limits_enabled() else []
    with ExitStack() as held:
        if names:
            try:
                held.enter_context(
                    concurrency(names, occupy=1, strict=True, timeout_seconds=LIMIT_WAIT_S, lease_duration=LEASE_S)
                )
            except TimeoutError:  # not retried: the other crawl may run for hours
                raise HostBusy(
                    f"{', '.join(names)} busy for {LIMIT_WAIT_S:.0f} s: another crawl of these hosts is running"
                ) from None
            log.info("holding %s", ", ".join(names))
        reporter = progress.for_task(progress.active(), log.info)
        out = timed(
            pipeline.crawl_sources,
            sources,
            db_path,
            max_pages=max_pages,
            on_progress=reporter,
            fresh=fresh,
            guard=_writer_guard(),
        )
    for o in out.value:
        if o.exc is not None and _transient(o.exc):
            pipeline.fail_run(db_path, o.plan.run_id, o.error or "failed")
            raise o.exc  # the retry resumes this run
        stats = o.stats
        log.info(
            "%s: %s pages fetched, %s extracted in %.1f s%s",
            o.plan.source.name,
            stats.fetched if stats else 0,
            stats.extracted if stats else 0,
            out.seconds,
            f" (resumed, attempt {o.plan.attempt})" if o.plan.resume else "",
        )
    return out


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, (OSError, TimeoutError, duckdb.IOException, WriterFailed))


@task(
    name="validate",
    cache_policy=NO_CACHE,
    timeout_seconds=1800,
    retries=1,
    retry_delay_seconds=[5],
    retry_condition_fn=_retry_transient,
)
def validate_task(db_path: Path, run_id: str, scope: str = "run") -> Timed[Any]:
    def work() -> dict[str, Any]:
        with write_connection(db_path) as con:
            return dict(quality.validate(con, run_id, scope=scope))

    out = timed(work)
    dq = out.value
    get_run_logger().info(
        "validated (%s): success=%s critical=%s warnings=%s in %.1f s",
        scope,
        dq["success"],
        dq["critical_failures"],
        dq["warnings"],
        out.seconds,
    )
    return out


@task(name="report", cache_policy=NO_CACHE, timeout_seconds=600, retries=1, retry_condition_fn=_retry_transient)
def report_task(db_path: Path, run_id: str, summary: dict[str, Any]) -> Timed[Any]:
    def work() -> str:
        with write_connection(db_path) as con:
            warehouse.finish_run(con, run_id, summary)
            sqlfiles.run(con, "frontier_done", {"run_id": run_id})
            return str(quality.write_report(con, pipeline.report_dir_for(db_path), run_id))

    return timed(work)


@task(name="list-archived", cache_policy=NO_CACHE, timeout_seconds=600, retries=1, retry_condition_fn=_retry_transient)
def archived_pages_task(db_path: Path, source: str | None) -> Timed[Any]:
    def work() -> list[dict[str, Any]]:
        with write_connection(db_path) as con:
            return pipeline.archived_pages(con, source)

    out = timed(work)
    get_run_logger().info("%d archived detail pages", len(out.value))
    return out


@task(
    name="reextract-chunk", cache_policy=NO_CACHE, timeout_seconds=1800, retries=1, retry_condition_fn=_retry_transient
)
def reextract_chunk_task(pages: list[dict[str, Any]]) -> Timed[Any]:
    """Pure work (WARC bytes in, records out): runs on any worker that can read the archive."""
    out = timed(pipeline.reextract_archived, pages)
    get_run_logger().info("re-extracted %d pages in %.1f s", len(pages), out.seconds)
    return out


@task(
    name="load-reextracted",
    cache_policy=NO_CACHE,
    timeout_seconds=1800,
    retries=2,
    retry_delay_seconds=[2, 5],
    retry_condition_fn=_retry_transient,
)
def load_reextracted_task(
    db_path: Path, source: str | None, records: list[Any], archived: int, failures: list[dict[str, Any]]
) -> Timed[Any]:
    """The single writer: every chunk's records merge here, in one process."""

    def work() -> dict[str, Any]:
        with write_connection(db_path) as con:
            before = dict(sqlfiles.run(con, "table_counts").fetchall())
            run_id = warehouse.start_run(con, source=source or "all", run_id=pipeline.new_run_id("reextract"))
            loaded = warehouse.load_records(con, run_id, records)
            after = dict(sqlfiles.run(con, "table_counts").fetchall())
            summary = {
                "run_id": run_id,
                "archived_pages": archived,
                "reextracted": len(records),
                "archive_failures": len(failures),
                "changed_documents": loaded["changed_documents"],
                "documents": after["documents"],
                "documents_delta": after["documents"] - before["documents"],
                "metrics": after["metrics"],
                "metrics_delta": after["metrics"] - before["metrics"],
            }
            warehouse.finish_run(con, run_id, summary)
            return summary

    out = timed(work)
    get_run_logger().info("loaded %d re-extracted records in %.1f s", len(records), out.seconds)
    return out


@task(name="finish-run", cache_policy=NO_CACHE, timeout_seconds=600, retries=1, retry_condition_fn=_retry_transient)
def finish_run_task(db_path: Path, run_id: str, summary: dict[str, Any]) -> Timed[Any]:
    def work() -> None:
        with write_connection(db_path) as con:
            warehouse.finish_run(con, run_id, summary)

    return timed(work)


# --- flows ------------------------------------------------------------------------------


@flow(name="govdocs-crawl")
def crawl_flow(
    source_name: str | None = None,
    db_path: str | None = None,
    url: str | None = None,
    base: str | None = None,
    max_pages: int | None = None,
    delay_s: float | None = None,
    source_names: list[str] | None = None,
    fresh: bool = False,
) -> dict[str, Any]:
    """Crawl sources (or an ad-hoc start URL) into the warehouse, validate, report. With
    several sources, one run each, all at once (hosts in parallel, one writer); the result
    is the first run's summary with every run's under "runs".

    Args:
        source_name: A configured source (`govdocs sources`), by name or path to its .toml.
        db_path: The warehouse file (default: `$GOVDOCS_DB`, else `warehouse/govdocs.duckdb` in
            the directory the run executes in).
        url: An ad-hoc start URL instead of a source; the crawl stays on its origin.
        base: The address of a source whose URLs hold `{base}` (the sample site's, served by the CLI).
        max_pages: Stop after this many fetches (default: the source's `max_pages`).
        delay_s: Seconds between requests to one host (default: the source's, or robots.txt's).
        source_names: Several sources, crawled at once (hosts in parallel, one writer).
        fresh: Start a new run even when the source's last run did not finish (default: resume it).
    """
    started = time.perf_counter()
    names = list(source_names or ([source_name] if source_name else []))
    if url:
        sources = [source_for_url(url, delay_s=delay_s)]
    else:
        sources = [load_source(n, base=base, delay_s=delay_s) for n in names]
    db = warehouse_path(db_path)
    progress.note(f"Prefect started; crawling {', '.join(s.name for s in sources)}")
    if host_limits_enabled():
        ensure_limits([*crawl_limit_names(tuple(o for s in sources for o in s.allowed_origins)), WRITER_LIMIT], 1)
    try:
        crawled = crawl_task(sources, db, max_pages, fresh)
    except Exception as exc:  # retries spent: the run is recorded as failed (crawl_task did); say so here too
        summary: dict[str, Any] = {
            "run_id": ", ".join(s.name for s in sources),
            "status": "failed",
            "reason": f"{type(exc).__name__}: {exc}",
        }
        _timing(summary, started)
        row = {"url": None, "kind": "run", "status": "failed", "http_status": None, "reason": summary["reason"]}
        for source in sources:
            _publish("crawl", source.name, summary, [row], {})
        raise
    summaries, failed = [], []
    for outcome in crawled.value:
        run_id = outcome.plan.run_id
        if outcome.error:
            summary = pipeline.run_summary(outcome, pipeline.run_counts(db, run_id), {}, db, max_pages=max_pages)
            summary.update(status="failed", reason=outcome.error)
            pipeline.fail_run(db, run_id, outcome.error, summary)
            _timing(summary, started, crawled)
            _publish("crawl", outcome.plan.source.name, summary, pipeline.run_failures(db, run_id), {})
            failed.append(outcome)
            continue
        progress.note(f"{outcome.plan.source.name}: validating the run and writing its report", waiting=True)
        dq = validate_task(db, run_id)
        counts = timed(pipeline.run_counts, db, run_id)  # our code: counted as work, not overhead
        summary = pipeline.run_summary(outcome, counts.value, dq.value, db, max_pages=max_pages)
        report = report_task(db, run_id, summary)
        summary["report"] = report.value
        summary["next"] = pipeline.next_steps(summary)
        _timing(summary, started, crawled, counts, dq, report)
        _publish("crawl", outcome.plan.source.name, summary, pipeline.run_failures(db, run_id), dq.value)
        summaries.append(summary)
    if failed:
        first = failed[0]
        if isinstance(first.exc, CrawlUnreachable):
            raise first.exc
        raise CrawlFailed(
            f"{first.plan.source.name} run {first.plan.run_id} failed: {first.error} "
            "(recorded in runs; the next crawl resumes it)"
        )
    result: dict[str, Any] = dict(summaries[0])
    if len(summaries) > 1:
        result["runs"] = summaries
        result["dq_success"] = all(s.get("dq_success") for s in summaries)
    return result


# Chunks are CPU-bound Python: on threads they only contend for the GIL (measured: slower
# than one at a time), so by default they run one after another; a DaskTaskRunner with
# worker processes runs them in parallel (flows/runners.py).
@flow(name="govdocs-reextract", task_runner=ThreadPoolTaskRunner(max_workers=1))  # type: ignore[arg-type]  # Prefect's own generic: ThreadPoolTaskRunner is a TaskRunner
def reextract_flow(
    db_path: str | None = None, source: str | None = None, chunk_pages: int = CHUNK_PAGES
) -> dict[str, Any]:
    """Rebuild documents and figures from the archived responses alone (no network).

    Chunks of archived pages are mapped over the flow's task runner (one at a time by
    default; a `DaskTaskRunner` spreads them over a cluster); one task then loads every
    record."""
    started = time.perf_counter()
    db = warehouse_path(db_path)
    progress.note("Prefect started; listing the archived pages")
    listed = archived_pages_task(db, source)
    chunks = chunked(listed.value, chunk_pages)
    progress.note(f"re-extracting {len(listed.value)} archived pages in {len(chunks)} chunks", waiting=True)
    parts: list[Timed[Any]] = reextract_chunk_task.map(chunks).result()
    records = [r for p in parts for r in p.value[0]]
    failures = [f for p in parts for f in p.value[1]]
    progress.note(f"loading {len(records)} records and validating", waiting=True)
    loaded = load_reextracted_task(db, source, quote(records), len(listed.value), quote(failures))  # type: ignore[call-overload]  # quote() wraps the value for Prefect
    summary = dict(loaded.value)
    dq = validate_task(db, summary["run_id"])
    summary["dq_success"] = dq.value.get("success")
    summary["chunks"] = len(parts)
    _timing(summary, started, listed, *parts, loaded, dq)
    _publish("reextract", source, summary, failures, dq.value)
    return {**summary, "failures": failures}


@flow(name="govdocs-validate")
def validate_flow(db_path: str | None = None) -> dict[str, Any]:
    """Re-validate every row of the warehouse (scope "all") with every expectation suite."""
    started = time.perf_counter()
    db = warehouse_path(db_path)
    run_id = pipeline.new_run_id("validate")
    dq = validate_task(db, run_id, scope="all")
    d = dq.value
    summary = {
        "run_id": run_id,
        "scope": "all",
        "rows_validated": d["row_counts"],
        "dq_success": d["success"],
        "dq_critical_failures": d["critical_failures"],
        "dq_warnings": d["warnings"],
        "dq_quarantined": d["quarantined"],
    }
    done = finish_run_task(db, run_id, {**summary, "status": "finished"})
    _timing(summary, started, dq, done)
    _publish("validate", None, summary, [], d)
    return summary


# --- helpers ----------------------------------------------------------------------------


def _timing(summary: dict[str, Any], started: float, *parts: Timed[Any]) -> None:
    """Wall time of the flow body against the time spent in our plain functions."""
    wall = time.perf_counter() - started
    work = sum(p.seconds for p in parts)
    summary["flow_seconds"] = round(wall, 2)
    summary["work_seconds"] = round(work, 2)
    summary["orchestration_overhead_pct"] = overhead_pct(wall, work)


def _dq_failures(dq: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "url": None,
            "kind": "expectation",
            "status": r["severity"],
            "http_status": None,
            "reason": f"{r['expectation_id']} ({r['column']}): {r['unexpected_count']} unexpected"
            + (f"; error {r['error']}" if r["error"] else ""),
        }
        for r in dq.get("results", [])
        if not r["success"]
    ]


def _publish(
    kind: str, scope: str | None, summary: dict[str, Any], failures: list[dict[str, Any]], dq: dict[str, Any]
) -> None:
    """`<kind>-summary-<scope>` markdown and `<kind>-failures-<scope>` table artifacts for this
    flow run; `scope` is the run's source (None: the whole warehouse, `all`)."""
    summary_key, failures_key = artifact_key(kind, "summary", scope), artifact_key(kind, "failures", scope)
    lines = [f"# govdocs {kind} `{summary['run_id']}`", ""]
    if summary.get("status") == "failed":
        lines.append(f"- **FAILED**: {summary.get('reason')} (the next run resumes it)")
    for key in (
        "pages_fetched",
        "files",
        "pages_imported",
        "unchanged",
        "revisits_resolved",
        "revisits_unresolved",
        "resources_skipped",
        "outside_prefix",
        "hosts",
        "archived_pages",
        "reextracted",
        "documents",
        "metrics",
        "changed_documents",
        "skipped",
    ):
        if key in summary:
            label = "figures" if key == "metrics" else key.replace("_", " ")
            lines.append(f"- **{label}**: {summary[key]}")
    by_status = summary.get("pages_by_status") or {}
    if by_status:
        lines.append(f"- **pages by status**: {', '.join(f'{k}={v}' for k, v in sorted(by_status.items()))}")
    if "pages_by_status" in summary:
        lines.append(f"- **blocked pages**: {by_status.get('blocked', 0)}")
        hosts = summary.get("blocked_hosts") or {}
        lines.append(f"- **blocked hosts**: {', '.join(hosts) if hosts else 'none'}")
    if "rows_validated" in summary:
        lines.append(f"- **rows validated**: {summary['rows_validated']}")
    verdict = "passed" if dq.get("success") else "FAILED"
    lines.append(
        f"- **quality**: {verdict} (critical failures {dq.get('critical_failures')}, "
        f"warnings {dq.get('warnings')}, quarantined {dq.get('quarantined')})"
    )
    lines.append(f"- **failures**: {len(failures)} (table `{failures_key}`)")
    lines.append(
        f"- **time**: {summary.get('flow_seconds')} s, of which our code {summary['work_seconds']} s "
        f"(orchestration overhead {summary['orchestration_overhead_pct']} %)"
    )
    if summary.get("report"):
        lines.append(f"- **report**: {summary['report']}")
    if summary.get("next"):
        lines += ["", "## Next", "", *(f"- {line}" for line in summary["next"])]
    create_markdown_artifact("\n".join(lines), key=summary_key, description=f"govdocs {kind} run summary")
    rows = failures + _dq_failures(dq)
    if kind != "crawl":
        rows = [
            {
                "url": r.get("url"),
                "kind": r.get("kind", "archive"),
                "status": r.get("status", "failed"),
                "http_status": r.get("http_status"),
                "reason": r.get("reason"),
            }
            for r in rows
        ]
    create_table_artifact(rows, key=failures_key, description="pages or expectations that failed, with reasons")
