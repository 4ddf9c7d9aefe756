-- The Great Expectations validation result of each suite per validation (GX's own JSON, the
-- long unexpected lists dropped), so `govdocs report` can build GX Data Docs later from the
-- warehouse alone.
create table if not exists dq_gx_results (
    dq_run_id  varchar not null,
    suite      varchar not null,
    result     json not null,
    primary key (dq_run_id, suite)
);
