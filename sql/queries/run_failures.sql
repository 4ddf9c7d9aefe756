-- The pages of a run that are not ok, with reasons (the failures artifact), capped.
select url, kind, status, http_status, error_reason as reason
from pages
where last_seen_run = $run_id and status <> 'ok'
order by url
limit $limit;
