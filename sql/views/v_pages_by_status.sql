-- Fetched pages per source, kind and status.
create or replace view v_pages_by_status as
select source, kind, status, count(*) as n_pages, max(fetched_at) as last_fetched_at
from pages
group by all;
