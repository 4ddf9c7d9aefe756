"""The pipeline's steps as plain, typed functions; flows/ wires them into Prefect tasks.

A crawl is a stream: crawl workers fetch and archive (fetch/crawl.py), process each response
where it was fetched (process.py: decode once, parse once, classify, extract, find links),
and hand the result to the one writer (warehouse/writer.py), which commits pages, records
and the frontier in small transactions. Then validate and report.

A run's state is in the warehouse (`runs`, `frontier`, `pages`), so a run killed at any
moment resumes: the next crawl of the source (or a Prefect retry) finds the unfinished run,
marks any other zombie `running` row `interrupted`, and carries on from its committed
frontier under the same run id, in a new WARC file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shlex
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx

from govdocs.extract import extract_page
from govdocs.extract.decode import decode_html
from govdocs.extract.page import blocked_reason
from govdocs.fetch.archive import repair_torn_tail
from govdocs.fetch.client import Response
from govdocs.fetch.crawl import CrawlStats, KnownPage, Resume, crawl
from govdocs.process import process
from govdocs.records import PageRecord
from govdocs.sources import Source
from govdocs.stream import Link, LinkKind
from govdocs.warehouse import sqlfiles
from govdocs.warehouse.rows import LoadSummary
from govdocs.warehouse.writer import BatchWriter, WriterFailed, write_connection

Guard = Callable[[], AbstractContextManager[object]]
# Pages per commit: what a kill can cost (the batch in flight is redone on resume) against
# the commit's fixed cost (~0.1–0.4 s: open the file, merge, checkpoint on close).
COMMIT_PAGES = int(os.environ.get("GOVDOCS_COMMIT_PAGES", "200"))


class SourceBusy(RuntimeError):
    """Another process is crawling this source into this warehouse right now."""


def new_run_id(source: str) -> str:
    return f"{source}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def warc_dir_for(db_path: Path) -> Path:
    """Archives live beside the warehouse file: <db dir>/warc/<run_id>-<attempt>.warc.gz."""
    return Path(db_path).parent / "warc"


def report_dir_for(db_path: Path) -> Path:
    return Path(db_path).parent / "reports"


@dataclass
class RunPlan:
    source: Source
    run_id: str
    attempt: int  # 1 for a new run; n when resumed for the (n-1)th time
    resume: Resume | None
    known: dict[str, KnownPage]
    archive: Path


@dataclass
class RunOutcome:
    plan: RunPlan
    stats: CrawlStats | None = None
    loaded: LoadSummary | None = None
    error: str | None = None
    exc: BaseException | None = None


def is_challenge(resp: Response) -> bool:
    """A WAF challenge is not retried like an outage (the extractor's markers decide)."""
    return (
        bool(resp.body.strip())
        and blocked_reason(decode_html(resp.body, resp.content_type)[0], resp.status) is not None
    )


@contextlib.contextmanager
def source_lock(db_path: Path, source: str) -> Iterator[None]:
    """One crawl of a source per warehouse at a time: a second one fails at once, clearly."""
    path = Path(db_path).with_name(f"{Path(db_path).name}.{source}.crawl.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fh: IO[bytes] = open(path, "a+b")  # noqa: SIM115 - held for the run; closed in the finally below
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SourceBusy(f"another crawl of {source!r} into {db_path} is running") from None
        yield
    finally:
        fh.close()


def begin_run(source: Source, db_path: Path, *, run_id: str | None = None, fresh: bool = False) -> RunPlan:
    """Resume the source's unfinished run (or `run_id`, a Prefect retry), else start one.
    Call while holding `source_lock`: a `running` row of another run is then a zombie."""
    with write_connection(db_path) as con:
        resumable = sqlfiles.run(con, "run_resumable", {"source": source.name}).fetchall()
        resume_id = run_id or (resumable[0][0] if resumable and not fresh else None)
        frontier = sqlfiles.run(con, "frontier_of_run", {"run_id": resume_id}).fetchall() if resume_id else []
        known_run = resume_id is not None and bool(
            con.execute("select 1 from runs where run_id = ?", [resume_id]).fetchall()
        )
        if resume_id and known_run:  # (an empty frontier: killed before its first commit)
            sqlfiles.run(con, "run_resume", {"run_id": resume_id})
            plan_id = resume_id
        else:
            plan_id = run_id or new_run_id(source.name)
            sqlfiles.run(con, "start_run", {"run_id": plan_id, "source": source.name})
            frontier = []
        sqlfiles.run(con, "run_mark_interrupted", {"source": source.name, "keep": plan_id})
        (attempt,) = con.execute("select coalesce(attempts, 1) from runs where run_id = ?", [plan_id]).fetchall()[0]
        known = _known_pages(con, source.name)
    resume = None
    if frontier:
        done = frozenset(u for u, _k, _d, s in frontier if s != "queued")
        queued = tuple(Link(u, _link_kind(k), int(d)) for u, k, d, s in frontier if s == "queued")
        fetched = sum(1 for _u, _k, _d, s in frontier if s == "done")
        resume = Resume(done=done, queued=queued, fetched=fetched)
    archive = _next_archive(db_path, plan_id)
    return RunPlan(source=source, run_id=plan_id, attempt=int(attempt), resume=resume, known=known, archive=archive)


def _link_kind(kind: str) -> LinkKind:
    return kind if kind in ("list", "detail", "attachment") else "page"  # type: ignore[return-value]


def _next_archive(db_path: Path, run_id: str) -> Path:
    """A new WARC file for this attempt; earlier attempts' files are cut back to their last
    complete record (a kill may have torn it), never appended to."""
    folder = warc_dir_for(db_path)
    earlier = sorted(folder.glob(f"{run_id}-*.warc.gz"))
    for path in earlier:
        repair_torn_tail(path)
    return folder / f"{run_id}-{len(earlier) + 1:03d}.warc.gz"


def _known_pages(con: Any, source: str) -> dict[str, KnownPage]:
    """What the warehouse holds for `source`'s URLs (empty for a new warehouse)."""
    cur = sqlfiles.run(con, "known_pages", {"source": source})
    cols = [d[0] for d in cur.description]
    out: dict[str, KnownPage] = {}
    for row in cur.fetchall():
        r = dict(zip(cols, row, strict=False))
        url = r.pop("url")
        out[url] = KnownPage(**r)
    return out


def crawl_sources(
    sources: Sequence[Source],
    db_path: Path,
    *,
    max_pages: int | None = None,
    transport: httpx.BaseTransport | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    run_ids: dict[str, str] | None = None,
    fresh: bool = False,
    guard: Guard | None = None,
    batch_items: int | None = None,
) -> list[RunOutcome]:
    """Crawl several sources at once into one warehouse: every host in parallel (each still
    polite), one writer. Each source is its own run. A source that fails is an outcome with
    an error; the others go on."""
    db_path = Path(db_path)
    outcomes: list[RunOutcome] = []
    with contextlib.ExitStack() as stack:
        for source in sources:
            stack.enter_context(source_lock(db_path, source.name))
        plans = [begin_run(s, db_path, run_id=(run_ids or {}).get(s.name), fresh=fresh) for s in sources]
        progress = _Progress(on_progress, len(plans))
        writer = BatchWriter(db_path, guard=guard, batch_items=batch_items or COMMIT_PAGES, on_batch=progress.committed)
        outcomes = [RunOutcome(plan=p) for p in plans]
        threads = [
            threading.Thread(
                target=_crawl_one,
                args=(o, writer, max_pages, transport, progress.for_run(i)),
                name=f"crawl-{o.plan.source.name}",
                daemon=True,
            )
            for i, o in enumerate(outcomes)
        ]
        with writer:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            try:
                writer.close()  # commit the last batch before anyone reads the counts
            except WriterFailed as exc:  # every run lost its last batch: each is failed (and resumes)
                for o in outcomes:
                    if o.exc is None:
                        o.exc, o.error = exc, f"{type(exc).__name__}: {exc}"
        for o in outcomes:
            o.loaded = writer.loaded.get(o.plan.run_id)
    return outcomes


def _crawl_one(
    outcome: RunOutcome,
    writer: BatchWriter,
    max_pages: int | None,
    transport: httpx.BaseTransport | None,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    plan = outcome.plan
    source, run_id = plan.source, plan.run_id
    try:
        outcome.stats = crawl(
            source,
            run_id=run_id,
            archive_path=plan.archive,
            sink=writer,
            max_pages=max_pages,
            transport=transport,
            on_progress=on_progress,
            known=plan.known,
            resume=plan.resume,
            process=lambda f: process(f, source, run_id),
            is_challenge=is_challenge,
        )
    except Exception as exc:  # noqa: BLE001 - one source's failure is its outcome, not everyone's
        outcome.error, outcome.exc = f"{type(exc).__name__}: {exc}", exc


class _Progress:
    """Fetched pages summed over the runs of one crawl, committed pages from the writer."""

    def __init__(self, report: Callable[[int, int], None] | None, n: int):
        self.report = report
        self.done = [0] * n
        self.queued = [0] * n
        self.lock = threading.Lock()

    def for_run(self, i: int) -> Callable[[int, int], None] | None:
        if self.report is None:
            return None

        def on(done: int, queued: int) -> None:
            with self.lock:
                self.done[i], self.queued[i] = done, queued
                total, todo = sum(self.done), sum(self.queued)
            assert self.report is not None
            self.report(total, todo)

        return on

    def committed(self, n: int) -> None:
        setter = getattr(self.report, "committed", None)
        if callable(setter):
            setter(n)


@dataclass
class RunCounts:
    pages_by_status: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


def run_counts(db_path: Path, run_id: str) -> RunCounts:
    with write_connection(db_path) as con:
        by_status = dict(sqlfiles.run(con, "run_page_counts", {"run_id": run_id}).fetchall())
        totals = dict(sqlfiles.run(con, "table_counts").fetchall())
    return RunCounts(
        pages_by_status={k: int(v) for k, v in by_status.items()}, totals={k: int(v) for k, v in totals.items()}
    )


def run_failures(db_path: Path, run_id: str, limit: int = 1000) -> list[dict[str, object]]:
    with write_connection(db_path) as con:
        cur = sqlfiles.run(con, "run_failures", {"run_id": run_id, "limit": limit})
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=False)) for r in cur.fetchall()]


