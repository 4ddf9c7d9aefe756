"""The warehouse commands as sqlite-utils / datasette users know them: sql --format jsonl,
DuckDB errors as one line, `tables` and `schema` on a real warehouse file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from govdocs.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govdocs.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def warehouse_file(tmp_path) -> Path:
    """A real govdocs warehouse (migrations, views, comments) with one run."""
    from govdocs import warehouse
    from govdocs.warehouse.load import start_run

    db = tmp_path / "govdocs.duckdb"
    con = warehouse.connect(db)
    start_run(con, source="sample")
    con.close()
    return db


def test_sql_jsonl_is_one_object_a_line_with_dates_and_decimals_as_strings(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    sql = (
        "select range as n, date '2022-01-25' + range::int as d, 1.50::decimal(5, 2) as amount, "
        "'沙坪坝区' as name, null as nothing from range(3)"
    )
    assert main(["sql", sql, "--db", str(db), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "沙坪坝区" in lines[0]  # UTF-8, not \\u escapes
    assert [json.loads(line) for line in lines] == [
        {"n": i, "d": f"2022-01-2{5 + i}", "amount": "1.50", "name": "沙坪坝区", "nothing": None} for i in range(3)
    ]
    r = subprocess.run(  # UTF-8 whatever the locale says
        [sys.executable, "-m", "govdocs.cli", "sql", sql, "--db", str(db), "--format", "jsonl"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert r.returncode == 0 and r.stdout.decode("utf-8").splitlines() == lines


def test_a_duckdb_error_is_one_line_and_exit_1(warehouse_file):
    r = run("sql", "select * from foo", "--db", str(warehouse_file))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith("govdocs: error: Catalog Error: Table with name foo does not exist! Did you mean")
    assert len(r.stderr.splitlines()) == 1 and "LINE" not in r.stderr and "^" not in r.stderr
    r = run("sql", "selec 1", "--db", str(warehouse_file))  # rejected by the parser before it runs
    assert r.returncode == 1 and r.stderr == 'govdocs: error: Parser Error: syntax error at or near "selec"\n'
    r = run("sql", "select 1; select 2", "--db", str(warehouse_file))  # refused by govdocs: a usage error
    assert r.returncode == 2 and "one SQL statement at a time" in r.stderr
    r = run("sql", "select * from read_csv('/etc/passwd')", "--db", str(warehouse_file))  # refused by the sandbox
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith('govdocs: error: Permission Error: Cannot access file "/etc/passwd"')


def test_one_line_drops_the_echo_and_its_caret():
    from govdocs.warehouse.query import one_line

    con = duckdb.connect()
    with pytest.raises(duckdb.Error) as exc:
        con.execute("select strptime('x', '%Y')")
    assert "\n" in str(exc.value)  # DuckDB's own message spans lines
    assert one_line(exc.value) == (
        'Invalid Input Error: Could not parse string "x" according to format specifier "%Y" Error: Expected a number'
    )


def test_a_duckdb_error_mid_stream_is_one_line_too(tmp_path):
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    sql = "select case when range < 5000 then range::varchar else 'x' end::int as n from range(10000)"
    r = run("sql", sql, "--db", str(db), "--format", "jsonl")
    assert r.returncode == 1 and r.stderr.startswith("govdocs: error: Conversion Error")
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr


@pytest.fixture
def broken_views(warehouse_file) -> Path:
    """A warehouse whose figure views no longer bind: a column they read was renamed."""
    con = duckdb.connect(str(warehouse_file))
    con.execute("alter table metrics rename column unit to unit_renamed")
    con.close()
    return warehouse_file


def test_export_and_report_show_duckdb_errors_as_one_line(broken_views, tmp_path):
    r = run("export", "--db", str(broken_views), "--out", str(tmp_path / "export"))
    assert r.returncode == 1
    assert r.stderr.startswith("govdocs: error: Binder Error:") and "unit" in r.stderr
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    con = duckdb.connect(str(broken_views))
    con.execute("drop view v_dq_history")  # the report's quality-over-time query reads it
    con.close()
    r = run("report", "--db", str(broken_views), "--out", str(tmp_path / "report"), "--no-gx-docs")
    assert r.returncode == 1 and r.stderr.startswith("govdocs: error: Catalog Error:")
    assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr


def test_tables_lists_every_table_and_view_with_kind_rows_and_comment(warehouse_file, capsys):
    assert main(["tables", "--db", str(warehouse_file), "--json"]) == 0
    found = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    con = duckdb.connect(str(warehouse_file), read_only=True)
    tables = {n for (n,) in con.execute("select table_name from duckdb_tables() where not internal").fetchall()}
    views = {n for (n,) in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    con.close()
    assert set(found) == tables | views and {"documents", "runs", "v_metrics"} <= set(found)
    assert found["runs"]["kind"] == "table" and found["runs"]["rows"] == 1
    assert found["documents"]["rows"] == 0 and found["v_metrics"]["kind"] == "view"
    assert found["documents"]["comment"].startswith("One row per document")
    assert main(["tables", "--db", str(warehouse_file)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["name", "|", "kind", "|", "rows", "|", "comment"]
    assert any(line.startswith("runs ") and "| 1 " in line for line in out.splitlines())


def test_tables_lists_a_broken_view_with_its_error_and_counts_the_rest(broken_views, capsys):
    assert main(["tables", "--db", str(broken_views), "--json"]) == 1
    out, err = capsys.readouterr()
    found = {r["name"]: r for r in json.loads(out)}
    assert found["v_metrics"]["rows"] is None and "Binder Error" in found["v_metrics"]["error"]
    assert found["runs"]["rows"] == 1
    assert "govdocs: error: v_metrics: Binder Error" in err


def test_schema_shows_columns_with_type_nullable_and_comment(warehouse_file, capsys):
    assert main(["schema", "documents", "--db", str(warehouse_file), "--json"]) == 0
    cols = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    con = duckdb.connect(str(warehouse_file), read_only=True)
    expected = con.execute(
        "select column_name, data_type, is_nullable, comment from duckdb_columns() "
        "where table_name = 'documents' order by column_index"
    ).fetchall()
    con.close()
    assert [(c["name"], c["type"], c["nullable"], c["comment"]) for c in cols.values()] == expected
    assert cols["doc_id"]["nullable"] is False and cols["doc_id"]["comment"]
    assert main(["schema", "V_METRICS", "--db", str(warehouse_file)]) == 0  # names ignore case, as in SQL
    assert "report_year" in capsys.readouterr().out


def test_schema_of_an_unknown_table_is_one_line_naming_near_names(warehouse_file):
    r = run("schema", "document", "--db", str(warehouse_file))
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith("govdocs: error: no table or view named 'document'; did you mean documents")
    r = run("schema", "zzzz", "--db", str(warehouse_file))
    assert r.returncode == 2 and "`govdocs tables` lists them" in r.stderr


def test_tables_and_schema_never_write_the_warehouse(warehouse_file, capsys):
    before = warehouse_file.read_bytes()
    assert main(["tables", "--db", str(warehouse_file)]) == 0
    assert main(["schema", "runs", "--db", str(warehouse_file)]) == 0
    assert warehouse_file.read_bytes() == before
    writer = duckdb.connect(str(warehouse_file))  # a crawl holds the file: read a snapshot
    try:
        r = run("tables", "--db", str(warehouse_file))
    finally:
        writer.close()
    assert r.returncode == 0 and "documents" in r.stdout
