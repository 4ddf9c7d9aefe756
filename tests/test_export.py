"""`govdocs export` and `govdocs sql --format parquet`: files other tools read back, written
from the read-only sandbox; `govdocs report` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from govdocs import quality
from govdocs import warehouse as wh
from govdocs.cli import main
from govdocs.warehouse.export import EXPORTS, export
from tests.test_quality import TODAY, load, metric, record


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wh") / "govdocs.duckdb"
    con = wh.connect(path)
    run = load(
        con,
        [
            record(0),
            record(1, body_text="正文。版权所有"),
            record(2, metrics=[metric("增长", 150, unit="%"), metric("受理", 7, start=9)]),
        ],
    )
    quality.validate(con, run, today=TODAY)
    wh.finish_run(con, run, {"pages_fetched": 3})
    con.close()
    return path


def expected_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {n: con.execute(f"select count(*) from {n}").fetchall()[0][0] for n in EXPORTS}
    finally:
        con.close()


def test_export_parquet_reads_back(db: Path, tmp_path: Path):
    out = export(db, tmp_path / "pq", "parquet")
    assert [e.name for e in out] == list(EXPORTS)
    counts = expected_counts(db)
    for e in out:
        assert e.path == tmp_path / "pq" / f"{e.name}.parquet"
        assert pq.read_table(e.path).num_rows == e.rows == counts[e.name], e.name
    # analysts' views exclude the quarantined rows; the quarantine files hold them
    assert counts["v_documents"] + counts["documents_quarantine"] == counts["documents"]
    assert counts["documents_quarantine"] == 1
    t = pq.read_table(tmp_path / "pq" / "v_metrics.parquet")
    assert {"metric_id", "publisher", "report_year", "published_year", "value", "unit"} <= set(t.column_names)
    assert "year" not in t.column_names
    assert 150.0 not in t.column("value").to_pylist()
    got = duckdb.sql(
        f"select count(*) from read_parquet('{tmp_path / 'pq' / 'metrics_quarantine.parquet'}')"
    ).fetchall()
    assert got == [(counts["metrics_quarantine"],)]


def test_export_csv_reads_back(db: Path, tmp_path: Path):
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "csv")]) == 0
    counts = expected_counts(db)
    for name in EXPORTS:
        t = pacsv.read_csv(tmp_path / "csv" / f"{name}.csv")
        assert t.num_rows == counts[name], name
    q = pacsv.read_csv(tmp_path / "csv" / "documents_quarantine.csv")
    assert "chrome" in q.column("reason")[0].as_py() and q.column("expectations")[0].as_py().startswith("[")
    assert not list(tmp_path.glob("csv/*.tmp"))


def test_sql_parquet_writes_the_whole_result(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "q" / "figures.parquet"
    assert (
        main(
            [
                "sql",
                "select label, value from metrics where value > ? order by value",
                "--param",
                "50",
                "--db",
                str(db),
                "--format",
                "parquet",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    t = pq.read_table(out)
    assert t.column_names == ["label", "value"] and t.column("value").to_pylist() == [98.5, 98.5, 100.0, 100.0, 150.0]
    assert "wrote 5 rows" in capsys.readouterr().err


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "copy (select 1) to '/tmp/govdocs-should-not-exist.csv'",
        "attach '/tmp/x.duckdb' as x",
    ],
)
def test_sql_parquet_keeps_the_sandbox(db: Path, tmp_path: Path, sql: str, capsys):
    assert main(["sql", sql, "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "x.parquet")]) == 2
    assert "govdocs: error:" in capsys.readouterr().err
    assert not (tmp_path / "x.parquet").exists()
    assert not Path("/tmp/govdocs-should-not-exist.csv").exists()


def test_sql_parquet_needs_out(db: Path, capsys):
    assert main(["sql", "select 1", "--db", str(db), "--format", "parquet"]) == 2
    assert "--out" in capsys.readouterr().err


def test_report_command(db: Path, tmp_path: Path, capsys):
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "r")]) == 0
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Quality over time" in html and "<svg" in html and 'href="gx-docs/index.html"' in html
    assert (tmp_path / "r" / "gx-docs" / "index.html").is_file()
    validations = list((tmp_path / "r" / "gx-docs" / "validations").rglob("*.html"))
    assert validations  # GX rendered the stored validation results
    # the same results as JSON, linked from the report, readable without GX's CDN scripts
    results = sorted((tmp_path / "r" / "gx-results").glob("*.json"))
    assert {p.stem for p in results} >= {"documents", "metrics", "pages"}
    for p in results:
        assert f'href="gx-results/{p.name}"' in html
        assert "results" in json.loads(p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", ["export", "report"])
def test_new_commands_explain_themselves(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0 and f"govdocs {command}" in capsys.readouterr().out


def test_export_has_every_analyst_view(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    con.close()
    assert views and views <= set(EXPORTS)
    assert {
        "v_annual_report_cells",
        "v_annual_report_metrics",
        "v_canonical_metrics",
        "v_document_history",
        "v_quarantine",
        "v_publishers",
        "publishers",
    } <= set(EXPORTS)


def test_parquet_carries_the_column_descriptions(db: Path, tmp_path: Path):
    (e,) = export(db, tmp_path, "parquet", ["v_metrics"])
    schema = pq.read_schema(e.path)
    assert b"Public figures" in schema.metadata[b"description"]
    described = {f.name: (f.metadata or {}).get(b"description", b"").decode() for f in schema}
    assert all(described.values()), [n for n, d in described.items() if not d]
    assert "reports on" in described["report_year"]
    # counts are BIGINT in the warehouse: int64 in Parquet, never decimal(38,0)
    (c,) = export(db, tmp_path, "parquet", ["v_documents_by_publisher_year"])
    assert str(pq.read_schema(c.path).field("n_figures").type) == "int64"


def test_export_tables_option_and_unknown_names(db: Path, tmp_path: Path, capsys):
    assert main(["export", "--db", str(db), "--tables", "v_metrics,publishers", "--out", str(tmp_path / "t")]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["publishers.parquet", "v_metrics.parquet"]
    capsys.readouterr()
    assert (
        main(["export", "--db", str(db), "--tables", "v_metrics,schema_migrations,nope", "--out", str(tmp_path / "u")])
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not exportable: schema_migrations, nope" in err[0]
    assert not (tmp_path / "u").exists() or not list((tmp_path / "u").iterdir())


def test_export_excel_csv_starts_with_a_bom(db: Path, tmp_path: Path):
    assert main(["export", "--db", str(db), "--excel", "--tables", "v_documents", "--out", str(tmp_path / "x")]) == 0
    raw = (tmp_path / "x" / "v_documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.startswith('"doc_id"') and "重庆市沙坪坝区人民政府" in text
    assert (
        main(["export", "--db", str(db), "--format", "csv", "--tables", "v_documents", "--out", str(tmp_path / "y")])
        == 0
    )
    assert (tmp_path / "y" / "v_documents.csv").read_bytes().startswith(b'"doc_id"')


def test_report_unknown_run_is_one_line_and_keeps_the_good_report(db: Path, tmp_path: Path, capsys):
    out = tmp_path / "r"
    assert main(["report", "--db", str(db), "--out", str(out), "--no-gx-docs"]) == 0
    good = (out / "index.html").read_bytes()
    capsys.readouterr()
    assert main(["report", "--db", str(db), "--out", str(out), "--run", "no-such-run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no run 'no-such-run'" in err[0], err
    assert (out / "index.html").read_bytes() == good