def fail_run(db_path: Path, run_id: str, reason: str, summary: dict[str, object] | None = None) -> None:
    """Record a run that failed midway, with its reason; its frontier stays, to resume."""
    with write_connection(db_path) as con:
        sqlfiles.run(
            con,
            "run_fail",
            {
                "run_id": run_id,
                "reason": reason[:2000],
                "counts": json.dumps(summary or {}, ensure_ascii=False, default=str),
            },
        )


def close_frontier(db_path: Path, run_id: str) -> None:
    with write_connection(db_path) as con:
        sqlfiles.run(con, "frontier_done", {"run_id": run_id})


def run_summary(
    outcome: RunOutcome, counts: RunCounts, dq: dict[str, Any], db_path: Path, *, max_pages: int | None = None
) -> dict[str, Any]:
    """What a person wants to know after a run, as plain data (printed by the CLI, stored in
    `runs`). `max_pages`: the run's --max-pages (None: the source's own limit applied)."""
    plan, stats = outcome.plan, outcome.stats or CrawlStats(source=outcome.plan.source.name)
    loaded = outcome.loaded
    return {
        "run_id": plan.run_id,
        "source": plan.source.name,
        "attempt": plan.attempt,
        "resumed": plan.resume is not None,
        "pages_fetched": stats.fetched,  # in this attempt
        "pages_by_status": counts.pages_by_status,  # every page of the run, resumed attempts included
        "bodies_transferred": stats.transferred,
        "not_modified": stats.not_modified,
        "extracted": stats.extracted,
        "skipped": stats.skipped,
        "blocked_hosts": dict(stats.blocked_hosts),
        "documents": counts.totals.get("documents"),  # in the warehouse after this run
        "metrics": counts.totals.get("metrics"),
        "changed_documents": loaded["changed_documents"] if loaded else 0,  # new or changed in this attempt
        "dq_success": dq.get("success"),
        "dq_critical_failures": dq.get("critical_failures"),
        "dq_warnings": dq.get("warnings"),
        "crawl_seconds": round(stats.elapsed_s, 2),
        "warehouse": str(db_path),
        "urls_left": stats.left,  # found, not fetched: the page limit stopped the crawl
        "max_pages": max_pages,
        "page_limit": max_pages if max_pages is not None else plan.source.politeness.max_pages,
    }


