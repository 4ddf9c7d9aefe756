-- The run to report on: $run_id, or the latest run when $run_id is null.
select run_id, source, started_at, finished_at, status, counts
from runs
where $run_id is null or run_id = $run_id
order by started_at desc
limit 1;
