insert into dq_runs (dq_run_id, run_id, scope, started_at)
values ($dq_run_id, $run_id, $scope, now());
