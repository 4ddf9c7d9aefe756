"""The flows' orchestration: artifacts read back from the Prefect server, the per-host crawl
limit, run timings; and the plain helpers behind them."""

from __future__ import annotations

import json

import pytest

from govdocs.orchestration import artifact_key, chunked, crawl_limit_names, limit_name, overhead_pct, timed
from govdocs.samplesite.server import serve_site

# --- plain helpers (no Prefect) ----------------------------------------------------------


def test_chunked_keeps_order_and_sizes():
    assert chunked(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert chunked([], 5) == []
    with pytest.raises(ValueError):
        chunked([1], 0)


def test_overhead_pct():
    assert overhead_pct(10.0, 9.0) == 10.0
    assert overhead_pct(10.0, 11.0) == 0.0
    assert overhead_pct(0.0, 0.0) == 0.0
    t = timed(sum, [1, 2, 3])
    assert t.value == 6 and t.seconds >= 0


def test_limit_names_are_per_host_not_per_port():
    assert limit_name("www.cqspb.gov.cn") == "govdocs-crawl-www.cqspb.gov.cn"
    names = crawl_limit_names(["http://127.0.0.1:8001/", "http://127.0.0.1:9002/x", "https://A.example/"])
    assert names == ["govdocs-crawl-127.0.0.1", "govdocs-crawl-a.example"]


def test_artifact_keys_name_the_source_in_prefects_alphabet():
    assert artifact_key("crawl", "summary", "cqspb") == "crawl-summary-cqspb"
    assert artifact_key("crawl", "failures", "127.0.0.1-8000") == "crawl-failures-127-0-0-1-8000"
    assert artifact_key("import", "summary", "warc_import") == "import-summary-warc-import"
    assert artifact_key("validate", "summary", None) == "validate-summary-all"
    assert artifact_key("crawl", "summary", "沙坪坝") == "crawl-summary-all"  # nothing left of the name


def test_readme_lists_the_crawl_flows_parameters_as_its_signature_has_them():
    """The README's table is the flow's signature and docstring (`python -m flows.parameters_doc`)."""
    import inspect

    from flows.parameters_doc import README, parameters_table, readme_table
    from flows.pipeline import crawl_flow

    table = readme_table(README.read_text(encoding="utf-8"))
    assert table == parameters_table(crawl_flow), "README.md is stale: run `python -m flows.parameters_doc`"
    listed = [line.split("|")[1].strip().strip("`") for line in table.splitlines()[2:]]
    assert listed == list(inspect.signature(crawl_flow.fn).parameters)


def test_an_undocumented_flow_parameter_is_refused():
    from prefect import flow

    from flows.parameters_doc import parameters_table

    @flow(name="half-documented")
    def half(a: int, b: str = "x") -> None:
        """Does little.

        Args:
            a: The first.
        """

    with pytest.raises(ValueError, match="half-documented: no description of b"):
        parameters_table(half)


# --- flows on the Prefect test server ----------------------------------------------------


def _artifacts(flow_run_id):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in found}


@pytest.fixture(scope="module")
def crawl_run(tmp_path_factory, prefect_harness):
    from flows.pipeline import crawl_flow

    db = tmp_path_factory.mktemp("flows") / "govdocs.duckdb"
    with serve_site() as base:
        state = crawl_flow(source_name="sample", db_path=str(db), base=base, return_state=True)
    return db, state.state_details.flow_run_id, state.result()