# shown to the user to paste into `govdocs sql` (the run id bound to `?` by --param)
RUN_DOCUMENTS_SQL = (
    "select published_date, publisher, title, url from v_documents where changed_run = ? order by published_date desc"
)


def next_steps(summary: dict[str, Any]) -> list[str]:
    """What a user wants next, as lines: the report, the query for the run's new and changed
    documents, and whether the page limit cut the crawl short."""
    out = []
    if summary.get("report"):
        out.append(f"report: {summary['report']}")
    if summary.get("changed_documents"):
        out.append(
            f"the {summary['changed_documents']} new or changed documents: "
            f'govdocs sql "{RUN_DOCUMENTS_SQL}" --param {shlex.quote(summary["run_id"])} '
            f"--db {shlex.quote(str(summary['warehouse']))}"
        )
    if summary.get("urls_left"):
        limit = f"--max-pages {summary['max_pages']}" if summary.get("max_pages") else "the source's max_pages"
        out.append(
            f"{limit} stopped the crawl at {summary['page_limit']} pages with {summary['urls_left']} URLs left "
            "(a higher limit crawls further)"
        )
    return out


# --- re-extraction from the archive -----------------------------------------------------


def archived_pages(con: Any, source: str | None = None) -> list[dict[str, Any]]:
    """Detail pages that can be re-extracted from the archive alone."""
    cur = sqlfiles.run(con, "archived_detail_pages", {"source": source})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=False)) for row in cur.fetchall()]


