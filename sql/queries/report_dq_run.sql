select dq_run_id, scope, started_at, finished_at, success, critical_failures, warnings, infos, row_counts
from dq_runs
where run_id = $run_id
order by started_at desc
limit 1;
