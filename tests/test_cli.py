"""The command line as a user meets it: help, clear one-line errors, extract output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govdocs.cli import build_parser, main

COMMANDS = ["demo", "crawl", "extract", "reextract", "sql"]


def run(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "govdocs.cli", *args], capture_output=True, text=True, timeout=120, **kw
    )


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
    for key in (
        "source",
        "status",
        "index_no",
        "category",
        "publisher",
        "created_date",
        "published_date",
        "title",
        "doc_number",
        "keywords",
        "body_text",
        "metrics",
    ):
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


def test_sql_json_streams_every_row_and_out_never_replaces_the_warehouse(tmp_path, capsys):
    import duckdb

    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert main(["sql", "select range as n, '值' as s from range(3)", "--db", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 0, "s": "值"}, {"n": 1, "s": "值"}, {"n": 2, "s": "值"}]
    before = db.read_bytes()
    for target in (db, db.with_name(db.name + ".wal")):
        assert main(["sql", "select 1", "--db", str(db), "--format", "parquet", "--out", str(target), "--force"]) == 2
        assert "refusing to write over the warehouse" in capsys.readouterr().err
    assert db.read_bytes() == before
    out = tmp_path / "r.parquet"
    assert main(["sql", "select 1 as x", "--db", str(db), "--format", "parquet", "--out", str(out)]) == 0
    assert main(["sql", "select 2 as x", "--db", str(db), "--format", "parquet", "--out", str(out)]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert main(["sql", "select 2 as x", "--db", str(db), "--format", "parquet", "--out", str(out), "--force"]) == 0


def test_extract_url_fetches_as_the_crawler_does(capsys):
    """robots.txt is obeyed and the crawler's User-Agent sent; the page's record is printed."""
    from tests import loopback

    page = (
        "<html><head><title>关于X的通知</title></head><body><table><tr><td>索引号：</td>"
        "<td>11500106709335764X/2022-00001</td></tr></table><p>正文：全年办理行政许可12件。</p></body></html>"
    )
    routes = {
        "/robots.txt": loopback.html("User-agent: *\nDisallow: /private/\n", ctype="text/plain"),
        "/a/t20220101_1.html": loopback.html(page),
        "/private/t20220101_2.html": loopback.html(page),
    }
    with loopback.serve(routes) as (base, log):
        assert main(["extract", base + "a/t20220101_1.html", "--format", "jsonl"]) == 0
        record = json.loads(capsys.readouterr().out)
        assert main(["extract", base + "private/t20220101_2.html", "--format", "jsonl"]) == 1
        refused = json.loads(capsys.readouterr().out)
    assert record["index_no"] == "11500106709335764X/2022-00001" and record["status"] == "ok"
    assert refused["status"] == "fetch_error" and "robots.txt" in refused["status_reason"]
    assert not any(p.startswith("/private/") for _, p in log)
    assert ("GET", "/robots.txt") in log


def test_version_pipes_and_one_statement(tmp_path, capsys):
    import subprocess
    import sys

    import duckdb

    from govdocs import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"govdocs {__version__}"
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert main(["sql", "select 1; select 2", "--db", str(db)]) == 2
    assert "one SQL statement at a time, got 2" in capsys.readouterr().err
    # a reader that stops early (| head) is no traceback
    cmd = f"{sys.executable} -m govdocs.cli sql 'select * from range(200000)' --db {db} --format csv | head -1"
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "range" and "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr


# --- crawl --source sample, what the summary says next, progress from the first moment ---


@pytest.fixture(scope="module")
def sample_crawl(tmp_path_factory):
    """`govdocs crawl --source sample --max-pages 30` as a user runs it: a process of its own,
    Prefect's ephemeral server (no PREFECT_API_URL), a fresh PREFECT_HOME."""
    import os

    tmp = tmp_path_factory.mktemp("sample-crawl")
    db = tmp / "govdocs.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp / "prefect")
    r = subprocess.run(
        [sys.executable, "-m", "govdocs.cli", "crawl", "--source", "sample", "--max-pages", "30", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    return db, r


@pytest.mark.slow
def test_crawl_source_sample_serves_the_site_itself(sample_crawl):
    """It was listed as available and failed on its `{base}` placeholder."""
    _db, r = sample_crawl
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("sample site serving at http://127.0.0.1:")
    assert "pages_fetched               30" in r.stdout


@pytest.mark.slow
def test_progress_starts_before_prefect_and_names_each_stage(sample_crawl):
    """A line at once, then one per stage: Prefect's start-up (seconds) is never silent."""
    _db, r = sample_crawl
    lines = r.stderr.splitlines()
    assert lines[1] == "starting Prefect…"  # printed before Prefect is imported
    order = [
        "starting Prefect…",
        "Prefect started; crawling sample",
        "crawl: ",
        "sample: validating the run and writing its report",
    ]
    at = [next(i for i, line in enumerate(lines) if line.startswith(text)) for text in order]
    assert at == sorted(at), lines


@pytest.mark.slow
def test_summary_ends_with_what_to_do_next(sample_crawl, capsys):
    db, r = sample_crawl
    summary = dict(line.split(None, 1) for line in r.stdout.split("\n\n")[0].splitlines())
    run_id = summary["run_id"]
    report, docs, stopped = r.stdout.split("\n\n")[1].splitlines()
    assert (
        report == f"report: {db.parent / 'reports' / 'index.html'}" and (db.parent / "reports" / "index.html").is_file()
    )
    # the query for the run's documents, pasted as printed, answers with those documents
    n = int(summary["changed_documents"])
    assert n > 0 and docs.startswith(f"the {n} new or changed documents: govdocs sql ")
    import shlex

    argv = shlex.split(docs.split(": ", 1)[1])
    assert argv[:2] == ["govdocs", "sql"] and argv[argv.index("--param") + 1] == run_id
    assert main([*argv[1:], "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == n and {"published_date", "publisher", "title", "url"} <= set(rows[0])
    # the page limit cut the crawl short, and the count of URLs left is the crawl's own
    left = int(summary["urls_left"])
    assert (
        stopped == f"--max-pages 30 stopped the crawl at 30 pages with {left} URLs left (a higher limit crawls further)"
    )
    assert 0 < left <= 77 - 30  # the whole sample site is 77 fetches


def test_next_steps_say_nothing_that_is_not_so():
    from govdocs.pipeline import next_steps

    base = {"run_id": "r-1", "warehouse": "/w/g.duckdb", "changed_documents": 0, "urls_left": 0, "max_pages": None}
    assert next_steps(base) == []  # no report, nothing new, the crawl ran to its end
    assert next_steps({**base, "urls_left": 5, "page_limit": 1000}) == [
        "the source's max_pages stopped the crawl at 1000 pages with 5 URLs left (a higher limit crawls further)"
    ]
    (line,) = next_steps({**base, "changed_documents": 2, "warehouse": "/my files/g.duckdb"})
    assert line.endswith("--param r-1 --db '/my files/g.duckdb'")


@pytest.mark.slow
def test_reextract_dask_runs_the_chunks_on_a_dask_cluster(sample_crawl, tmp_path, capsys, prefect_harness, monkeypatch):
    import shutil

    import flows.runners as runners

    db, _r = sample_crawl
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    shutil.copytree(db.parent / "warc", tmp_path / "warc")  # (pages.warc_path holds the original paths)
    entered = []
    enter = runners.DaskTaskRunner.__enter__

    def spy(self):
        entered.append(self)
        return enter(self)

    monkeypatch.setattr(runners.DaskTaskRunner, "__enter__", spy)  # on the class: it still pickles
    assert main(["reextract", "--db", str(copy), "--dask", "--json", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert len(entered) == 1 and entered[0].cluster_kwargs["processes"] is True  # a server: worker processes
    assert summary["reextracted"] == summary["archived_pages"] > 0 and summary["archive_failures"] == 0
    assert summary["changed_documents"] == 0  # the same records as the crawl's


@pytest.mark.parametrize(
    "address, message",
    [
        ("tcp://127.0.0.1:9", "no Dask scheduler answers"),
        ("127.0.0.1:8786", "not a scheduler address"),
        ("tcp://127.0.0.1:99999", "not a scheduler address"),
    ],
)
def test_reextract_dask_bad_address_is_one_line_at_once(tmp_path, address, message):
    """Not Dask's traceback after a 30 s connect timeout, and before Prefect starts."""
    import duckdb

    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    r = run("reextract", "--db", str(db), "--dask", address)
    assert r.returncode == 2 and r.stderr.startswith(f"govdocs: error: --dask {address}: {message}")
    assert len(r.stderr.strip().splitlines()) == 1 and "starting Prefect" not in r.stderr


def test_crawl_all_leaves_out_the_bundled_sample(tmp_path, monkeypatch):
    from govdocs.cli import crawl_all_names
    from govdocs.sources import available_sources

    (tmp_path / "mine.toml").write_text("")
    monkeypatch.setenv("GOVDOCS_SOURCES", str(tmp_path))
    names = available_sources()
    assert {"sample", "cqspb", "mine"} <= set(names)
    assert crawl_all_names(names) == [n for n in names if n != "sample"]
