select count(*) from dq_quarantine where dq_run_id = $dq_run_id;
