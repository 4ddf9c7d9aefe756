-- Frame for expectations/partition.json, read after the quarantine is updated: every
-- document (metric) must be in exactly one of v_documents / documents_quarantine
-- (v_metrics / metrics_quarantine), and nothing in either that is not in the table.
with pub_d as (select doc_id as row_key, count(*) as n from v_documents group by all),
     qua_d as (select doc_id as row_key, count(*) as n from documents_quarantine group by all),
     pub_m as (select metric_id as row_key, count(*) as n from v_metrics group by all),
     qua_m as (select metric_id as row_key, count(*) as n from metrics_quarantine group by all),
     ids as (
         select 'documents' as table_name, doc_id as row_key, true as in_table from documents
         union all
         select 'metrics', metric_id, true from metrics
     ),
     placed as (
         select 'documents' as table_name, row_key, n as n_public, 0 as n_quarantine from pub_d
         union all select 'documents', row_key, 0, n from qua_d
         union all select 'metrics', row_key, n, 0 from pub_m
         union all select 'metrics', row_key, 0, n from qua_m
     ),
     agg as (
         select table_name, row_key, sum(n_public) as n_public, sum(n_quarantine) as n_quarantine
         from placed group by all
     )
select
    coalesce(i.table_name, a.table_name) || ':' || coalesce(i.row_key, a.row_key) as row_id,
    coalesce(i.table_name, a.table_name)            as table_name,
    coalesce(i.in_table, false)                     as in_table,
    coalesce(a.n_public, 0)                         as n_public,
    coalesce(a.n_quarantine, 0)                     as n_quarantine,
    coalesce(a.n_public, 0) + coalesce(a.n_quarantine, 0) as placements
from ids i
full join agg a on a.table_name = i.table_name and a.row_key = i.row_key;
