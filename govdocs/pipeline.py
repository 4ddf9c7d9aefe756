"""The pipeline's steps as plain, typed functions; flows/ wires them into Prefect tasks.

crawl (fetch + archive) → extract (pure) → load (one writer) → validate → report.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

from govdocs.extract import extract_page
from govdocs.fetch.crawl import CrawlResult, FetchedPage, KnownPage, crawl
from govdocs.records import PageRecord
from govdocs.sources import Source
from govdocs.warehouse.rows import PageRow


def new_run_id(source: str) -> str:
    return f"{source}-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def warc_path_for(db_path: Path, run_id: str) -> Path:
    """Archives live beside the warehouse file: <db dir>/warc/<run_id>.warc.gz."""
    return Path(db_path).parent / "warc" / f"{run_id}.warc.gz"


def report_dir_for(db_path: Path) -> Path:
    return Path(db_path).parent / "reports"


def crawl_source(source: Source, *, db_path: Path, run_id: str, max_pages: int | None = None,
                 on_progress=None, transport=None) -> CrawlResult:
    return crawl(source, archive_path=warc_path_for(db_path, run_id), max_pages=max_pages,
                 on_progress=on_progress, transport=transport, known=known_pages(db_path, source.name))


def known_pages(db_path: Path, source: str) -> dict[str, KnownPage]:
    """What the warehouse holds for `source`'s URLs (empty for a new warehouse)."""
    if not Path(db_path).exists():
        return {}
    from govdocs.warehouse import connect, sqlfiles

    con = connect(db_path)
    try:
        cur = sqlfiles.run(con, "known_pages", {"source": source})
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()
    return {r.pop("url"): KnownPage(**r) for r in rows}


def extract_pages(pages: list[FetchedPage], source: Source) -> list[PageRecord]:
    """Extract every fetched detail page; the page's status takes the extractor's verdict
    (a soft 404 served with 200 becomes `error_page`, a PDF served as HTML `not_html`)."""
    records: list[PageRecord] = []
    overrides = source.extract_overrides
    for page in pages:
        if page.kind != "detail" or page.body is None or page.unchanged or page.status in ("blocked", "fetch_error"):
            continue
        record = extract_page(
            page.body,
            url=source.canonical(page.final_url or page.url),
            content_type=page.content_type,
            http_status=page.http_status or 200,
            overrides=overrides or None,
        )
        page.status = record["status"]
        page.error_reason = record["status_reason"]
        records.append(record)
    return records


def page_rows(result: CrawlResult, source: Source) -> list[PageRow]:
    return [
        PageRow(
            url=source.canonical(p.url),
            source=result.source,
            final_url=source.canonical(p.final_url) if p.final_url else None,
            http_status=p.http_status,
            status=p.status,
            error_reason=p.error_reason,
            content_type=p.content_type,
            content_hash=p.content_hash,
            content_length=len(p.body) if p.body is not None else None,
            fetched_at=p.fetched_at,
            warc_path=p.warc_path,
            warc_offset=p.warc_offset,
            kind=p.kind,
            etag=p.etag,
            last_modified=p.last_modified,
        )
        for p in result.pages
    ]


def run_summary(run_id: str, source: str, result: CrawlResult, counts: dict, dq: dict, db_path: Path) -> dict:
    """What a person wants to know after a run, as plain data (printed by the CLI, stored in `runs`)."""
    return {
        "run_id": run_id,
        "source": source,
        "pages_fetched": len(result.pages),
        "pages_by_status": result.counts(),
        "bodies_transferred": result.transferred(),
        "not_modified": sum(1 for p in result.pages if p.not_modified),
        "extracted": sum(1 for p in result.pages if p.kind == "detail" and p.body is not None and not p.unchanged),
        "skipped": len(result.skipped),
        "blocked_hosts": dict(result.blocked_hosts),
        "documents": counts.get("documents"),  # in the warehouse after this run
        "metrics": counts.get("metrics"),
        "changed_documents": counts.get("changed_documents"),  # new or changed in this run
        "dq_success": dq.get("success"),
        "dq_critical_failures": dq.get("critical_failures"),
        "dq_warnings": dq.get("warnings"),
        "crawl_seconds": round(result.elapsed_s, 2),
        "warehouse": str(db_path),
    }


def archived_pages(con, source: str | None = None) -> list[dict]:
    """Detail pages that can be re-extracted from the archive alone."""
    from govdocs.warehouse import sqlfiles

    cur = sqlfiles.run(con, "archived_detail_pages", {"source": source})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def reextract_archived(pages: list[dict]) -> tuple[list[PageRecord], list[dict]]:
    """Rebuild records from WARC responses (no network). Returns (records, failures);
    a missing or unreadable archive is a failure with a reason, not an exception."""
    from govdocs.fetch.archive import read_response

    records: list[PageRecord] = []
    failures: list[dict] = []
    for page in pages:
        try:
            _url, status, headers, body = read_response(Path(page["warc_path"]), int(page["warc_offset"]))
        except (OSError, ValueError) as exc:
            failures.append({"url": page["url"], "reason": f"archive unreadable: {exc}"})
            continue
        ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
        records.append(extract_page(body, url=page["final_url"] or page["url"], content_type=ctype,
                                    http_status=status))
    return records, failures


def crawl_and_load(source: Source, db_path: Path, *, max_pages: int | None = None):
    """The crawl flow's work as plain calls, no Prefect: crawl → extract → load (no validation).
    For tests, benchmarks and comparing against the flow. Returns (result, records, loaded)."""
    from govdocs import warehouse

    run_id = new_run_id(source.name)
    result = crawl_source(source, db_path=db_path, run_id=run_id, max_pages=max_pages)
    records = extract_pages(result.pages, source)
    con = warehouse.connect(db_path)
    try:
        warehouse.start_run(con, source=source.name, run_id=run_id)
        warehouse.load_pages(con, run_id, page_rows(result, source))
        loaded = warehouse.load_records(con, run_id, records)
    finally:
        con.close()
    return result, records, loaded
