"""Severity policy in the warehouse: quarantine recomputed per validation, excluded from the
analyst views, every row in exactly one of public view and quarantine; the table 三 rule;
run drift."""

from __future__ import annotations

from govdocs import quality
from govdocs.figures import check_table_consistency
from tests.test_quality import TODAY, load, metric, page, record

T3 = "三、收到和处理政府信息公开申请情况"


def ids(con, sql: str) -> set[str]:
    return {r[0] for r in con.execute(sql).fetchall()}


def partition_ok(con) -> None:
    docs = ids(con, "select doc_id from documents")
    pub, qua = ids(con, "select doc_id from v_documents"), ids(con, "select doc_id from documents_quarantine")
    assert pub | qua == docs and not pub & qua
    mets = ids(con, "select metric_id from metrics")
    mpub, mqua = ids(con, "select metric_id from v_metrics"), ids(con, "select metric_id from metrics_quarantine")
    assert mpub | mqua == mets and not mpub & mqua


def test_warning_rows_leave_the_views_and_come_back_when_fixed(con):
    bad = record(1, body_text="正文。版权所有 渝ICP备05003300号")  # chrome: warning
    run = load(con, [record(0), bad, record(2, metrics=[metric("增长", 150, unit="%")])])
    s = quality.validate(con, run, today=TODAY)
    assert s["success"] is True and s["warnings"] >= 2  # warnings do not fail the run
    doc1 = "11500106MB1525880X/2023-00001"
    assert ids(con, "select doc_id from documents_quarantine") == {doc1}
    assert doc1 not in ids(con, "select doc_id from v_documents")
    reason, sev, run_id = con.execute(
        "select reason, severity, quarantined_in_run from documents_quarantine"
    ).fetchall()[0]
    assert "chrome" in reason and sev == "warning" and run_id == run
    # the 150 % figure is out of v_metrics; doc 1's figures too (their document is quarantined)
    mq = con.execute("select value, reason from metrics_quarantine order by value").fetchall()
    assert [v for v, _ in mq] == [98.5, 100.0, 150.0]
    assert any("document quarantined" in r for _, r in mq)
    assert 150.0 not in {r[0] for r in con.execute("select value from v_metrics").fetchall()}
    n_pub = con.execute("select sum(n_documents) from v_documents_by_publisher_year").fetchall()[0][0]
    assert n_pub == 2
    assert con.execute("select sum(n_figures) from v_metrics_by_publisher_year").fetchall()[0][0] == 2
    partition_ok(con)
    assert all(r["success"] for r in s["results"] if r["suite"] == "partition")

    # validating again changes nothing (idempotent) ...
    before = con.execute("select table_name, row_key, expectation_id from quarantine order by all").fetchall()
    quality.validate(con, run, today=TODAY)
    assert con.execute("select table_name, row_key, expectation_id from quarantine order by all").fetchall() == before
    # ... and a fixed row leaves quarantine when it is validated again
    run2 = load(con, [record(1)], run_id="fix")
    s2 = quality.validate(con, run2, today=TODAY)
    assert s2["success"] is True
    assert ids(con, "select doc_id from documents_quarantine") == set()
    assert doc1 in ids(con, "select doc_id from v_documents")
    assert [v for (v,) in con.execute("select value from metrics_quarantine").fetchall()] == [150.0]  # not re-checked
    partition_ok(con)
    # history keeps what each validation quarantined; v_dq_history shows quality over time
    hist = con.execute(
        "select run_id, success, warnings, quarantined, n_expectations > 0 from v_dq_history order by started_at"
    ).fetchall()
    assert [h[0] for h in hist] == [run, run, "fix"] and hist[0][3] >= 2 and hist[2][3] == 0


def test_critical_rows_fail_the_run_and_are_quarantined(con):
    run = load(con, [record(0), record(1, created_date="2023-02-30")])
    s = quality.validate(con, run, today=TODAY)
    assert s["success"] is False
    assert ids(con, "select doc_id from documents_quarantine where severity = 'critical'") == {
        "11500106MB1525880X/2023-00001"
    }
    partition_ok(con)


def test_partition_check_catches_a_broken_view(con):
    run = load(con, [record(0), record(1)])
    # a view bug that shows every document both publicly and in quarantine
    con.execute(
        "create or replace view documents_quarantine as select d.*, 'warning' as severity, "
        "'x' as reason, ['x'] as expectations, 'x' as dq_run_id, 'x' as quarantined_in_run from documents d"
    )
    s = quality.validate(con, run, today=TODAY)
    fails = {r["expectation_id"] for r in s["results"] if not r["success"]}
    assert "partition:00:expect_column_values_to_be_between" in fails and s["success"] is False


