-- Pages named by a failed critical or warning expectation.
create or replace view pages_quarantine as
select p.*, q.severity, q.reason, q.expectations, q.dq_run_id, q.quarantined_in_run
from pages p
join (
    select
        row_key as url,
        case when bool_or(severity = 'critical') then 'critical' else 'warning' end as severity,
        string_agg(coalesce(reason, expectation_type), '; ' order by expectation_id) as reason,
        list(expectation_id order by expectation_id) as expectations,
        max(dq_run_id) as dq_run_id,
        max(run_id)    as quarantined_in_run
    from quarantine
    where table_name = 'pages'
    group by row_key
) q using (url);
