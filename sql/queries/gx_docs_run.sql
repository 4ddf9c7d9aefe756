-- The run a stored validation belongs to and when it started: GX Data Docs name the
-- validation by them (run name, run time).
select run_id, started_at
from dq_runs
where dq_run_id = $dq_run_id;