def t3_metrics(col: str, one: float, two: float, total: float, four: float) -> list[dict]:
    rows = [
        ("一、本年新收政府信息公开申请数量", one),
        ("二、上年结转政府信息公开申请数量", two),
        ("三、本年度办理结果（七）总计", total),
        ("四、结转下年度继续办理", four),
    ]
    return [
        metric(
            label, v, unit="件", start=None, end=None, sentence=None, table=T3, row=label, column=col, canonical=None
        )
        for label, v in rows
    ]


def test_table_three_rule_matches_the_python_check(con):
    good = t3_metrics("自然人", 10, 2, 11, 1) + t3_metrics("商业企业", 3, 0, 3, 0)
    bad = t3_metrics("自然人", 10, 2, 11, 1) + t3_metrics("商业企业", 3, 1, 3, 0)
    assert check_table_consistency(good) == [] and len(check_table_consistency(bad)) == 1
    run = load(con, [record(0, metrics=good), record(1, metrics=bad)])
    s = quality.validate(con, run, today=TODAY)
    assert s["success"] is True
    fails = {r["expectation_id"]: r for r in s["results"] if not r["success"]}
    rule = next(r for k, r in fails.items() if r["column"] == "t3_consistent")
    assert rule["severity"] == "warning" and rule["unexpected_count"] == 4
    q = con.execute("select doc_id, column_label from metrics_quarantine").fetchall()
    assert set(q) == {("11500106MB1525880X/2023-00001", "商业企业")}
    partition_ok(con)


def test_run_drift_against_the_previous_run(con):
    def crawl(run_id: str, n_docs: int, blocked: int) -> str:
        lists = [page(f"https://gov.example/list/{i}.html", kind="list") for i in range(2)]
        blk = [
            page(
                f"https://gov.example/b/{run_id}/{i}.html",
                status="blocked",
                http_status=412,
                content_hash=None,
                error_reason="waf challenge",
            )
            for i in range(blocked)
        ]
        recs = [record(i) for i in range(n_docs)]
        return load(con, recs, pages=lists + blk + [page(r["source"]) for r in recs], run_id=run_id)

    s1 = quality.validate(con, crawl("r1", 10, 0), today=TODAY)
    assert all(r["success"] for r in s1["results"] if r["suite"] == "runs")
    s2 = quality.validate(con, crawl("r2", 2, 0), today=TODAY)  # 5 → 1 document per list page
    drift = [r for r in s2["results"] if r["suite"] == "runs" and not r["success"]]
    assert [(r["column"], r["severity"]) for r in drift] == [("docs_per_list_page_ratio", "warning")]
    s3 = quality.validate(con, crawl("r3", 2, 3), today=TODAY)  # 3 of 7 pages blocked
    drift = {r["column"] for r in s3["results"] if r["suite"] == "runs" and not r["success"]}
    assert drift == {"blocked_share"}
    assert s2["success"] is True and s3["success"] is True
    stats = con.execute(
        "select run_id, list_pages, documents, blocked_pages from dq_run_stats order by run_id"
    ).fetchall()
    assert stats == [("r1", 2, 10, 0), ("r2", 2, 2, 0), ("r3", 2, 2, 3)]


def test_quarantined_rows_stream_to_disk_chunk_by_chunk(con, monkeypatch):
    """A run whose every figure fails holds its quarantine on disk, not in a list: each chunk's
    failures are appended to the validation's spool as the chunk is done, and the warehouse
    gets every one of them."""
    import importlib

    from tests.test_quality import metric

    v = importlib.import_module("govdocs.quality.validate")
    records = [
        record(i, metrics=[metric(f"增长{j}", 150, unit="%", start=j * 10) for j in range(40)]) for i in range(30)
    ]
    run = load(con, records)
    monkeypatch.setattr(v, "CHUNK_ROWS", 100)
    added: list[int] = []
    real_add = v.QuarantineSpool.add
    monkeypatch.setattr(v.QuarantineSpool, "add", lambda self, rows: added.append(len(rows)) or real_add(self, rows))
    s = quality.validate(con, run, today=TODAY)
    figures = con.execute("select count(*) from metrics").fetchall()[0][0]
    assert figures == 1200
    assert s["quarantined"] == figures  # every figure, counted from the spool in DuckDB
    assert ids(con, "select row_key from quarantine where table_name = 'metrics'") == ids(
        con, "select metric_id from metrics"
    )
    assert len([n for n in added if n]) >= 12  # metrics' failures came in one chunk at a time
    partition_ok(con)
