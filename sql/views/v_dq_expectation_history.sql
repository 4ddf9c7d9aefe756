-- Quality over time per expectation.
create or replace view v_dq_expectation_history as
select r.started_at, x.dq_run_id, x.run_id, x.suite, x.expectation_id, x.expectation_type,
       x.column_name, x.severity, x.success, x.element_count, x.unexpected_count,
       x.unexpected_percent
from dq_results x
join dq_runs r using (dq_run_id);
