"""Re-extraction on a Dask cluster (2 local workers) gives the same warehouse rows as the
default task runner."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from govdocs import pipeline
from govdocs.samplesite.server import serve_site
from govdocs.sources import load_source

pytestmark = pytest.mark.slow

RUN_COLUMNS = {"first_seen_run", "last_seen_run", "changed_run", "run_id"}


@pytest.fixture(scope="module")
def crawled_db(tmp_path_factory):
    """The sample site crawled into a warehouse with the plain functions (no Prefect)."""
    db = tmp_path_factory.mktemp("dask") / "govdocs.duckdb"
    with serve_site() as base:
        pipeline.crawl_and_load(load_source("sample", base=base), db)
    return db


def wiped_copy(db, path):
    shutil.copy(db, path)
    con = duckdb.connect(str(path))
    con.execute("delete from metrics")
    con.execute("delete from documents")
    con.close()
    return path


def rows(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall() if r[0] not in RUN_COLUMNS]
        return cols, con.execute(f"select {', '.join(cols)} from {table} order by all").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "processes"])
def test_reextract_on_dask_matches_the_default_runner(crawled_db, tmp_path, prefect_harness, processes):
    from flows.pipeline import reextract_flow
    from flows.runners import dask_runner

    plain = wiped_copy(crawled_db, tmp_path / "default.duckdb")
    dasked = wiped_copy(crawled_db, tmp_path / "dask.duckdb")

    a = reextract_flow(db_path=str(plain), chunk_pages=10)
    on_dask = reextract_flow.with_options(task_runner=dask_runner(n_workers=2, processes=processes))
    b = on_dask(db_path=str(dasked), chunk_pages=10)

    assert a["chunks"] == b["chunks"] >= 4
    assert a["reextracted"] == b["reextracted"] == a["archived_pages"] > 40
    assert a["archive_failures"] == b["archive_failures"] == 0
    assert a["documents"] == b["documents"] > 40 and a["metrics"] == b["metrics"] > 300
    for table in ("documents", "metrics"):
        assert rows(plain, table) == rows(dasked, table), table
    assert rows(plain, "documents") == rows(crawled_db, "documents")
