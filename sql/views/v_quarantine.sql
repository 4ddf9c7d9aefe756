-- Rows quarantined by each validation, with when it ran and what the row is.
create or replace view v_quarantine as
select
    q.dq_run_id,
    q.run_id,
    r.started_at as checked_at,
    q.table_name,
    q.row_key,
    q.severity,
    q.expectation_type,
    q.column_name,
    q.bad_value,
    coalesce(d.title, md.title, p.url) as context
from dq_quarantine q
join dq_runs r using (dq_run_id)
left join documents d on q.table_name = 'documents' and d.doc_id = q.row_key
left join metrics m on q.table_name = 'metrics' and m.metric_id = q.row_key
left join documents md on md.doc_id = m.doc_id
left join pages p on q.table_name = 'pages' and p.url = q.row_key;
