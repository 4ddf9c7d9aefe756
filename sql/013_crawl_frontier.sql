-- The crawl's state lives in the warehouse, so a run killed at any moment resumes: every URL
-- a run discovered (the frontier) and whether it is done. A page's row, its document and the
-- links it led to are committed in one transaction, so the frontier never runs ahead of, or
-- behind, what is stored.
create table if not exists frontier (
    run_id  varchar not null,
    url     varchar not null,
    kind    varchar not null,   -- list | detail | attachment | page (decided from the page itself)
    depth   integer not null,   -- clicks from a start URL
    state   varchar not null,   -- queued | done | skipped
    reason  varchar,            -- why a URL was skipped (robots.txt, a backed-off host)
    primary key (run_id, url)
);

alter table runs add column if not exists attempts integer default 1;  -- 1 + times resumed
alter table runs add column if not exists reason varchar;              -- why a run failed or was interrupted
