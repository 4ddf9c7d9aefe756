"""The warehouse: DuckDB schema from sql/, the single writer, and sandboxed queries."""

from govdocs.warehouse.db import MigrationError, WarehouseError, WarehouseFull, apply_migrations, connect
from govdocs.warehouse.load import finish_run, load_pages, load_record_tables, load_records, records_tables, start_run
from govdocs.warehouse.query import QueryError, QueryTimeout, query
from govdocs.warehouse.rows import PAGE_KINDS, LoadSummary, PageRow

__all__ = [
    "PAGE_KINDS",
    "LoadSummary",
    "MigrationError",
    "PageRow",
    "QueryError",
    "QueryTimeout",
    "WarehouseError",
    "WarehouseFull",
    "apply_migrations",
    "connect",
    "finish_run",
    "load_pages",
    "load_record_tables",
    "load_records",
    "query",
    "records_tables",
    "start_run",
]
