"""A crawl SIGKILLed at random moments (crawling, committing, validating) resumes: nothing
lost, nothing twice, nothing fetched again but the pages that were in flight, and every
WARC file passes `warcio check`. The real CLI in subprocesses against a 1,500-page site."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from govdocs import pipeline
from govdocs.sources import source_for_url
from tests import loopback
from tests.generated_site import GeneratedSite

pytestmark = pytest.mark.slow
GOVDOCS = [sys.executable, "-m", "govdocs.cli"]
DETAILS = 1500
COMMIT_PAGES = 50  # pages per commit in the killed runs: the most a kill may cost is ~2 batches


def crawl_cmd(base: str, db: Path) -> list[str]:
    return [
        *GOVDOCS,
        "crawl",
        "--url",
        base + "col/index.html",
        "--db",
        str(db),
        "--delay",
        "0",
        "--max-pages",
        "5000",
        "--json",
        "--quiet",
    ]


def kill_when(cmd: list[str], ready: Callable[[], bool], env: dict[str, str], timeout: float = 120) -> bool:
    """Run `cmd` and SIGKILL it (the whole group: CLI and its Prefect server) once `ready()`;
    False when it ended by itself first."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return False


def contents(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "pages": con.execute("select url, status, kind, content_hash from pages order by url").fetchall(),
            "documents": con.execute(
                "select doc_id, url, title, published_date, publisher, content_hash from documents order by doc_id"
            ).fetchall(),
            "metrics": con.execute("select doc_id, label, value, unit from metrics order by all").fetchall(),
        }
    finally:
        con.close()


def test_sigkill_at_random_points_then_resume_gives_the_uninterrupted_result(tmp_path):
    rng = random.Random(int(os.environ.get("GOVDOCS_KILL_SEED", "20261201")))
    # the runs' own Prefect home: a killed ephemeral server must not disturb anyone else's
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "GOVDOCS_COMMIT_PAGES": str(COMMIT_PAGES)}
    site = GeneratedSite(DETAILS)
    with loopback.serve(site) as (base, _log):
        clean = tmp_path / "clean" / "govdocs.duckdb"  # the uninterrupted run, without Prefect
        pipeline.crawl_and_load(source_for_url(base + "col/index.html", delay_s=0.0), clean, max_pages=5000)
        expected = contents(clean)
        assert len(expected["documents"]) == DETAILS  # the site's truth
        site.detail_bodies = 0

        db = tmp_path / "killed" / "govdocs.duckdb"
        kills = 0
        started = time.monotonic()
        # kill 1 and 2 while crawling, at random pages; kill 3 after the last page came in,
        # at a random moment of the last commits, the validation or the report
        for low, high in ((50, 600), (700, 1400)):
            target = rng.randint(low, high)
            kills += kill_when(crawl_cmd(base, db), lambda t=target: site.detail_bodies >= t, env)
        late: dict[str, float | None] = {"at": None}
        wait = rng.uniform(0.0, 4.0)

        def after_last_page() -> bool:
            if late["at"] is None and site.detail_bodies >= DETAILS:
                late["at"] = time.monotonic()
            at = late["at"]
            return at is not None and time.monotonic() - at >= wait

        kills += kill_when(crawl_cmd(base, db), after_last_page, env)
        done = subprocess.run(crawl_cmd(base, db), capture_output=True, text=True, timeout=300, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
        elapsed = time.monotonic() - started
        refetched = site.detail_bodies - DETAILS

    assert kills >= 2, f"only {kills} of the runs were still going when killed ({elapsed:.0f} s)"
    print(f"{kills} kills, {refetched} detail bodies fetched again, {elapsed:.1f} s")
    assert contents(db) == expected
    # what was committed was never asked for again: only the batches in flight were redone
    assert 0 <= refetched <= kills * (2 * COMMIT_PAGES + 1), refetched
    con = duckdb.connect(str(db), read_only=True)
    try:
        runs = con.execute("select status, attempts from runs order by started_at").fetchall()
        assert con.execute("select count(*) from frontier where state <> 'skipped'").fetchone() == (0,)
    finally:
        con.close()
    assert runs[-1][0] == "finished" and all(status != "running" for status, _ in runs), runs
    assert max(attempts for _, attempts in runs) >= 3  # the killed crawls were resumed, not restarted
    warcio = Path(sys.executable).with_name("warcio")
    warcs = sorted((db.parent / "warc").glob("*.warc.gz"))
    assert len(warcs) >= 3  # a new file per attempt that got as far as crawling
    for warc in warcs:
        check = subprocess.run([str(warcio), "check", str(warc)], capture_output=True, text=True)
        assert check.returncode == 0, f"{warc.name}: {check.stdout[-500:]}{check.stderr[-500:]}"
