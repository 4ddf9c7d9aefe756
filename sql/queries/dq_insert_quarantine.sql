-- Quarantined rows staged as stg_dq_quarantine (the validation's Parquet spool; one per row key and
-- expectation), kept as history: at most $limit rows per expectation and validation.
insert into dq_quarantine
select dq_run_id, run_id, table_name, row_key, expectation_id, expectation_type,
       column_name, severity, bad_value
from (
    select dq_run_id, run_id, table_name, row_key, expectation_id, any_value(expectation_type) as expectation_type,
           any_value(column_name) as column_name, any_value(severity) as severity,
           any_value(bad_value) as bad_value
    from stg_dq_quarantine
    group by all
)
qualify row_number() over (partition by expectation_id order by row_key) <= $limit;
