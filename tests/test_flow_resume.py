"""A crawl that fails midway is recorded in `runs` with its reason, publishes its artifacts,
and a Prefect retry resumes it: the pages committed before the failure are not fetched again."""

from __future__ import annotations

import duckdb
import pytest

import govdocs.warehouse.writer as writer
from govdocs.orchestration import artifact_key
from govdocs.sources import source_for_url
from tests import loopback
from tests.generated_site import GeneratedSite

pytestmark = pytest.mark.slow


def test_disk_full_midway_is_recorded_and_the_retry_resumes(tmp_path, prefect_harness, monkeypatch):
    from prefect.artifacts import Artifact

    from flows.pipeline import crawl_flow, crawl_task

    real = writer.commit_batch
    calls = {"n": 0}

    def full_disk_on_second_commit(con, items):  # the one fault we cannot make for real here
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(con, items)

    monkeypatch.setattr(writer, "commit_batch", full_disk_on_second_commit)
    monkeypatch.setattr(crawl_task, "retry_delay_seconds", [0.1, 0.1])
    monkeypatch.setenv("GOVDOCS_COMMIT_PAGES", "20")
    monkeypatch.setattr("govdocs.pipeline.COMMIT_PAGES", 20)
    site = GeneratedSite(120)
    db = tmp_path / "wh" / "govdocs.duckdb"
    with loopback.serve(site) as (base, _):
        summary = crawl_flow(url=base + "col/index.html", db_path=str(db), delay_s=0.0)
    assert summary["documents"] == 120 and summary["resumed"] and summary["attempt"] == 2
    # the first attempt committed one batch; the retry fetched everything else exactly once
    # (what was in flight when the commit failed is redone)
    assert 120 <= site.detail_bodies <= 120 + 2 * 20 + 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        ((status, attempts, reason),) = con.execute("select status, attempts, reason from runs").fetchall()
    finally:
        con.close()
    assert (status, attempts) == ("finished", 2) and "No space left on device" in reason
    assert Artifact.get(artifact_key("crawl", "summary", summary["source"])) is not None


def test_a_run_that_keeps_failing_is_failed_with_its_reason(tmp_path, prefect_harness, monkeypatch):
    from prefect.artifacts import Artifact

    from flows.pipeline import crawl_flow, crawl_task

    def always_full(con, items):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "commit_batch", always_full)
    monkeypatch.setattr(crawl_task, "retry_delay_seconds", [0.1, 0.1])
    site = GeneratedSite(30)
    db = tmp_path / "wh" / "govdocs.duckdb"
    with loopback.serve(site) as (base, _), pytest.raises(Exception, match="No space left"):
        crawl_flow(url=base + "col/index.html", db_path=str(db), delay_s=0.0)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select status, reason from runs").fetchall()
    finally:
        con.close()
    assert len(rows) == 1 and rows[0][0] == "failed" and "No space left" in rows[0][1]
    summary = Artifact.get(artifact_key("crawl", "summary", source_for_url(base).name))
    assert summary is not None and "FAILED" in summary.data
