"""Warehouse: migrations, idempotent loads, metric replacement, views, sandboxed query()."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from govdocs import warehouse as wh
from govdocs.warehouse.db import MigrationError, apply_migrations, migration_files

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def page(url: str, *, status: str = "ok", body: bytes = b"<html>x</html>", at: datetime = T0, **kw) -> wh.PageRow:
    row = wh.PageRow(
        url=url,
        source="sample",
        final_url=url,
        http_status=200,
        status=status,
        error_reason=None if status == "ok" else "test",
        content_type="text/html; charset=utf-8",
        content_hash=hashlib.sha256(body).hexdigest(),
        content_length=len(body),
        fetched_at=at,
        warc_path="warc/x.warc.gz",
        warc_offset=0,
        kind="detail",
    )
    row.update(kw)  # type: ignore[typeddict-item]
    return row


def metric(label: str, value: float, unit: str | None = "件", start: int | None = 0, **kw) -> dict:
    m = dict(
        label=label,
        value=value,
        unit=unit,
        qualifier=None,
        sentence=f"{label}{value:g}{unit or ''}",
        section=None,
        start=start,
        end=None if start is None else start + 3,
        canonical=None,
        table=None,
        row=None,
        column=None,
    )
    m.update(kw)
    return m


def record(
    url: str,
    *,
    index_no: str | None = "11500000MB1525880X/2022-00123",
    body: str = "全年受理申请100件。",
    metrics: list[dict] | None = None,
    status: str = "ok",
    **kw,
) -> dict:
    r = dict(
        source=url,
        status=status,
        status_reason=None,
        encoding="utf-8",
        index_no=index_no,
        index_scheme="uscc-year-serial" if index_no else None,
        category="年度报告",
        publisher="重庆市沙坪坝区人民政府",
        created_date="2023-01-10",
        published_date="2023-01-15",
        title="2022年政府信息公开工作年度报告",
        doc_number=None,
        keywords=None,
        validity=None,
        field_sources={"title": "block:名称"},
        body_text=body,
        sections=[],
        tables=[],
        attachments=[{"name": "附件", "url": url + ".pdf", "type": "pdf"}],
        metrics=[metric("受理申请", 100)] if metrics is None else metrics,
    )
    r.update(kw)
    return r


def counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"select count(*) from {t}").fetchall()[0][0]
        for t in ("pages", "documents", "metrics", "attachments", "runs")
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "govdocs.duckdb"


@pytest.fixture
def con(db: Path):
    c = wh.connect(db)
    yield c
    c.close()


# ---------------------------------------------------------------- migrations


def test_migrations_apply_and_rerun_safely(db: Path):
    con = wh.connect(db)
    names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {
        "pages",
        "documents",
        "metrics",
        "runs",
        "dq_runs",
        "dq_results",
        "dq_quarantine",
        "v_documents",
        "v_metrics",
        "v_metrics_by_publisher_year",
    } <= names
    assert apply_migrations(con) == []
    n = con.execute("select count(*) from schema_migrations").fetchall()[0][0]
    assert n == len(migration_files())
    con.close()
    con = wh.connect(db)  # reopening applies nothing new
    assert con.execute("select count(*) from schema_migrations").fetchall()[0][0] == n
    con.close()


def test_changed_migration_is_refused(tmp_path: Path):
    sql = tmp_path / "sql"
    sql.mkdir()
    (sql / "001_a.sql").write_text("create table a (x integer);\n")
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    assert apply_migrations(con, sql) == ["001_a"]
    (sql / "001_a.sql").write_text("create table a (x integer, y integer);\n")
    with pytest.raises(MigrationError):
        apply_migrations(con, sql)


def test_failed_migration_rolls_back(tmp_path: Path):
    sql = tmp_path / "sql"
    sql.mkdir()
    (sql / "001_ok.sql").write_text("create table a (x integer);\n")
    (sql / "002_bad.sql").write_text("create table b (x integer);\nselect * from no_such_table;\n")
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    with pytest.raises(duckdb.Error):
        apply_migrations(con, sql)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "a" in tables and "b" not in tables
    assert con.execute("select version from schema_migrations").fetchall() == [(1,)]


# ---------------------------------------------------------------- loads


def test_load_twice_gives_same_counts(con):
    pages = [page(f"https://gov.example/doc/{i}.html") for i in range(5)]
    records = [
        record(
            f"https://gov.example/doc/{i}.html",
            index_no=None,
            metrics=[metric("受理", i), metric("办结", i + 1, start=5)],
        )
        for i in range(5)
    ]
    run1 = wh.start_run(con, source="sample")
    assert wh.load_pages(con, run1, pages) == 5
    first = wh.load_records(con, run1, records)
    assert first["documents"] == 5 and first["metrics_written"] == 10
    c1 = counts(con)
    assert c1 == {"pages": 5, "documents": 5, "metrics": 10, "attachments": 5, "runs": 1}

    wh.load_pages(con, run1, pages)
    again = wh.load_records(con, run1, records)
    assert counts(con) == c1
    assert again["changed_documents"] == 0 and again["metrics_written"] == 0

    run2 = wh.start_run(con, source="sample")
    wh.load_pages(con, run2, pages)
    wh.load_records(con, run2, records)
    assert counts(con) == {**c1, "runs": 2}
    rows = con.execute("select distinct first_seen_run, last_seen_run, changed_run from documents").fetchall()
    assert rows == [(run1, run2, run1)]
    assert con.execute("select distinct run_id from metrics").fetchall() == [(run1,)]


def test_duplicate_urls_in_one_batch_latest_fetch_wins(con):
    run = wh.start_run(con, source="sample")
    url = "https://gov.example/a.html"
    batch = [page(url, body=b"new", at=T0 + timedelta(minutes=5)), page(url, body=b"old", at=T0)]
    assert wh.load_pages(con, run, batch) == 1
    (h,) = con.execute("select content_hash from pages where url = ?", [url]).fetchall()[0]
    assert h == hashlib.sha256(b"new").hexdigest()


def test_refetch_updates_page_row(con):
    url = "https://gov.example/a.html"
    run1 = wh.start_run(con, source="sample")
    wh.load_pages(con, run1, [page(url)])
    run2 = wh.start_run(con, source="sample")
    wh.load_pages(con, run2, [page(url, status="error_page", http_status=410, body=b"gone", at=T0 + timedelta(days=1))])
    assert con.execute(
        "select status, http_status, first_seen_run, last_seen_run, changed_run from pages"
    ).fetchall() == [("error_page", 410, run1, run2, run2)]


def test_changed_content_replaces_metrics(con):
    a, b = "https://gov.example/a.html", "https://gov.example/b.html"
    run1 = wh.start_run(con, source="sample")
    wh.load_records(
        con,
        run1,
        [
            record(
                a, index_no="11500000MB1525880X/2022-00001", metrics=[metric("受理", 10), metric("办结", 9, start=4)]
            ),
            record(b, index_no="11500000MB1525880X/2022-00002", metrics=[metric("受理", 7)]),
        ],
    )
    run2 = wh.start_run(con, source="sample")
    summary = wh.load_records(
        con,
        run2,
        [
            record(
                a, index_no="11500000MB1525880X/2022-00001", body="全年受理申请12件。", metrics=[metric("受理", 12)]
            ),
            record(b, index_no="11500000MB1525880X/2022-00002", metrics=[metric("受理", 7)]),
        ],
    )
    assert summary["changed_documents"] == 1 and summary["metrics_written"] == 1
    by_doc = dict(con.execute("select doc_id, list(value order by value) from metrics group by doc_id").fetchall())
    assert by_doc == {"11500000MB1525880X/2022-00001": [12.0], "11500000MB1525880X/2022-00002": [7.0]}
    assert con.execute("select metric_count, changed_run from documents where doc_id like '%00001'").fetchall()[0] == (
        1,
        run2,
    )
    assert con.execute("select changed_run from documents where doc_id like '%00002'").fetchall()[0] == (run1,)


def test_changed_figures_alone_replace_metrics(con):
    """Re-extraction with a better figure finder: same body, different metrics."""
    url = "https://gov.example/a.html"
    run1 = wh.start_run(con, source="sample")
    wh.load_records(con, run1, [record(url, metrics=[metric("受理", 10, unit=None)])])
    wh.load_records(con, run1, [record(url, metrics=[metric("受理", 10, unit="件")])])
    assert con.execute("select unit from metrics").fetchall() == [("件",)]


def test_doc_id_is_index_no_else_sha1_of_url(con):
    run = wh.start_run(con, source="sample")
    url = "https://gov.example/x.html"
    wh.load_records(
        con, run, [record(url, index_no=None), record("https://gov.example/y.html", index_no="000014349/2022-00035")]
    )
    ids = {r[0] for r in con.execute("select doc_id from documents").fetchall()}
    assert ids == {hashlib.sha1(url.encode()).hexdigest(), "000014349/2022-00035"}


def test_metric_ids_are_deterministic_and_deduplicated(db: Path, tmp_path: Path):
    recs = [record("https://gov.example/a.html", metrics=[metric("受理", 10), metric("受理", 10)])]
    ids = []
    for path in (db, tmp_path / "other.duckdb"):
        c = wh.connect(path)
        wh.load_records(c, wh.start_run(c, source="s"), recs)
        ids.append(c.execute("select metric_id from metrics").fetchall())
        c.close()
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_repeated_figures_are_removed_among_the_new_rows_only(con):
    """The duplicate removal looks only at the rows a load adds (a rowid range): stored
    figures of other documents, even equal ones of the same run, stay; the counts agree."""
    run = wh.start_run(con, source="sample")
    first = [
        record(f"https://gov.example/{i}.html", index_no=f"X/2022-{i:05d}", metrics=[metric("受理", 10)])
        for i in range(3)
    ]
    wh.load_records(con, run, first)
    again = record(
        "https://gov.example/9.html",
        index_no="X/2022-00009",
        metrics=[metric("受理", 10)] * 3 + [metric("办结", 9, start=4)],
    )
    summary = wh.load_records(con, run, [again])
    assert summary["metrics_written"] == 2
    per_doc = dict(con.execute("select doc_id, count(*) from metrics group by 1").fetchall())
    assert per_doc == {"X/2022-00000": 1, "X/2022-00001": 1, "X/2022-00002": 1, "X/2022-00009": 2}
    # a changed stored document: its old rows go, the new ones are deduplicated
    changed = record("https://gov.example/1.html", index_no="X/2022-00001", body="新", metrics=[metric("受理", 11)] * 2)
    assert wh.load_records(con, run, [changed])["metrics_written"] == 1
    assert con.execute("select value from metrics where doc_id = 'X/2022-00001'").fetchall() == [(11.0,)]
    assert con.execute("select count(*) from metrics").fetchone() == (5,)


def test_not_ok_records_are_skipped(con):
    run = wh.start_run(con, source="sample")
    s = wh.load_records(
        con,
        run,
        [
            record("https://gov.example/a.html"),
            record("https://gov.example/b.html", status="error_page", index_no=None),
        ],
    )
    assert s["records"] == 2 and s["skipped_not_ok"] == 1 and s["documents"] == 1


def test_views_join_publisher_and_year(con):
    run = wh.start_run(con, source="sample")
    url = "https://gov.example/a.html"
    wh.load_pages(con, run, [page(url)])
    wh.load_records(con, run, [record(url, metrics=[metric("受理", 10), metric("办结", 5, start=9)])])
    # published 2023-01-15, the title says it reports on 2022
    rows = con.execute(
        "select publisher, published_year, report_year, label, value from v_metrics order by value"
    ).fetchall()
    assert rows == [
        ("重庆市沙坪坝区人民政府", 2023, 2022, "办结", 5.0),
        ("重庆市沙坪坝区人民政府", 2023, 2022, "受理", 10.0),
    ]
    agg = con.execute("select n_figures, total_value from v_metrics_by_publisher_year where metric = '受理'").fetchall()
    assert agg == [(1, 10.0)]
    assert con.execute("select source, warc_path from v_documents").fetchall() == [("sample", "warc/x.warc.gz")]


def test_finish_run_records_counts(con):
    run = wh.start_run(con, source="sample", run_id="r-1")
    assert run == "r-1"
    wh.finish_run(con, run, {"pages": 3, "documents": 2})
    status, counts_json = con.execute("select status, counts from runs where run_id = 'r-1'").fetchall()[0]
    assert status == "finished" and '"pages": 3' in counts_json


def test_naive_fetched_at_is_rejected(con):
    run = wh.start_run(con, source="sample")
    with pytest.raises(ValueError):
        wh.load_pages(con, run, [page("https://gov.example/a.html", fetched_at=datetime(2024, 1, 1))])


# ---------------------------------------------------------------- query()


@pytest.fixture
def loaded_db(db: Path) -> Path:
    c = wh.connect(db)
    run = wh.start_run(c, source="sample")
    wh.load_pages(c, run, [page(f"https://gov.example/{i}.html") for i in range(3)])
    wh.load_records(
        c, run, [record("https://gov.example/0.html", metrics=[metric("受理", 10), metric("办结", 5, start=9)])]
    )
    c.close()
    return db


def test_query_binds_parameters(loaded_db: Path):
    cols, rows = wh.query(loaded_db, "select label, value from metrics where value > ? order by value", [6])
    assert cols == ["label", "value"] and rows == [("受理", 10.0)]
    _, rows = wh.query(loaded_db, "select count(*) from pages where url = ?", ["x' or '1'='1"])
    assert rows == [(0,)]


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/passwd')",
        "copy (select * from pages) to '/tmp/govdocs-leak.csv'",
        "attach '/tmp/govdocs-other.duckdb' as other",
        "install httpfs",
        "load httpfs",
        "set enable_external_access = true",
        "create table x (a integer)",
        "delete from pages",
    ],
)
def test_query_refuses_files_writes_and_extensions(loaded_db: Path, sql: str):
    with pytest.raises(wh.QueryError):
        wh.query(loaded_db, sql)
    assert not Path("/tmp/govdocs-leak.csv").exists()
    _, rows = wh.query(loaded_db, "select count(*) from pages")
    assert rows == [(3,)]


def test_query_times_out(loaded_db: Path):
    t = time.perf_counter()
    with pytest.raises(wh.QueryTimeout):
        wh.query(loaded_db, "select sum(a.range * b.range) from range(100000000) a, range(1000) b", timeout_s=0.5)
    assert time.perf_counter() - t < 10


def test_query_while_this_process_holds_the_writer(loaded_db: Path):
    writer = wh.connect(loaded_db)
    try:
        writer.execute("insert into runs (run_id, source, started_at, status) values ('w', 's', now(), 'running')")
        _, rows = wh.query(loaded_db, "select count(*) from pages")
        assert rows == [(3,)]
    finally:
        writer.close()


def test_query_while_another_process_holds_the_file_read_write(loaded_db: Path):
    """DuckDB refuses even read-only opens while another process holds the file; query()
    then reads a snapshot copy (committed, checkpointed data)."""
    script = textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(loaded_db)!r})
        con.execute("insert into runs (run_id, source, started_at, status) values ('other', 's', now(), 'running')")
        con.execute("checkpoint")
        print("ready", flush=True)
        sys.stdin.readline()
    """)
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout.readline().strip() == "ready"
            with pytest.raises(duckdb.Error):
                duckdb.connect(str(loaded_db), read_only=True)  # the limitation query() works around
            _, rows = wh.query(loaded_db, "select run_id from runs where run_id = ?", ["other"])
            assert rows == [("other",)]
        finally:
            proc.communicate("\n", timeout=20)


