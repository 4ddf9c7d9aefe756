"""`--db` files the warehouse cannot use, and a disk that fills up during a load: one clear
line from every command, never a traceback, and the warehouse stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from govdocs import warehouse as wh
from govdocs.cli import main
from tests.test_warehouse import page, record

COMMANDS = [
    ["sql", "select 1"],
    ["export"],
    ["report"],
    ["reextract"],
    ["demo", "--quiet"],
    ["crawl", "--url", "http://127.0.0.1:9/", "--quiet"],
    ["serve", "--dry-run"],
]


def _directory(tmp: Path) -> tuple[Path, str]:
    d = tmp / "adir"
    d.mkdir()
    return d, "is a directory"


def _not_duckdb(tmp: Path) -> tuple[Path, str]:
    f = tmp / "notes.duckdb"
    f.write_text("not a database\n")
    return f, "is not a DuckDB warehouse file"


def _changed_checksum(tmp: Path) -> tuple[Path, str]:
    f = tmp / "changed.duckdb"
    wh.connect(f).close()
    con = duckdb.connect(str(f))
    con.execute("update schema_migrations set checksum = 'x' where version = 3")
    con.close()
    return f, "003_views.sql changed after it was applied"


def _newer_schema(tmp: Path) -> tuple[Path, str]:
    f = tmp / "newer.duckdb"
    wh.connect(f).close()
    con = duckdb.connect(str(f))
    con.execute("insert into schema_migrations values (999, 'from_the_future', 'x', now())")
    con.close()
    return f, "written by a newer govdocs"


BAD_FILES = {
    "directory": _directory,
    "not_duckdb": _not_duckdb,
    "changed_checksum": _changed_checksum,
    "newer_schema": _newer_schema,
}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_bad_db_is_one_line_from_every_command(tmp_path: Path, kind: str, command: list[str], capsys):
    db, expected = BAD_FILES[kind](tmp_path)
    before = db.read_bytes() if db.is_file() else None
    assert main([*command, "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("govdocs: error: ") and expected in err[0], err
    if before is not None:
        assert db.read_bytes() == before  # nothing written to a file we refused


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_db_raises_warehouse_error_from_the_library(tmp_path: Path, kind: str):
    db, expected = BAD_FILES[kind](tmp_path)
    for open_it in (wh.connect, lambda p: wh.connect(p, read_only=True), lambda p: wh.query(p, "select 1")):
        with pytest.raises(wh.WarehouseError, match=expected):
            open_it(db)


def test_disk_full_during_a_load_reports_the_cause_and_keeps_the_warehouse(tmp_path: Path):
    db = tmp_path / "full.duckdb"
    con = wh.connect(db)
    run = wh.start_run(con, source="sample")
    wh.load_pages(con, run, [page("https://gov.example/0.html")])
    wh.load_records(con, run, [record("https://gov.example/0.html")])
    con.close()
    wal = db.with_name(db.name + ".wal")
    assert not wal.exists()
    os.symlink("/dev/full", wal)  # every write to the WAL fails with ENOSPC, like a full disk
    try:
        con = wh.connect(db)
        big = [record(f"https://gov.example/{i}.html", index_no=None, body="正文" * 2000) for i in range(1, 200)]
        with pytest.raises(wh.WarehouseFull) as exc:
            wh.load_records(con, run, big)
        message = str(exc.value)
        assert "no space left on device" in message and "cannot rollback" not in message
        assert "\n" not in message
        con.close()
    finally:
        wal.unlink()
    con = wh.connect(db)
    assert con.execute("select count(*) from documents").fetchall() == [(1,)]
    assert con.execute("select count(*) from pages").fetchall() == [(1,)]
    con.close()
