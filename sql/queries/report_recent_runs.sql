-- The last runs with the verdict of their latest validation.
select
    r.run_id, r.source, r.status, r.started_at, r.finished_at,
    q.success as dq_success, q.critical_failures, q.warnings
from runs r
left join (
    select * from dq_runs
    qualify row_number() over (partition by run_id order by started_at desc) = 1
) q using (run_id)
order by r.started_at desc
limit $limit;
