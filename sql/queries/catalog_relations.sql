-- `govdocs tables`: every table and view of the warehouse (DuckDB's own catalog objects and
-- temporary ones left out), tables first.
select schema_name, table_name as name, 'table' as kind, comment
from duckdb_tables()
where not internal and not temporary and database_name = current_database()
union all
select schema_name, view_name, 'view', comment
from duckdb_views()
where not internal and not temporary and database_name = current_database()
order by kind, schema_name <> 'main', schema_name, name;
