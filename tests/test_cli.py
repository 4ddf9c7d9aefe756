"""The command line as a user meets it: help, clear one-line errors, extract output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govdocs.cli import build_parser, main

COMMANDS = ["demo", "crawl", "extract", "reextract", "sql"]


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "govdocs.cli", *args], capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert f"govdocs {command}" in out and len(out.splitlines()) > 3


def test_top_level_help_lists_every_command():
    text = build_parser().format_help()
    for command in COMMANDS:
        assert command in text


def test_unknown_source_is_one_clear_line(tmp_path):
    r = run("crawl", "--source", "nosuchsite", "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 2
    assert r.stderr.strip().startswith("govdocs: error: unknown source 'nosuchsite'")
    assert "Traceback" not in r.stderr


def test_sql_without_warehouse_is_one_clear_line(tmp_path):
    r = run("sql", "select 1", "--db", str(tmp_path / "none.duckdb"))
    assert r.returncode == 2 and "no warehouse at" in r.stderr and "Traceback" not in r.stderr


def test_extract_prints_the_record_contract(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>关于开展2022年安全检查的通知_示例区人民政府</title></head><body>"
        "<table><tr><td>索引号：</td><td>11500106709335764X/2022-00007</td><td>发布机构：</td><td>示例区应急局</td></tr>"
        "<tr><td>成文日期：</td><td>2022年3月1日</td><td>发布日期：</td><td>2022-03-02</td></tr>"
        "<tr><td>名称：</td><td>关于开展2022年安全检查的通知</td><td>文号：</td><td>示应急发〔2022〕 7 号</td></tr></table>"
        "<div><p>各街道：</p><p>全年共检查企业120家，整改隐患35处。</p><p>示例区应急局</p></div></body></html>",
        encoding="utf-8",
    )
    assert main(["extract", str(page), "--format", "jsonl"]) == 0
    record = json.loads(capsys.readouterr().out)
    for key in ("source", "status", "index_no", "category", "publisher", "created_date", "published_date",
                "title", "doc_number", "keywords", "body_text", "metrics"):
        assert key in record
    assert record["status"] == "ok"
    assert record["index_no"] == "11500106709335764X/2022-00007"
    assert record["created_date"] == "2022-03-01" and record["published_date"] == "2022-03-02"
    assert record["doc_number"] == "示应急发〔2022〕7号"
    assert record["category"] is None and record["keywords"] is None
    assert {(m["value"], m["unit"]) for m in record["metrics"]} >= {(120.0, "家"), (35.0, "处")}


def test_extract_missing_file_is_recorded_not_raised(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.html")]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["status"] == "fetch_error" and "cannot read file" in record["status_reason"]


def test_crawl_offline_fails_fast_with_one_line(tmp_path):
    import socket

    try:
        socket.getaddrinfo("www.cqspb.gov.cn", None)
        pytest.skip("this machine can resolve www.cqspb.gov.cn: not offline")
    except OSError:
        pass
    r = run("crawl", "--source", "cqspb", "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 2
    assert r.stderr.startswith("govdocs: error: cannot reach cqspb") and "offline" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_sql_csv_returns_every_row_and_table_says_when_it_is_capped(tmp_path, capsys):
    import duckdb

    from govdocs import cli

    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert main(["sql", "select * from range(12)", "--db", str(db), "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 13
    old, cli.TABLE_ROWS = cli.TABLE_ROWS, 5
    try:
        assert main(["sql", "select * from range(12)", "--db", str(db)]) == 0
    finally:
        cli.TABLE_ROWS = old
    out, err = capsys.readouterr()
    assert "(5 rows)" in out and "showing the first 5 rows" in err
