-- Results staged as the Arrow table stg_dq_results.
insert into dq_results
select dq_run_id, run_id, suite, expectation_id, expectation_type, column_name, severity,
       success, element_count, unexpected_count, unexpected_percent, details, now()
from stg_dq_results;
