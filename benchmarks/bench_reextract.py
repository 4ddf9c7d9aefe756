"""Re-extraction throughput: plain functions vs the Prefect flow (default runner) vs Dask.

    .venv/bin/python -m benchmarks.bench_reextract [--pages 10000] [--chunk 500] [--repeat 2]
                                                   [--keep DIR] [--no-dask-processes] [--no-demo]

1. Crawls the bundled sample site once (plain functions) and synthesises an archive of
   `--pages` detail responses by replaying its archived detail pages under distinct URLs,
   each copy with its own 索引号 (so every copy is its own document), into one WARC file
   (WarcArchive) with matching `pages` rows in a fresh warehouse.
2. Times one re-extraction (list archived pages → extract → one load → validate the run),
   each on a fresh copy of that warehouse, with:
   - plain function calls (what the flow's tasks call);
   - reextract_flow, default task runner (chunks one at a time: they are CPU-bound);
   - reextract_flow on a DaskTaskRunner, 2 workers as threads in this process;
   - reextract_flow on a DaskTaskRunner, 2 worker processes.
   All flow runs talk to one local Prefect server started (and warmed up) beforehand, so
   the ~24 s server start-up is not charged to any of them. Plain and default-runner runs
   are repeated (`--repeat`, interleaved) and the fastest of each counts.
3. Times `govdocs demo` run twice in a fresh warehouse (the second run is the target).

Prints a table: pages/s per runner, wall time, time in our plain functions, and the
orchestration overhead (wall − plain work, as % of wall) of each flow run.
Targets: Prefect default runner within 10 % of plain; overhead < 10 %; demo second run < 30 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")

from prefect.task_runners import TaskRunner

from govdocs import pipeline, quality, warehouse
from govdocs.fetch.archive import WarcArchive, read_response, sha256
from govdocs.fetch.client import Response
from govdocs.orchestration import overhead_pct
from govdocs.samplesite.server import serve_site
from govdocs.sources import load_source
from govdocs.warehouse.rows import PageRow

INDEX_RE = re.compile(rb"(\d{6}[0-9A-Z]{12})/(\d{4})-(\d{5})")


def crawl_sample(db: Path) -> None:
    with serve_site() as base:
        pipeline.crawl_and_load(load_source("sample", base=base), db)


def renumbered(body: bytes, serial: int) -> bytes:
    """The page with the serial of its 索引号 (org/year-serial) replaced by `serial`."""
    return INDEX_RE.sub(lambda m: m.group(1) + b"/" + m.group(2) + b"-" + b"%05d" % serial, body)


def synthesise(sample_db: Path, db: Path, n_pages: int) -> Path:
    """A warehouse whose `pages` point at `n_pages` archived detail responses in one WARC."""
    con = warehouse.connect(sample_db)
    try:
        originals = [p for p in pipeline.archived_pages(con) if p["http_status"] == 200]
    finally:
        con.close()
    replies = [(p, read_response(Path(p["warc_path"]), int(p["warc_offset"]))) for p in originals]
    warc = db.parent / "warc" / "bench-synthetic.warc.gz"
    rows: list[PageRow] = []
    now = datetime.now(UTC)
    with WarcArchive(warc) as archive:
        for i in range(n_pages):
            page, (_url, status, headers, body) = replies[i % len(replies)]
            # every copy its own 索引号 (org/year-serial, serial = copy number): its own document
            body = renumbered(body, i)
            url = f"{page['final_url'] or page['url']}?copy={i}"
            offset = archive.write(
                Response(
                    url=url, final_url=url, status=status, headers=headers, body=body, fetched_at=now, elapsed_s=0.0
                )
            )
            rows.append(
                PageRow(
                    url=url,
                    source="sample",
                    final_url=url,
                    http_status=status,
                    status="ok",
                    error_reason=None,
                    content_type=page["content_type"],
                    content_hash=sha256(body),
                    content_length=len(body),
                    fetched_at=now,
                    warc_path=str(warc),
                    warc_offset=offset,
                    kind="detail",
                )
            )
    con = warehouse.connect(db)
    try:
        run_id = warehouse.start_run(con, source="sample", run_id="bench-synthetic")
        warehouse.load_pages(con, run_id, rows)
        warehouse.finish_run(con, run_id, {"pages": len(rows)})
    finally:
        con.close()
    return warc


def plain_reextract(db: Path) -> dict[str, Any]:
    """What reextract_flow's tasks call, without Prefect."""
    started = time.perf_counter()
    con = warehouse.connect(db)
    try:
        pages = pipeline.archived_pages(con)
        records, failures = pipeline.reextract_archived(pages)
        run_id = warehouse.start_run(con, source="all", run_id=pipeline.new_run_id("reextract"))
        loaded = warehouse.load_records(con, run_id, records)
        warehouse.finish_run(con, run_id, {"reextracted": len(records)})
        dq = quality.validate(con, run_id)
    finally:
        con.close()
    wall = time.perf_counter() - started
    return {
        "pages": len(pages),
        "wall": wall,
        "work": wall,
        "documents_changed": loaded["changed_documents"],
        "failures": len(failures),
        "dq": dq["success"],
    }


