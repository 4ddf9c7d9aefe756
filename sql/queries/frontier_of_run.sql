-- A run's committed frontier, to resume it.
select url, kind, depth, state
from frontier
where run_id = $run_id
order by depth, url;
