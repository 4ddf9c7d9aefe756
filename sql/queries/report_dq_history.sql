-- Quality over time: the last $limit validations (newest first).
select dq_run_id, run_id, source, scope, started_at, success, critical_failures, warnings,
       infos, quarantined, n_expectations, n_failed, pass_rate
from v_dq_history
order by started_at desc
limit $limit;
