-- Data-quality results. One dq_runs row per validate() call, one dq_results row per
-- expectation, and up to a bounded number of dq_quarantine rows per failed expectation.

create table if not exists dq_runs (
    dq_run_id          varchar primary key,
    run_id             varchar not null,
    scope              varchar not null,    -- run | all
    started_at         timestamptz not null,
    finished_at        timestamptz,
    success            boolean,
    critical_failures  integer,
    warnings           integer,
    infos              integer,
    row_counts         json
);

create table if not exists dq_results (
    dq_run_id         varchar not null,
    run_id            varchar not null,
    suite             varchar not null,
    expectation_id    varchar not null,     -- position-stable id: suite:index:type
    expectation_type  varchar not null,
    column_name       varchar,
    severity          varchar not null,     -- critical | warning | info
    success           boolean not null,
    element_count     bigint,
    unexpected_count  bigint,
    unexpected_percent double,
    details           json,
    checked_at        timestamptz not null,
    primary key (dq_run_id, expectation_id)
);

create table if not exists dq_quarantine (
    dq_run_id         varchar not null,
    run_id            varchar not null,
    table_name        varchar not null,
    row_key           varchar not null,     -- url / doc_id / metric_id
    expectation_id    varchar not null,
    expectation_type  varchar not null,
    column_name       varchar,
    severity          varchar not null,
    bad_value         varchar,
    primary key (dq_run_id, table_name, row_key, expectation_id)
);
