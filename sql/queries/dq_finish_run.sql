update dq_runs
set finished_at = now(), success = $success, critical_failures = $critical_failures,
    warnings = $warnings, infos = $infos, row_counts = $row_counts, quarantined = $quarantined
where dq_run_id = $dq_run_id;