def test_metadata_change_rewrites_document_but_keeps_metrics(con):
    url = "https://gov.example/a.html"
    run1 = wh.start_run(con, source="sample")
    wh.load_records(con, run1, [record(url)])
    run2 = wh.start_run(con, source="sample")
    s = wh.load_records(con, run2, [record(url, title="新标题")])
    assert s["changed_documents"] == 0 and s["metrics_written"] == 0
    assert con.execute("select title, changed_run, last_seen_run from documents").fetchall() == [("新标题", run2, run2)]
    assert con.execute("select distinct run_id from metrics").fetchall() == [(run1,)]


def test_repeated_figure_keeps_the_first(con):
    """Same identity fields (doc, kind, table, row, column, start, label, value), different
    sentence: one row, the first in the record, whatever the input order inside DuckDB."""
    cell = dict(start=None, end=None, table="三、收到和处理政府信息公开申请情况", row="本年新收", column="自然人")
    run = wh.start_run(con, source="sample")
    wh.load_records(
        con,
        run,
        [
            record(
                "https://gov.example/a.html",
                metrics=[
                    metric("本年新收", 12, sentence="first", **cell),
                    metric("受理", 3, start=9),
                    metric("本年新收", 12, sentence="second", **cell),
                ],
            )
        ],
    )
    rows = con.execute("select kind, sentence, position from metrics order by position").fetchall()
    assert rows == [("table", "first", 0), ("sentence", "受理3件", 1)]
    assert con.execute("select count(*) from v_metrics where position is not null").fetchall() == [(2,)]


