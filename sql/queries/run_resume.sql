update runs
set status = 'running', attempts = coalesce(attempts, 1) + 1, finished_at = null
where run_id = $run_id;
