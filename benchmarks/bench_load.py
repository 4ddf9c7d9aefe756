"""Load 100,000 documents with 1,000,000 figures into a fresh warehouse, then validate.

    .venv/bin/python -m benchmarks.bench_load [--docs 100000] [--per-doc 10] [--keep DIR]

Prints rows/s for the load (metric rows, end to end from PageRecords = Python→Arrow staging
+ SQL; and the SQL part alone: MERGE, metric replacement, commit, CHECKPOINT), seconds for an
unchanged reload, seconds for validation (GX suites, quarantine refresh, partition check)
and for the HTML report with GX Data Docs.
Targets: >= 300k metric rows/s; <= 15 s to validate 1M metric rows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from govdocs import quality, warehouse
from govdocs.records import Metric, PageRecord, empty_record
from govdocs.warehouse.load import load_record_tables, records_tables
from govdocs.warehouse.rows import PageRow

PUBLISHERS = [f"重庆市{d}区人民政府" for d in ("沙坪坝", "渝中", "江北", "南岸", "九龙坡", "北碚", "渝北", "巴南")]
LABELS = [
    ("受理申请", "件"),
    ("办结", "件"),
    ("主动公开", "条"),
    ("行政复议", "件"),
    ("办结率", "%"),
    ("培训", "人次"),
    ("经费", "万元"),
    ("会议", "次"),
    ("答复", "件"),
    ("公开文件", "份"),
]
BODY = "全年共受理政府信息公开申请{n}件，办结率{p}%。主动公开政府信息{m}条，其中政策文件{k}份。" * 8


def make_records(n_docs: int, per_doc: int, seed: int = 7) -> tuple[list[PageRow], list[PageRecord]]:
    rnd = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    pages: list[PageRow] = []
    records: list[PageRecord] = []
    for i in range(n_docs):
        url = f"https://gov.example/{i % 97}/art/{i}.html"
        year = 2015 + i % 10
        body = BODY.format(n=rnd.randint(1, 999), p=rnd.randint(80, 100), m=rnd.randint(1, 9999), k=i % 50)
        metrics: list[Metric] = []
        for j in range(per_doc):
            label, unit = LABELS[j % len(LABELS)]
            value = float(rnd.randint(0, 100) if unit == "%" else rnd.randint(1, 100000))
            if unit == "%" and i % 100 == 99:
                value = 150.0  # 1 % of documents carry a bad rate: a warning, quarantined
            metrics.append(
                {
                    "label": label,
                    "value": value,
                    "unit": unit,
                    "qualifier": None,
                    "sentence": f"{label}{value:g}{unit}",
                    "section": "一、总体情况",
                    "start": j * 20,
                    "end": j * 20 + 8,
                    "canonical": None if j % 3 else label,
                    "table": None,
                    "row": None,
                    "column": None,
                    "kind": "rate" if unit == "%" else "count",
                    "direction": None,
                    "target": False,
                }
            )
        record: PageRecord = {
            **empty_record(url),  # every field present; the benchmark fills what a report page has
            "encoding": "utf-8",
            "index_no": f"11500106MB1525880X/{year}-{i:06d}",
            "index_scheme": "uscc-year-serial",
            "category": "年度报告",
            "publisher": PUBLISHERS[i % len(PUBLISHERS)],
            "created_date": f"{year}-03-01",
            "published_date": f"{year}-03-02",
            "title": f"{year}年政府信息公开工作年度报告（{i}）",
            "field_sources": {"title": "block:名称"},
            "body_text": body,
            "metrics": metrics,
        }
        records.append(record)
        pages.append(
            {
                "url": url,
                "source": "bench",
                "final_url": url,
                "http_status": 200,
                "status": "ok",
                "error_reason": None,
                "content_type": "text/html",
                "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                "content_length": len(body) * 3,
                "fetched_at": t0 + timedelta(seconds=i),
                "warc_path": "warc/bench.warc.gz",
                "warc_offset": i * 4096,
                "kind": "detail",
            }
        )
    return pages, records


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--keep", type=Path, help="write the database here instead of a temp dir")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    pages, records = make_records(args.docs, args.per_doc)
    n_metrics = args.docs * args.per_doc
    print(f"generated {args.docs:,} records / {n_metrics:,} figures in {time.perf_counter() - t:.1f} s")

    with tempfile.TemporaryDirectory(prefix="govdocs-bench-") as tmp:
        db = (args.keep or Path(tmp)) / "bench.duckdb"
        db.unlink(missing_ok=True)
        con = warehouse.connect(db)
        run = warehouse.start_run(con, source="bench")

        t = time.perf_counter()
        warehouse.load_pages(con, run, pages)
        pages_s = time.perf_counter() - t

        t = time.perf_counter()
        staged = records_tables(records)
        staging_s = time.perf_counter() - t

        t = time.perf_counter()
        summary = load_record_tables(con, run, *staged)
        sql_s = time.perf_counter() - t
        load_s = staging_s + sql_s
        assert summary["metrics_written"] == n_metrics, summary

        t = time.perf_counter()
        again = warehouse.load_records(con, run, records)
        reload_s = time.perf_counter() - t
        assert again["metrics_written"] == 0, again

        t = time.perf_counter()
        dq = quality.validate(con, run)
        dq_first_s = time.perf_counter() - t  # includes `import great_expectations`

        t = time.perf_counter()
        dq = quality.validate(con, run)
        dq_s = time.perf_counter() - t

        t = time.perf_counter()
        quality.write_report(con, db.parent / "reports", run)  # HTML + GX Data Docs
        report_s = time.perf_counter() - t
        quarantined = con.execute("select count(*) from quarantine").fetchall()[0][0]
        con.close()
        size_mb = db.stat().st_size / 1e6

    out = {
        "documents": args.docs,
        "metric_rows": n_metrics,
        "pages_load_s": round(pages_s, 2),
        "records_to_arrow_s": round(staging_s, 2),
        "load_sql_s": round(sql_s, 2),
        "load_records_s": round(load_s, 2),
        "sql_metric_rows_per_s": round(n_metrics / sql_s),
        "load_metric_rows_per_s": round(n_metrics / load_s),
        "load_all_rows_per_s": round((n_metrics + args.docs) / load_s),
        "unchanged_reload_s": round(reload_s, 2),
        "validate_first_call_s": round(dq_first_s, 2),
        "validate_s": round(dq_s, 2),
        "validate_rows": dq["row_counts"],
        "quarantined_rows": quarantined,
        "report_s": round(report_s, 2),
        "dq_success": dq["success"],
        "db_mb": round(size_mb, 1),
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(
        f"load: {out['load_metric_rows_per_s']:,} metric rows/s end to end from PageRecords, "
        f"{out['sql_metric_rows_per_s']:,} from staged Arrow (target >= 300,000); "
        f"validation: {dq_s:.1f} s for {n_metrics:,} figures (target <= 15 s)"
    )
    return out


if __name__ == "__main__":
    main()