def reextract_archived(pages: list[dict[str, Any]]) -> tuple[list[PageRecord], list[dict[str, Any]]]:
    """Rebuild records from WARC responses (no network). Returns (records, failures);
    a missing or unreadable archive is a failure with a reason, not an exception."""
    from govdocs.fetch.archive import read_response

    records: list[PageRecord] = []
    failures: list[dict[str, Any]] = []
    for page in pages:
        try:
            _url, status, headers, body = read_response(Path(page["warc_path"]), int(page["warc_offset"]))
        except Exception as exc:  # noqa: BLE001 - any unreadable record (warcio raises its own types) is a failure row
            failures.append({"url": page["url"], "reason": f"archive unreadable: {type(exc).__name__}: {exc}"})
            continue
        ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
        records.append(extract_page(body, url=page["final_url"] or page["url"], content_type=ctype, http_status=status))
    return records, failures


def crawl_and_load(
    source: Source, db_path: Path, *, max_pages: int | None = None, transport: httpx.BaseTransport | None = None
) -> RunOutcome:
    """The crawl flow's work as plain calls, no Prefect: crawl → extract → load (no
    validation). For tests, benchmarks and comparing against the flow."""
    (outcome,) = crawl_sources([source], db_path, max_pages=max_pages, transport=transport)
    if outcome.exc is not None:
        raise outcome.exc
    close_frontier(db_path, outcome.plan.run_id)
    with write_connection(db_path) as con:
        from govdocs.warehouse import finish_run

        finish_run(con, outcome.plan.run_id, {"status": "finished"})
    return outcome
