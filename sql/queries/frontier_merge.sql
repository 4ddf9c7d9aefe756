-- Staged frontier rows (stg_frontier) of one batch: links discovered (queued) and URLs
-- finished (done / skipped). A finished URL never goes back to queued.
insert into frontier (run_id, url, kind, depth, state, reason)
select run_id, url, kind, depth, state, reason
from stg_frontier
qualify row_number() over (partition by run_id, url order by state = 'queued', ordinal desc) = 1
on conflict (run_id, url) do update set
    state  = case when excluded.state = 'queued' then frontier.state else excluded.state end,
    reason = case when excluded.state = 'queued' then frontier.reason else excluded.reason end;
