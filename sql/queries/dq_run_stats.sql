-- Crawl numbers of run $run_id for the drift checks, from the pages and documents it saw.
-- Runs that fetched no pages (reextract, validate) get no row.
insert or replace into dq_run_stats
select
    r.run_id, r.source, r.started_at, p.pages, p.list_pages, p.detail_pages, p.blocked_pages,
    d.documents,
    d.documents / nullif(p.list_pages, 0),
    p.blocked_pages / nullif(p.pages, 0),
    now()
from runs r
cross join (
    select count(*)                                   as pages,
           count(*) filter (where kind = 'list')      as list_pages,
           count(*) filter (where kind = 'detail')    as detail_pages,
           count(*) filter (where status = 'blocked') as blocked_pages
    from pages
    where last_seen_run = $run_id
) p
cross join (select count(*) as documents from documents where last_seen_run = $run_id) d
where r.run_id = $run_id and p.pages > 0;
