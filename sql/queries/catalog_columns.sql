-- `govdocs schema TABLE`: the columns of one table or view, in order.
select column_name as name, data_type as type, is_nullable as nullable, comment
from duckdb_columns()
where database_name = current_database() and schema_name = $schema and table_name = $name
order by column_index;
