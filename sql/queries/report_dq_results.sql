select suite, expectation_type, column_name, severity, success, element_count,
       unexpected_count, unexpected_percent, details
from dq_results
where dq_run_id = $dq_run_id
order by success, case severity when 'critical' then 0 when 'warning' then 1 else 2 end,
         expectation_id;
