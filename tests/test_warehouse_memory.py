"""DuckDB's share of a pipeline process is bounded: every writable warehouse connection has
a memory limit (GOVDOCS_DUCKDB_MEMORY, default 96MB), under which DuckDB evicts and spills;
the queries over every row of a run stay within it; a limit too small or malformed is one
line that names the setting."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govdocs import warehouse
from govdocs.warehouse.db import WarehouseError, duckdb_config
from govdocs.warehouse.writer import write_connection

GOVDOCS = [sys.executable, "-m", "govdocs.cli"]


def _limit(con) -> str:
    return con.execute("select current_setting('memory_limit')").fetchall()[0][0]


def test_pipeline_connections_have_the_memory_limit(tmp_path, monkeypatch):
    db = tmp_path / "g.duckdb"
    monkeypatch.delenv("GOVDOCS_DUCKDB_MEMORY", raising=False)
    with write_connection(db) as con:
        assert _limit(con) == "91.5 MiB"  # 96MB as DuckDB prints it
    monkeypatch.setenv("GOVDOCS_DUCKDB_MEMORY", "200MB")
    with write_connection(db) as con:
        assert _limit(con) == "190.7 MiB"
    con = warehouse.connect(db)
    try:
        assert _limit(con) == "190.7 MiB"
    finally:
        con.close()


def test_a_malformed_limit_is_refused_with_the_setting_named(monkeypatch):
    monkeypatch.setenv("GOVDOCS_DUCKDB_MEMORY", "lots")
    with pytest.raises(WarehouseError, match="GOVDOCS_DUCKDB_MEMORY='lots'"):
        duckdb_config()


def _report(db, env_value, tmp_path):
    env = {"GOVDOCS_DUCKDB_MEMORY": env_value, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    return subprocess.run(
        [*GOVDOCS, "report", "--db", str(db), "--no-gx-docs"], capture_output=True, text=True, env=env, timeout=120
    )


def test_too_small_a_limit_is_one_line_naming_the_setting(tmp_path):
    db = tmp_path / "g.duckdb"
    warehouse.connect(db).close()
    for value, expected in (("1MB", "raise GOVDOCS_DUCKDB_MEMORY"), ("lots", "GOVDOCS_DUCKDB_MEMORY='lots'")):
        r = _report(db, value, tmp_path)
        assert r.returncode != 0
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0] and "Traceback" not in r.stderr, r.stderr


def test_the_partition_frame_of_300000_figures_runs_in_32_mb(tmp_path, monkeypatch):
    """The after-quarantine check reads every document and figure id of the warehouse: one
    aggregate per table, which DuckDB spills (a full join of both ran out of 32 MB here)."""
    import importlib

    from govdocs.quality.suites import load_suites

    v = importlib.import_module("govdocs.quality.validate")  # the module (the package exports the function)

    db = tmp_path / "g.duckdb"
    con = warehouse.connect(db)
    con.execute(
        "insert into documents (doc_id, url, status, content_hash, metrics_hash, metric_count, "
        "first_seen_run, last_seen_run, changed_run) "
        "select 'd' || i, 'https://x.gov.cn/' || i, 'ok', 'h', 'h', 60, 'r', 'r', 'r' from range(5000) t(i)"
    )
    con.execute(
        "insert into metrics (metric_id, doc_id, kind, label, value, position, run_id) "
        "select md5(i::varchar), 'd' || (i % 5000), 'sentence', 'x', i, 0, 'r' from range(300000) t(i)"
    )
    con.close()
    monkeypatch.setenv("GOVDOCS_DUCKDB_MEMORY", "32MB")
    (suite,) = [s for s in load_suites() if s.name == "partition"]
    with write_connection(db) as con:
        con.execute("set threads = 1")
        rows = sum(len(df) for df in v.frames(con, suite, "r", suite.frame_scope("run")))
        bad = con.execute(
            f"select count(*) from ({v._frame_query(suite, 'r', 'all')[0]}) f where placements <> 1 or not in_table"
        ).fetchall()
    assert rows == 305000 and bad == [(0,)]


def test_reading_runs_duckdb_under_half_its_limit_on_one_thread_and_restores_both(tmp_path, monkeypatch):
    """Validation and the report read through much of the warehouse; DuckDB caches what it
    reads up to its limit, so they read under half of it (and on one thread)."""
    from govdocs.warehouse.db import reading

    monkeypatch.setenv("GOVDOCS_DUCKDB_MEMORY", "200MB")
    with write_connection(tmp_path / "g.duckdb") as con:
        threads = con.execute("select current_setting('threads')").fetchall()[0][0]
        with reading(con):
            assert _limit(con) == "95.3 MiB"  # 100MB
            assert con.execute("select current_setting('threads')").fetchall() == [(1,)]
        assert _limit(con) == "190.7 MiB"
        assert con.execute("select current_setting('threads')").fetchall() == [(threads,)]
        with pytest.raises(ZeroDivisionError), reading(con):
            raise ZeroDivisionError
        assert _limit(con) == "190.7 MiB"


@pytest.mark.parametrize("setting", ["45.7 MiB", "91.5 MiB", "190.7 MiB", "976.5 MiB", "3.0 GiB", "18.8 GiB"])
def test_a_duckdb_size_setting_read_in_bytes_sets_back_to_itself(setting):
    """DuckDB prints sizes with one truncated decimal; a limit set back from what it printed
    (`reading` restores the limit that way) must print the same, or it drifts down."""
    import duckdb

    from govdocs.warehouse.db import size_bytes

    number, unit = setting.split(" ")
    scale = {"MiB": 1 << 20, "GiB": 1 << 30}[unit]
    assert float(number) * scale <= size_bytes(setting) < (float(number) + 0.1) * scale
    con = duckdb.connect()
    for _ in range(3):
        con.execute(f"set memory_limit = '{size_bytes(_limit(con) if _ else setting)}B'")
        assert _limit(con) == setting


def _cached_mb(con) -> float:
    side = con.cursor()
    try:
        (mb,) = side.execute(
            "select coalesce(sum(memory_usage_bytes), 0) / 1e6 from duckdb_memory() where tag = 'BASE_TABLE'"
        ).fetchall()[0]
    finally:
        side.close()
    return float(mb)


def test_release_cache_hands_back_what_duckdb_cached_and_keeps_the_limit(tmp_path):
    from govdocs.warehouse.db import release_cache

    db = tmp_path / "g.duckdb"
    con = warehouse.connect(db)
    con.execute("create table big as select i, repeat(md5(i::varchar), 100) as s from range(20000) t(i)")
    con.close()
    with write_connection(db) as con:
        limit = _limit(con)
        con.execute("select sum(length(s)) from big").fetchall()
        assert _cached_mb(con) > 20
        release_cache(con)
        assert _cached_mb(con) < 1 and _limit(con) == limit


def test_validation_frames_do_not_keep_what_they_read(tmp_path, monkeypatch):
    """Frame after frame, DuckDB's cache of the blocks read stays about one chunk's worth
    instead of growing with the run until the memory limit stops it."""
    import importlib

    from govdocs.quality.suites import load_suites

    v = importlib.import_module("govdocs.quality.validate")
    db = tmp_path / "g.duckdb"
    con = warehouse.connect(db)
    con.execute(
        "insert into documents (doc_id, url, status, body_text, content_hash, metrics_hash, metric_count, "
        "first_seen_run, last_seen_run, changed_run) "
        "select 'd' || i, 'https://x.gov.cn/' || i, 'ok', repeat(md5(i::varchar), 100), 'h', 'h', 0, 'r', 'r', 'r' "
        "from range(20000) t(i)"
    )
    con.close()
    monkeypatch.setattr(v, "CHUNK_ROWS", 2000)
    (suite,) = [s for s in load_suites() if s.name == "documents"]
    cached = []
    with write_connection(db) as con, con.cursor() as cur:
        for df in v.frames(cur, suite, "r", "run"):
            cached.append(_cached_mb(con))
            assert len(df) <= 2000
    assert len(cached) == 10 and max(cached) < 12, cached


def test_a_crawl_that_runs_out_of_memory_says_so_in_a_few_lines_without_tracebacks(tmp_path):
    """The failure happens inside a Prefect task: Prefect's log lines stay, its tracebacks do
    not (without -v), and the last line is ours, naming the setting."""
    env = {
        "GOVDOCS_DUCKDB_MEMORY": "2MB",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    r = subprocess.run(
        [*GOVDOCS, "crawl", "--source", "sample", "--db", str(tmp_path / "g.duckdb"), "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert len(lines) <= 4 and "raise GOVDOCS_DUCKDB_MEMORY" in lines[-1], r.stderr


def test_a_report_from_a_locked_snapshot_keeps_the_snapshots_settings(tmp_path):
    """`govdocs report` reads a snapshot when a crawl holds the file; its configuration is
    locked, and `reading` must leave it alone instead of failing."""
    from govdocs import quality
    from govdocs.warehouse.db import reading, release_cache
    from govdocs.warehouse.query import sandboxed

    db = tmp_path / "g.duckdb"
    con = warehouse.connect(db)
    run = warehouse.start_run(con, source="sample")
    con.execute("checkpoint")
    con.close()
    with sandboxed(db) as snap:
        before = (_limit(snap), snap.execute("select current_setting('threads')").fetchall())
        with reading(snap):
            release_cache(snap)
        assert (_limit(snap), snap.execute("select current_setting('threads')").fetchall()) == before
        path = quality.write_report(snap, tmp_path / "out", run, gx_docs=False)
    assert path.exists()


def test_reading_and_release_cache_restore_an_unlimited_connection():
    import duckdb

    from govdocs.warehouse.db import reading, release_cache

    con = duckdb.connect()
    con.execute("set memory_limit = '-1'")
    unlimited = _limit(con)
    with reading(con):
        release_cache(con)
    release_cache(con)
    assert _limit(con) == unlimited and con.execute("select 1").fetchall() == [(1,)]


def test_a_report_query_too_big_for_half_the_limit_gets_the_whole_of_it(tmp_path, monkeypatch):
    """The report reads under half of DuckDB's limit; one query that runs out there (at
    100,000 pages, the figure counts) is run again under the whole limit, which is then restored."""
    import importlib

    import duckdb

    from govdocs.warehouse.db import reading

    report = importlib.import_module("govdocs.quality.report")
    big = "select len(list(i)) as n from range(4000000) t(i)"  # held in memory: more than 48 MB, less than 96
    monkeypatch.setattr(report.sqlfiles, "statements", lambda name: (big,))
    con = duckdb.connect(config={"memory_limit": "96MB"})
    with reading(con):
        half = _limit(con)
        with pytest.raises(duckdb.OutOfMemoryException):
            con.execute(big).fetchall()
        assert report._q(con, "any") == (["n"], [(4000000,)])
        assert _limit(con) == half