def test_later_migrations_keep_rows_loaded_under_earlier_ones(tmp_path: Path):
    """A warehouse built with 001-003 (metrics with a primary key) upgrades in place."""
    from govdocs.paths import SQL_DIR

    early = tmp_path / "sql"
    early.mkdir()
    for version, _, path in migration_files():
        if version <= 3:
            (early / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    apply_migrations(con, early)
    con.execute(
        "insert into metrics (metric_id, doc_id, kind, value, run_id) values ('m1', 'd1', 'sentence', 1.5, 'r0')"
    )
    con.close()
    con = wh.connect(db)
    assert con.execute("select metric_id, value, position from metrics").fetchall() == [("m1", 1.5, None)]
    assert [r[0] for r in con.execute("select version from schema_migrations order by 1").fetchall()] == [
        v for v, _, _ in migration_files(SQL_DIR)
    ]
    con.close()


def test_reload_updates_every_stored_field(con):
    """Every field of a document the loader stores is rewritten when it changes (a comment
    in load_records.sql once swallowed two assignments; deleting any assignment fails here)."""
    url = "https://gov.example/a.html"
    run1 = wh.start_run(con, source="sample")
    wh.load_records(con, run1, [record(url)])
    changed = dict(
        status_reason="changed",
        encoding="gb18030",
        index_scheme="org-year-serial",
        category="通知公告",
        publisher="重庆市沙坪坝区交通局",
        created_date="2021-02-03",
        published_date="2021-02-04",
        title="新标题",
        doc_number="沙府发〔2021〕1号",
        keywords="交通",
        validity="有效",
        body_text="全年受理申请12件。",
        field_sources={"title": "meta:ArticleTitle"},
        sections=[{"path": "一、", "heading": "一、", "level": 1, "start": 0, "end": 3}],
        tables=[{"caption": None, "rows": [["a"]]}],
    )
    run2 = wh.start_run(con, source="sample")
    wh.load_records(con, run2, [record(url, **changed)])
    cols = list(changed)
    row = con.execute(f"select {', '.join(cols)} from documents").fetchall()
    assert len(row) == 1
    got = dict(zip(cols, row[0], strict=False))
    for name, value in changed.items():
        if isinstance(value, (dict, list)):
            assert json.loads(got[name]) == value, name
        else:
            assert str(got[name]) == value, name


def test_sql_files_split_by_the_parser_not_by_regex():
    from govdocs.warehouse.sqlfiles import bind, split_statements

    script = "select 'a;\n' as x; -- note; select 2\nselect 3 -- trailing\n, $p as y;\n"
    stmts = split_statements(script)
    assert len(stmts) == 2 and "'a;\n'" in stmts[0]
    assert duckdb.connect().execute(stmts[1], bind(stmts[1], {"p": 4, "unused": 1})).fetchall() == [(3, 4)]


def test_reloading_documents_whose_rows_were_deleted_by_hand_replaces_their_old_figures(con):
    """Figures and attachments left behind by a hand-made delete of documents are replaced
    by the reload, not doubled (the loader matches them by doc_id, not by the document row)."""
    run = wh.start_run(con, source="sample")
    rec = record("https://gov.example/a.html", metrics=[metric("受理", 10), metric("办结", 9, start=4)])
    rec["attachments"] = [{"url": "https://gov.example/a.xls", "name": "附件", "type": "xls"}]
    wh.load_records(con, run, [rec])
    con.execute("delete from documents")
    wh.load_records(con, run, [rec])
    assert con.execute("select count(*) from metrics").fetchall() == [(2,)]
    assert con.execute("select count(*) from attachments").fetchall() == [(1,)]
