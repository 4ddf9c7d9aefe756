update runs
set finished_at = now(), status = $status, counts = $counts
where run_id = $run_id;
