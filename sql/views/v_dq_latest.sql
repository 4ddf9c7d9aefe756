-- The expectation results of the latest validation.
create or replace view v_dq_latest as
select r.*
from dq_results r
join (
    select dq_run_id from dq_runs order by started_at desc limit 1
) l using (dq_run_id);
