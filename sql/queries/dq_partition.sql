-- Frame for expectations/partition.json, read after the quarantine is updated: every
-- document (metric) must be in exactly one of v_documents / documents_quarantine
-- (v_metrics / metrics_quarantine), and nothing in either that is not in the table.
-- One aggregate per table over the ids of the table, its view and its quarantine (no full
-- join; a separate aggregate per table): DuckDB then finishes the documents' before it
-- builds the figures', and spills within the warehouse connection's memory limit (a full join,
-- or one aggregate over both tables, ran out of 96 MB at 20,000 documents / 900,000 figures).
with d as (
    select doc_id as row_key, 1 as in_table, 0 as pub, 0 as qua from documents
    union all select doc_id, 0, 1, 0 from v_documents
    union all select doc_id, 0, 0, 1 from documents_quarantine
),
m as (
    select metric_id as row_key, 1 as in_table, 0 as pub, 0 as qua from metrics
    union all select metric_id, 0, 1, 0 from v_metrics
    union all select metric_id, 0, 0, 1 from metrics_quarantine
)
select
    'documents:' || row_key             as row_id,
    'documents'                         as table_name,
    max(in_table) = 1                   as in_table,
    cast(sum(pub) as bigint)            as n_public,
    cast(sum(qua) as bigint)            as n_quarantine,
    cast(sum(pub) + sum(qua) as bigint) as placements
from d
group by row_key
union all
select
    'metrics:' || row_key,
    'metrics',
    max(in_table) = 1,
    cast(sum(pub) as bigint),
    cast(sum(qua) as bigint),
    cast(sum(pub) + sum(qua) as bigint)
from m
group by row_key;
