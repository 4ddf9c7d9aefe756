update runs
set status = 'failed', finished_at = now(), reason = $reason, counts = $counts
where run_id = $run_id;
