-- The stored GX validation results of one validation, for the Data Docs site.
select suite, result
from dq_gx_results
where dq_run_id = $dq_run_id
order by suite;
