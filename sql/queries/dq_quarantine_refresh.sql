-- The current quarantine after a validation, from its failures (stg_dq_quarantine). The rows
-- it checked have already lost their old verdicts (validate._store_quarantine), so a fixed
-- row leaves quarantine; a row not checked keeps its last verdict; a deleted row leaves.
delete from quarantine q
where (q.table_name = 'documents' and not exists (select 1 from documents d where d.doc_id = q.row_key))
   or (q.table_name = 'metrics' and not exists (select 1 from metrics m where m.metric_id = q.row_key))
   or (q.table_name = 'pages' and not exists (select 1 from pages p where p.url = q.row_key));

insert into quarantine
select table_name, row_key, expectation_id, any_value(expectation_type), any_value(column_name),
       any_value(severity), any_value(reason), any_value(bad_value), $dq_run_id, $run_id
from stg_dq_quarantine
group by table_name, row_key, expectation_id;