@pytest.mark.slow
def test_crawl_publishes_summary_and_failures(crawl_run):
    db, flow_run_id, summary = crawl_run
    arts = _artifacts(flow_run_id)
    assert {"crawl-summary-sample", "crawl-failures-sample"} <= set(arts)  # keyed by source
    md = arts["crawl-summary-sample"].data
    assert arts["crawl-summary-sample"].type == "markdown"
    for needle in (
        summary["run_id"],
        f"**pages fetched**: {summary['pages_fetched']}",
        f"**documents**: {summary['documents']}",
        f"**figures**: {summary['metrics']}",
        "**blocked pages**: 0",
        "**quality**: passed",
        "orchestration overhead",
        "table `crawl-failures-sample`",
    ):
        assert needle in md, needle
    table = arts["crawl-failures-sample"].data
    table = json.loads(table) if isinstance(table, str) else table
    pages = [r for r in table if r["kind"] != "expectation"]  # failed info/warning checks follow
    assert all(r["url"] and r["reason"] for r in pages)
    # every page that is not ok is listed, except attachments that were downloaded and stored
    stored = _query(
        db, "select url from pages where kind = 'attachment' and error_reason like 'attachment stored at %'"
    )
    assert stored  # the sample site's one PDF that exists
    assert not {u for (u,) in stored} & {r["url"] for r in pages}
    not_ok = {k: v for k, v in summary["pages_by_status"].items() if k != "ok"}
    assert len(pages) == sum(not_ok.values()) - len(stored) > 0
    assert {r["status"] for r in pages} == {"error_page"}
    assert {r["kind"] for r in pages} == {"attachment", "detail"}  # the 404 attachments are failures


def _query(db, sql):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_crawl_reports_its_orchestration_overhead(crawl_run):
    _db, _id, summary = crawl_run
    assert 0 < summary["work_seconds"] <= summary["flow_seconds"]
    # the share is the flow's wall time not spent in our functions; its size (< 10 % on a quiet
    # machine) is measured in benchmarks/bench_reextract.py, not asserted in a timed test
    expected = 100 * (summary["flow_seconds"] - summary["work_seconds"]) / summary["flow_seconds"]
    assert summary["orchestration_overhead_pct"] == pytest.approx(expected, abs=0.2)


@pytest.mark.slow
def test_crawl_limit_exists_with_one_slot_and_is_left_alone(crawl_run):
    from prefect import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate

    from flows.limits import ensure_limits

    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name("govdocs-crawl-127.0.0.1").limit == 1
        assert ensure_limits(["govdocs-crawl-127.0.0.1"]) == []
        assert ensure_limits(["govdocs-test-new"], 2) == ["govdocs-test-new"]
        client.update_global_concurrency_limit("govdocs-test-new", GlobalConcurrencyLimitUpdate(limit=5))
        ensure_limits(["govdocs-test-new"], 2)  # an operator's change stays
        assert client.read_global_concurrency_limit_by_name("govdocs-test-new").limit == 5


@pytest.mark.slow
def test_a_held_host_slot_makes_the_crawl_wait(crawl_run, monkeypatch):
    """Another run holding the host's slot: the fetch cannot start (strict, no silent bypass)."""
    from prefect.concurrency.sync import concurrency

    import flows.pipeline as fp

    db, _id, _summary = crawl_run
    monkeypatch.setattr(fp, "LIMIT_WAIT_S", 1.0)
    with serve_site() as base, concurrency("govdocs-crawl-127.0.0.1", occupy=1, strict=True):
        state = fp.crawl_flow(source_name="sample", db_path=str(db), base=base, max_pages=3, return_state=True)
    assert state.is_failed()
    with pytest.raises(fp.HostBusy):
        state.result()


@pytest.mark.slow
def test_validate_flow_checks_the_whole_warehouse(crawl_run):
    from flows.pipeline import validate_flow

    db, _id, crawl = crawl_run
    state = validate_flow(db_path=str(db), return_state=True)
    summary = state.result()
    assert summary["dq_success"] is True and summary["scope"] == "all"
    assert summary["rows_validated"]["documents"] == crawl["documents"]
    arts = _artifacts(state.state_details.flow_run_id)
    assert "**quality**: passed" in arts["validate-summary-all"].data
    assert "validate-failures-all" in arts


@pytest.mark.slow
def test_reextract_publishes_its_artifacts(crawl_run, tmp_path):
    import shutil

    from flows.pipeline import reextract_flow

    db, _id, crawl = crawl_run
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    state = reextract_flow(db_path=str(copy), chunk_pages=20, return_state=True)
    summary = state.result()
    assert summary["chunks"] == -(-summary["archived_pages"] // 20) >= 3
    assert summary["documents"] == crawl["documents"] and summary["changed_documents"] == 0
    arts = _artifacts(state.state_details.flow_run_id)
    md = arts["reextract-summary-all"].data
    assert f"**reextracted**: {summary['reextracted']}" in md and "**quality**: passed" in md
    assert "reextract-failures-all" in arts
