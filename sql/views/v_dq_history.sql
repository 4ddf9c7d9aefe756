-- Quality over time: one row per validation.
create or replace view v_dq_history as
select
    r.dq_run_id,
    r.run_id,
    coalesce(ru.source, '') as source,
    r.scope,
    r.started_at,
    r.success,
    r.critical_failures,
    r.warnings,
    r.infos,
    r.quarantined,
    x.n_expectations,
    x.n_failed,
    round(1 - x.n_failed / nullif(x.n_expectations, 0), 4) as pass_rate,
    r.row_counts
from dq_runs r
left join runs ru using (run_id)
left join (
    select dq_run_id, count(*) as n_expectations, count(*) filter (where not success) as n_failed
    from dq_results
    group by dq_run_id
) x using (dq_run_id);
