-- GX validation results staged as the Arrow table stg_dq_gx_results (suite, result).
insert into dq_gx_results
select $dq_run_id, suite, result
from stg_dq_gx_results;
