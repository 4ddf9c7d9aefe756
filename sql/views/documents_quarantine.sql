-- Documents held back from the analyst views, with why (severity, reasons, expectations).
create or replace view documents_quarantine as
select d.*, q.severity, q.reason, q.expectations, q.dq_run_id, q.quarantined_in_run
from documents d
join (
    select
        row_key as doc_id,
        case when bool_or(severity = 'critical') then 'critical' else 'warning' end as severity,
        string_agg(coalesce(reason, expectation_type), '; ' order by expectation_id) as reason,
        list(expectation_id order by expectation_id) as expectations,
        max(dq_run_id) as dq_run_id,
        max(run_id)    as quarantined_in_run
    from quarantine
    where table_name = 'documents'
    group by row_key
) q using (doc_id);
