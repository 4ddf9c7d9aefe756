-- Pages of a run by status, for its summary.
select status, count(*) as n
from pages
where last_seen_run = $run_id
group by status
order by status;
