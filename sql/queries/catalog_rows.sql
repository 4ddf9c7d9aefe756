-- `govdocs tables`: the row count of one table or view; the name is bound, never formatted in.
select count(*) as n from query_table($name);
