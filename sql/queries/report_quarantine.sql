select q.table_name, q.row_key, q.severity, q.expectation_type, q.column_name, q.bad_value,
       coalesce(d.title, p.url) as context
from dq_quarantine q
left join documents d on q.table_name = 'documents' and d.doc_id = q.row_key
left join pages p on q.table_name = 'pages' and p.url = q.row_key
where q.dq_run_id = $dq_run_id
order by case q.severity when 'critical' then 0 else 1 end, q.table_name, q.row_key, q.expectation_id
limit $limit;
