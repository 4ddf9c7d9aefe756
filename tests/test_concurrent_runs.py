"""Many runs, one warehouse: two crawls of two sites started at the same moment on one --db
both succeed, and `govdocs sql` answers throughout. The real CLI in two processes, talking
to one real Prefect server (the session harness), so the runs also take the writer's global
concurrency limit around their commits, as runs on two Prefect workers would."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb
import pytest

from tests import loopback
from tests.generated_site import GeneratedSite

pytestmark = pytest.mark.slow
GOVDOCS = [sys.executable, "-m", "govdocs.cli"]


def test_two_sites_crawled_at_once_into_one_warehouse(tmp_path, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "GOVDOCS_COMMIT_PAGES": "40"}
    db = tmp_path / "wh" / "govdocs.duckdb"
    a, b = GeneratedSite(300), GeneratedSite(300, per_list=20, org="11500106MB1234567Y")
    with loopback.serve(a) as (base_a, _), loopback.serve(b, host="127.0.0.2") as (base_b, _):
        crawls = [
            subprocess.Popen(
                [
                    *GOVDOCS,
                    "crawl",
                    "--url",
                    base + "col/index.html",
                    "--db",
                    str(db),
                    "--delay",
                    "0",
                    "--json",
                    "--quiet",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for base in (base_a, base_b)
        ]
        answers = []
        while any(p.poll() is None for p in crawls):
            if db.exists():
                q = subprocess.run(
                    [*GOVDOCS, "sql", "select count(*) as n from documents", "--db", str(db), "--format", "csv"],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=60,
                )
                answers.append((q.returncode, q.stdout, q.stderr[-300:]))
            time.sleep(0.2)
        outs = [p.communicate() for p in crawls]
    for p, (_out, err) in zip(crawls, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
    assert answers and all(rc == 0 for rc, _, _ in answers), answers
    con = duckdb.connect(str(db), read_only=True)
    try:
        hosts = con.execute("select split_part(url, '/', 3) as host, count(*) from documents group by 1 order by 1")
        by_host = dict(hosts.fetchall())
        runs = con.execute("select source, status from runs order by source").fetchall()
    finally:
        con.close()
    assert by_host == {base_a.split("/")[2]: 300, base_b.split("/")[2]: 300}
    assert [s for _, s in runs] == ["finished", "finished"]
