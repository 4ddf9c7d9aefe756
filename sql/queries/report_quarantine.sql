-- The current quarantine with reasons and what the row is (title, figure, URL).
select
    q.table_name,
    q.severity,
    q.reason,
    q.column_name,
    q.bad_value,
    coalesce(d.title, md.title || ' · ' || m.label, p.url) as context,
    q.row_key,
    q.run_id as quarantined_in_run
from quarantine q
left join documents d on q.table_name = 'documents' and d.doc_id = q.row_key
left join metrics m on q.table_name = 'metrics' and m.metric_id = q.row_key
left join documents md on md.doc_id = m.doc_id
left join pages p on q.table_name = 'pages' and p.url = q.row_key
order by case q.severity when 'critical' then 0 else 1 end, q.table_name, q.expectation_id, q.row_key
limit $limit;
