-- Quarantined rows staged as the Arrow table stg_dq_quarantine (one per row key and expectation).
insert into dq_quarantine
select dq_run_id, run_id, table_name, row_key, expectation_id, expectation_type,
       column_name, severity, any_value(bad_value)
from stg_dq_quarantine
group by all;
