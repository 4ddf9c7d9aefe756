"""A warehouse that documents itself: every table, view and column has a comment from
sql/schema.toml, base tables are typed, views come from sql/views/ and are re-created
idempotently, and the table of columns in sql/README.md is generated from the same file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from govdocs import warehouse as wh
from govdocs.warehouse import schema


@pytest.fixture
def con(tmp_path: Path):
    c = wh.connect(tmp_path / "s.duckdb")
    yield c
    c.close()


def test_every_relation_and_column_has_a_comment(con):
    missing_cols = con.execute("""
        select table_name || '.' || column_name from duckdb_columns()
        where schema_name = 'main' and not internal and comment is null
    """).fetchall()
    assert missing_cols == []
    missing_rel = con.execute("""
        select table_name from duckdb_tables() where comment is null
        union all select view_name from duckdb_views() where not internal and comment is null
    """).fetchall()
    assert missing_rel == []
    n = con.execute("select count(*) from duckdb_columns() where not internal and comment is not null").fetchall()[0][0]
    assert n > 300


def test_schema_file_describes_only_what_exists(con):
    """A stale entry (a renamed or dropped column) fails here instead of describing nothing."""
    present = {}
    for t, c in con.execute("select table_name, column_name from duckdb_columns() where not internal").fetchall():
        present.setdefault(t, set()).add(c)
    for rel in schema.load_schema().values():
        assert rel.name in present, rel.name
        assert set(rel.columns) <= present[rel.name], (rel.name, set(rel.columns) - present[rel.name])


def test_readme_table_of_columns_is_current(con):
    readme = schema.README.read_text(encoding="utf-8")
    assert schema.readme_with_columns(readme, schema.markdown(con)) == readme, (
        "sql/README.md is stale: run python -m govdocs.warehouse.schema --write"
    )


def test_base_tables_are_typed(con):
    types = {
        (t, c): d
        for t, c, d in con.execute(
            "select table_name, column_name, data_type from duckdb_columns() where not internal"
        ).fetchall()
    }
    assert types[("documents", "created_date")] == "DATE"
    assert types[("documents", "published_date")] == "DATE"
    assert types[("document_versions", "published_date")] == "DATE"
    assert types[("documents", "metric_count")] == "BIGINT"
    assert types[("documents", "report_year")] == "INTEGER"
    for key in [("pages", "fetched_at"), ("runs", "started_at"), ("dq_runs", "started_at")]:
        assert types[key] == "TIMESTAMP WITH TIME ZONE", key
    wide = {k: v for k, v in types.items() if v == "HUGEINT" or v.startswith("DECIMAL(38")}
    assert wide == {}  # pandas reads HUGEINT/decimal(38,0) as object


def test_views_are_files_and_recreated_idempotently(tmp_path: Path):
    db = tmp_path / "i.duckdb"
    c = wh.connect(db)
    assert schema.refresh(c) is False  # nothing changed since connect()
    files = {p.stem for p in schema.VIEWS_DIR.glob("*.sql")}
    views = {r[0] for r in c.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert files == views
    # a view dropped or damaged by hand comes back when the definitions change (here: forced)
    c.execute("drop view v_annual_report_metrics")
    c.execute("delete from schema_views")
    c.close()
    c = wh.connect(db)
    assert "v_annual_report_metrics" in {r[0] for r in c.execute("select view_name from duckdb_views()").fetchall()}
    assert c.execute("select comment from duckdb_views() where view_name = 'v_annual_report_metrics'").fetchall()[0][0]
    c.close()


def test_schema_file_is_validated(tmp_path: Path):
    bad = tmp_path / "schema.toml"
    bad.write_text('[tables.x]\ndescripton = "typo"\n', encoding="utf-8")
    with pytest.raises(schema.SchemaFileError, match="unknown keys"):
        schema.load_schema(bad)
    bad.write_text('[views.v]\ndescription = "d"\ninherits = ["nope"]\n', encoding="utf-8")
    with pytest.raises(schema.SchemaFileError, match="inherits unknown"):
        schema.load_schema(bad)


def test_comments_survive_a_read_only_open(tmp_path: Path):
    db = tmp_path / "r.duckdb"
    wh.connect(db).close()
    ro = duckdb.connect(str(db), read_only=True)
    got = ro.execute(
        "select comment from duckdb_columns() where table_name = 'v_metrics' and column_name = 'report_year'"
    ).fetchall()
    ro.close()
    assert got and "reports on" in got[0][0]
