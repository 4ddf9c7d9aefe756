"""Analyst views answer right by default: report_year, canonical table labels across
templates, normalised publishers, the long annual-report metrics view. Real pages of the
bundled sample site, extracted by the real extractor and loaded by the real loader."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from govdocs import warehouse as wh
from govdocs.extract import extract_page
from govdocs.paths import SAMPLE_SITE_DIR
from tests.test_warehouse import record

SEED = "zwgk_235/fzzfjsndbg/202201/t20220125_10259370.html"  # …城市管理局2021年法治政府建设年度报告
REPORT_NEW = "zwgk_235/zfxxgkndbg/202401/t20240115_12026748.html"  # template with 本年处理决定数量
REPORT_OLD = "zwgk_235/zfxxgkndbg/202101/t20210125_9358354.html"  # template with 处理决定数量


def extracted(rel: str) -> dict:
    url = f"http://127.0.0.1:8000/{rel}"
    rec = extract_page((SAMPLE_SITE_DIR / rel).read_bytes(), url=url, content_type="text/html")
    assert rec["status"] == "ok", rec["status_reason"]
    return dict(rec)


@pytest.fixture
def con(tmp_path: Path):
    c = wh.connect(tmp_path / "v.duckdb")
    yield c
    c.close()


def test_the_seed_page_reports_on_2021(con):
    rec = extracted(SEED)
    assert rec["published_date"].startswith("2022")
    run = wh.start_run(con, source="sample")
    wh.load_records(con, run, [rec])
    assert con.execute("select report_year, published_year from v_documents").fetchall() == [(2021, 2022)]
    years = con.execute("select distinct report_year from v_metrics").fetchall()
    assert years == [(2021,)]
    assert con.execute("select count(*) from v_metrics").fetchall()[0][0] > 0
    assert con.execute("select distinct report_year from v_metrics_by_publisher_year").fetchall() == [(2021,)]


def test_table_labels_of_both_templates_share_a_canonical_name(con):
    new, old = extracted(REPORT_NEW), extracted(REPORT_OLD)
    run = wh.start_run(con, source="sample")
    wh.load_records(con, run, [new, old])
    rows = con.execute("""
        select report_year, column_label, canonical from v_annual_report_cells
        where row_label = '行政许可' and column_label like '%处理决定数量' order by report_year
    """).fetchall()
    labels = {r[1] for r in rows}
    assert any(lbl.endswith("本年处理决定数量") for lbl in labels) and any(
        not lbl.endswith("本年处理决定数量") for lbl in labels
    ), labels
    assert {r[2] for r in rows} == {"行政许可决定数"}
    # one obvious query: decisions per publisher and report year
    got = con.execute("""
        select publisher, report_year, value, n_documents from v_annual_report_metrics
        where metric = '行政许可决定数' order by report_year
    """).fetchall()
    cells = con.execute("""
        select report_year, sum(value) from v_annual_report_cells where canonical = '行政许可决定数'
        group by 1 order by 1
    """).fetchall()
    assert [(y, v) for _p, y, v, _n in got] == cells and len(got) == 2
    assert [y for _p, y, _v, _n in got] == [2020, 2023]  # published 2021-01 and 2024-01: the years before
    assert {n for *_, n in got} == {1}


def test_publisher_names_are_normalised_and_editable(con):
    run = wh.start_run(con, source="sample")
    wh.load_records(
        con,
        run,
        [
            record(
                "https://gov.example/a.html", index_no="11500000MB1525880X/2022-00001", publisher="重庆市沙坪坝区交通局"
            ),
            record("https://gov.example/b.html", index_no="11500000MB1525880X/2022-00002", publisher="沙坪坝区交通局"),
            record(
                "https://gov.example/c.html",
                index_no="11500000MB1525880X/2022-00003",
                publisher="重庆市沙坪坝区井口镇人民政府",
            ),
            record(
                "https://gov.example/d.html",
                index_no="11500000MB1525880X/2022-00004",
                publisher="重庆市沙坪坝区住房和城乡建设委员会",
            ),
        ],
    )
    assert con.execute("select publisher, n_documents from v_documents_by_publisher_year order by 1").fetchall() == [
        ("重庆市沙坪坝区井口镇人民政府", 1),
        ("重庆市沙坪坝区交通局", 2),
        ("重庆市沙坪坝区住房和城乡建设委员会", 1),
    ]
    pubs = dict(
        (r[0], r[1:])
        for r in con.execute("select name, canonical_name, region, level, origin from publishers").fetchall()
    )
    assert pubs["沙坪坝区交通局"] == ("重庆市沙坪坝区交通局", "重庆市沙坪坝区", "county", "seed")
    assert pubs["重庆市沙坪坝区井口镇人民政府"][1:3] == ("重庆市沙坪坝区", "township")
    assert pubs["重庆市沙坪坝区住房和城乡建设委员会"][1:3] == ("重庆市沙坪坝区", "county")  # 城乡 is no 乡
    assert con.execute("select publisher_as_written from v_documents where doc_id like '%00002'").fetchall() == [
        ("沙坪坝区交通局",)
    ]
    # an analyst's edit sticks across later loads
    con.execute(
        "update publishers set canonical_name = '沙坪坝区交通局（旧）', origin = 'manual' where name = '沙坪坝区交通局'"
    )
    wh.load_records(
        con,
        wh.start_run(con, source="sample"),
        [
            record(
                "https://gov.example/b.html",
                index_no="11500000MB1525880X/2022-00002",
                publisher="沙坪坝区交通局",
                body="新正文。",
            )
        ],
    )
    assert con.execute("select publisher from v_documents where doc_id like '%00002'").fetchall() == [
        ("沙坪坝区交通局（旧）",)
    ]


def test_two_candidate_full_names_leave_a_short_name_alone(con):
    run = wh.start_run(con, source="sample")
    wh.load_records(
        con,
        run,
        [
            record(f"https://gov.example/{i}.html", index_no=f"11500000MB1525880X/2022-0000{i}", publisher=p)
            for i, p in enumerate(["重庆市沙坪坝区交通局", "重庆市江北区交通局", "交通局"])
        ],
    )
    assert con.execute("select canonical_name from publishers where name = '交通局'").fetchall() == [("交通局",)]


def test_no_wide_view_with_hard_coded_years(con):
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert "v_annual_report_by_year" not in views
    for (sql,) in con.execute("select sql from duckdb_views() where not internal").fetchall():
        assert "2030" not in sql and "2008" not in sql


def test_year_means_one_thing(con):
    """No analyst column is called just `year`: it is published_year or report_year."""
    cols = con.execute("""
        select table_name, column_name from duckdb_columns()
        where not internal and column_name = 'year'
    """).fetchall()
    assert cols == []


def test_old_warehouse_upgrades_in_place(tmp_path: Path):
    """A file from before migration 020 (dates as text, views in migrations) gets typed
    columns, the views of sql/views/ and a seeded publishers table on its next writable open."""
    from govdocs.warehouse.db import apply_migrations, migration_files

    early = tmp_path / "sql"
    early.mkdir()
    for version, _, path in migration_files():
        if version <= 12:
            (early / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "old.duckdb"
    c = duckdb.connect(str(db))
    apply_migrations(c, early)
    c.execute("""insert into documents (doc_id, url, status, publisher, created_date, published_date, title,
                 content_hash, metrics_hash, metric_count, first_seen_run, last_seen_run, changed_run)
                 values ('d1', 'u1', 'ok', '沙坪坝区交通局', '2023-02-30', '2023-01-15', 't', 'h', 'm', 0, 'r', 'r', 'r')""")
    c.close()
    c = wh.connect(db)
    row = c.execute("select created_date, created_date_text, published_date, metric_count from documents").fetchall()
    assert row == [(None, "2023-02-30", __import__("datetime").date(2023, 1, 15), 0)]
    types = dict(
        c.execute("select column_name, data_type from duckdb_columns() where table_name = 'documents'").fetchall()
    )
    assert (types["created_date"], types["published_date"], types["metric_count"]) == ("DATE", "DATE", "BIGINT")
    assert c.execute("select name, canonical_name from publishers").fetchall() == [("沙坪坝区交通局", "沙坪坝区交通局")]
    assert c.execute("select published_year from v_documents").fetchall() == [(2023,)]
    c.close()
