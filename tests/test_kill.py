"""A run killed at any moment (SIGKILL) and run again ends with the counts of an
uninterrupted run: nothing lost, nothing twice. Real CLI runs in subprocesses."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from govdocs.samplesite.server import serve_site

pytestmark = pytest.mark.slow
GOVDOCS = [sys.executable, "-m", "govdocs.cli"]


def crawl_cmd(base: str, db: Path) -> list[str]:
    # --delay slows the crawl so that kills land inside fetching as well as loading
    return [*GOVDOCS, "crawl", "--url", base + "zwgk_235/index.html", "--db", str(db), "--delay", "0.03", "--json"]


def run_to_end(cmd, env) -> float:
    started = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, start_new_session=True, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    return time.monotonic() - started


def kill_after(cmd, seconds: float, env) -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env=env)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: CLI and its Prefect server
        proc.wait()


def snapshot(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "pages": con.execute("select count(*), count(distinct url) from pages").fetchone(),
            "documents": con.execute("select count(*), count(distinct doc_id) from documents").fetchone(),
            "metrics": con.execute("select count(*) from metrics").fetchone(),
            "statuses": con.execute("select status, count(*) from pages group by 1 order by 1").fetchall(),
        }
    finally:
        con.close()


def test_sigkill_at_random_points_then_rerun_gives_the_same_counts(tmp_path):
    rng = random.Random(int(os.environ.get("GOVDOCS_KILL_SEED", "20261126")))
    # the runs' own Prefect home: a killed ephemeral server must not disturb anyone else's
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    with serve_site() as base:
        clean = tmp_path / "clean" / "govdocs.duckdb"
        run_to_end(crawl_cmd(base, clean), env)  # pays Prefect's first start-up
        wall = run_to_end(crawl_cmd(base, tmp_path / "timing" / "govdocs.duckdb"), env)
        expected = snapshot(clean)
        assert expected["documents"][0] >= 40
        for i in range(3):
            db = tmp_path / f"killed{i}" / "govdocs.duckdb"
            point = rng.uniform(0.3, 1.0) * wall
            kill_after(crawl_cmd(base, db), point, env)
            run_to_end(crawl_cmd(base, db), env)
            assert snapshot(db) == expected, f"killed at {point:.1f}s of {wall:.1f}s"
