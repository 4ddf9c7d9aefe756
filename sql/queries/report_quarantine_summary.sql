-- The current quarantine by table and reason.
select table_name, severity, expectation_id, reason, count(*) as n_rows
from quarantine
group by all
order by severity, n_rows desc, expectation_id;  -- 'critical' sorts before 'warning'
