-- Frame for expectations/runs.json: run $run_id's crawl numbers next to the previous run of
-- the same source (scope 'all': the latest run of every source).
with s as (
    select
        *,
        lag(run_id) over w             as prev_run_id,
        lag(docs_per_list_page) over w as prev_docs_per_list_page
    from dq_run_stats
    window w as (partition by source order by started_at, run_id)
)
select
    run_id,
    source,
    pages,
    list_pages,
    documents,
    blocked_pages,
    docs_per_list_page,
    prev_run_id,
    prev_docs_per_list_page,
    docs_per_list_page / nullif(prev_docs_per_list_page, 0) as docs_per_list_page_ratio,
    blocked_share
from s
where ($scope = 'run' and run_id = $run_id)
   or ($scope = 'all' and started_at = (select max(started_at) from dq_run_stats x where x.source = s.source));
