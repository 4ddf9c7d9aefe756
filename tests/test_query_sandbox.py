"""The `govdocs sql` sandbox: nothing writable, streamed and capped results, safe --out."""

from __future__ import annotations

import duckdb
import pyarrow.parquet as pq
import pytest

from govdocs.warehouse.db import WarehouseError
from govdocs.warehouse.query import (
    OutputRefused,
    QueryError,
    ResultTooLarge,
    check_output,
    iter_rows,
    query,
    query_arrow,
    take,
    write_parquet,
)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table docs as select i as id, 'title ' || i as title from range(50) t(i)")
    con.close()
    return path


def test_spilling_is_off_so_the_temp_folder_cannot_be_written(db):
    spill = db.with_name(db.name + ".tmp")
    spill.mkdir()  # what DuckDB creates after a query larger than memory, with spilling on
    _, rows = query(db, "select current_setting('temp_directory')")
    assert rows == [("",)]
    with pytest.raises(QueryError):
        query(db, f"copy (select 1) to '{spill / 'x.csv'}'")
    assert list(spill.iterdir()) == []


def test_files_outside_stay_unreadable(db, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    with pytest.raises(QueryError, match=r"disabled by configuration|Permission"):
        query(db, f"select * from read_text('{tmp_path / 'secret.txt'}')")


def test_read_blob_of_the_warehouse_itself_is_allowed(db):
    # Intended (see query.py): DuckDB always allows its own file; the bytes show nothing
    # a read-only query of the tables could not.
    _, rows = query(db, f"select size from read_blob('{db}')")
    assert rows[0][0] == db.stat().st_size


def test_results_stream_and_stop_at_the_caps(db):
    with iter_rows(db, "select id, title from docs order by id") as rows:
        assert rows.columns == ["id", "title"]
        kept, cut = take(rows, max_rows=5, max_bytes=10_000)
    assert [r[0] for r in kept] == [0, 1, 2, 3, 4] and cut == "rows"
    with iter_rows(db, "select repeat('x', 1000) from range(100)") as rows:
        kept, cut = take(rows, max_rows=None, max_bytes=5_500)
    assert len(kept) == 5 and cut == "bytes"
    with iter_rows(db, "select id from docs") as rows:
        kept, cut = take(rows, max_rows=None, max_bytes=10_000)
    assert len(kept) == 50 and cut is None


def test_query_refuses_results_past_max_bytes(db):
    with pytest.raises(ResultTooLarge):
        query(db, "select repeat('x', 1000000) from range(20)", max_bytes=5_000_000)
    with pytest.raises(ResultTooLarge):
        query_arrow(db, "select repeat('x', 1000000) from range(20)", max_bytes=5_000_000)


def test_out_refuses_the_warehouse_and_its_wal(db):
    for target in (db, db.with_name(db.name + ".wal"), db.with_name(db.name + ".tmp") / "x.parquet"):
        with pytest.raises(OutputRefused, match="warehouse"):
            write_parquet(db, "select 1", target, force=True)
    assert query(db, "select count(*) from docs")[1] == [(50,)]  # intact


def test_out_refuses_existing_files_unless_forced(db, tmp_path):
    out = tmp_path / "docs.parquet"
    assert write_parquet(db, "select * from docs where id < ?", out, [10]) == 10
    assert pq.read_table(out).num_rows == 10
    with pytest.raises(OutputRefused, match="--force"):
        write_parquet(db, "select * from docs", out)
    assert pq.read_table(out).num_rows == 10
    assert write_parquet(db, "select * from docs", out, force=True) == 50
    with pytest.raises(OutputRefused, match="directory"):
        check_output(tmp_path, db, force=True)


def test_a_failed_query_leaves_no_partial_file(db, tmp_path):
    out = tmp_path / "bad.parquet"
    with pytest.raises(QueryError):
        write_parquet(db, "select * from no_such_table", out)
    assert list(tmp_path.glob("*bad.parquet*")) == []


def test_not_a_warehouse(tmp_path):
    (tmp_path / "notes.duckdb").write_text("not a database")
    with pytest.raises(WarehouseError, match="not a DuckDB warehouse file"):
        query(tmp_path / "notes.duckdb", "select 1")
    with pytest.raises(WarehouseError, match="is a directory"):
        query(tmp_path, "select 1")


def test_an_open_writer_in_this_process_means_a_snapshot(db):
    writer = duckdb.connect(str(db))
    try:
        writer.execute("insert into docs values (99, 'new')")
        assert query(db, "select count(*) from docs")[1] == [(51,)]
    finally:
        writer.close()