def flow_reextract(db: Path, chunk: int, runner: TaskRunner[Any] | None = None) -> dict[str, Any]:
    from flows.pipeline import reextract_flow

    fl = reextract_flow.with_options(task_runner=runner) if runner is not None else reextract_flow
    started = time.perf_counter()
    s = fl(db_path=str(db), chunk_pages=chunk)
    wall = time.perf_counter() - started
    return {
        "pages": s["archived_pages"],
        "wall": wall,
        "work": s["work_seconds"],
        "flow_body": s["flow_seconds"],
        "documents_changed": s["changed_documents"],
        "failures": s["archive_failures"],
        "dq": s["dq_success"],
    }


def demo_twice(tmp: Path) -> tuple[float, float]:
    exe = Path(sys.executable).with_name("govdocs")
    db = tmp / "demo" / "govdocs.duckdb"
    times = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run([str(exe), "demo", "--db", str(db), "--quiet"], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times[0], times[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--chunk", type=int, default=500, help="pages per re-extraction task")
    ap.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    ap.add_argument("--no-dask-processes", action="store_true")
    ap.add_argument("--no-demo", action="store_true")
    ap.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of plain and of the default-runner flow, interleaved; the fastest counts "
        "(this machine is shared and noisy)",
    )
    args = ap.parse_args(argv)

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="bench-reextract-"))
    tmp.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    crawl_sample(tmp / "sample" / "govdocs.duckdb")
    base_db = tmp / "bench" / "govdocs.duckdb"
    warc = synthesise(tmp / "sample" / "govdocs.duckdb", base_db, args.pages)
    print(
        f"archive: {args.pages} responses, {warc.stat().st_size / 1e6:.1f} MB WARC, "
        f"built in {time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )

    def fresh(name: str, src: Path = base_db) -> Path:
        d = tmp / name
        d.mkdir(exist_ok=True)
        shutil.copy(src, d / "govdocs.duckdb")
        return d / "govdocs.duckdb"

    sample_db = tmp / "sample" / "govdocs.duckdb"
    results: dict[str, dict[str, Any]] = {}
    plain_reextract(fresh("warmup-plain", sample_db))  # warm-up: imports (GX ~7 s), caches

    # one local Prefect server for every flow run (worker processes reach it through the env)
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    server.start(timeout=180)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            from flows.pipeline import reextract_flow
            from flows.runners import dask_runner

            # warm-up on the 50-page sample warehouse: imports, server caches
            reextract_flow(db_path=str(fresh("warmup-flow", sample_db)), chunk_pages=args.chunk)
            plain_runs, flow_runs = [], []
            for _ in range(args.repeat):  # interleaved, so drift on the machine hits both alike
                time.sleep(5)  # let the server finish the previous run's events
                plain_runs.append(plain_reextract(fresh("plain")))
                flow_runs.append(flow_reextract(fresh("prefect"), args.chunk))
                print(f"plain {plain_runs[-1]['wall']:.1f} s, flow {flow_runs[-1]['wall']:.1f} s", file=sys.stderr)
            results["plain functions"] = min(plain_runs, key=lambda r: r["wall"])
            results["Prefect flow, default runner"] = min(flow_runs, key=lambda r: r["wall"])
            time.sleep(5)
            results["Prefect flow, Dask 2 threads"] = flow_reextract(
                fresh("dask-threads"), args.chunk, dask_runner(n_workers=2, processes=False)
            )
            print("dask threads done", file=sys.stderr)
            if not args.no_dask_processes:
                time.sleep(5)
                results["Prefect flow, Dask 2 processes"] = flow_reextract(
                    fresh("dask-procs"), args.chunk, dask_runner(n_workers=2, processes=True)
                )
                print("dask processes done", file=sys.stderr)
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()

    results = {
        k: results[k]
        for k in (
            "plain functions",
            "Prefect flow, default runner",
            "Prefect flow, Dask 2 threads",
            "Prefect flow, Dask 2 processes",
        )
        if k in results
    }
    plain_wall = results["plain functions"]["wall"]
    print(
        f"\nRe-extraction of {args.pages} archived pages ({args.chunk} pages per task), "
        f"list → extract → load → validate, {os.cpu_count()} cores; plain and default runner: "
        f"best of {args.repeat} interleaved runs (all: plain {[round(r['wall'], 1) for r in plain_runs]}, "
        f"flow {[round(r['wall'], 1) for r in flow_runs]})"
    )
    head = f"{'runner':32} {'pages/s':>8} {'wall s':>8} {'vs plain':>9} {'in tasks s':>11} {'overhead':>9}"
    print(head)
    print("-" * len(head))
    for name, r in results.items():
        if name == "plain functions":
            over = "-"
        elif r["work"] > r["wall"]:
            over = "parallel"  # task time summed over workers exceeds the wall time
        else:
            over = f"{overhead_pct(r['wall'], r['work']):.1f}%"
        print(
            f"{name:32} {r['pages'] / r['wall']:8.0f} {r['wall']:8.1f} {100 * (r['wall'] / plain_wall - 1):+8.1f}% "
            f"{r['work']:11.1f} {over:>9}"
        )
    changed = {name: r["documents_changed"] for name, r in results.items()}
    print(f"documents changed per run (must agree): {changed}; dq: {[r['dq'] for r in results.values()]}")
    print(
        "overhead = (flow wall − time inside the tasks' plain function calls) / flow wall, measured "
        "around the flow call (server start-up excluded: warmed up before); vs plain = flow wall "
        "against the plain run's wall"
    )

    if not args.no_demo:
        first, second = demo_twice(tmp)
        print(
            f"\n`govdocs demo` (subprocess, wall): first run {first:.1f} s, second run {second:.1f} s (target < 30 s)"
        )
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
