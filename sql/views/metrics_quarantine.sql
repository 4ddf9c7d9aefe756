-- Figures held back from the analyst views: their own failed expectations, their document's, or no document.
create or replace view metrics_quarantine as
with mq as (
    select
        row_key as metric_id,
        case when bool_or(severity = 'critical') then 'critical' else 'warning' end as severity,
        string_agg(coalesce(reason, expectation_type), '; ' order by expectation_id) as reason,
        list(expectation_id order by expectation_id) as expectations,
        max(dq_run_id) as dq_run_id,
        max(run_id)    as quarantined_in_run
    from quarantine
    where table_name = 'metrics'
    group by row_key
),
dq as (
    select doc_id, severity, reason, expectations, dq_run_id, quarantined_in_run
    from documents_quarantine
)
select
    m.*,
    coalesce(mq.severity, dq.severity, 'critical') as severity,
    concat_ws('; ',
              mq.reason,
              case when dq.doc_id is not null then 'document quarantined: ' || dq.reason end,
              case when d.doc_id is null then 'document missing' end) as reason,
    list_concat(coalesce(mq.expectations, []), coalesce(dq.expectations, [])) as expectations,
    coalesce(mq.dq_run_id, dq.dq_run_id) as dq_run_id,
    coalesce(mq.quarantined_in_run, dq.quarantined_in_run) as quarantined_in_run,
    d.report_year
from metrics m
left join mq using (metric_id)
left join dq on dq.doc_id = m.doc_id
left join documents d on d.doc_id = m.doc_id
where mq.metric_id is not null or dq.doc_id is not null or d.doc_id is null;
