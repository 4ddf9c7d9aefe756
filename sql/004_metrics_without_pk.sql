-- metrics without a PRIMARY KEY: the ART index on 1M md5 keys cost more than half of a bulk
-- load (insert 2.4 s + commit 1.0 s vs 1.5 s without, per 1M rows). Uniqueness of
-- metric_id holds by construction (deduplicated in load_records.sql; a document's rows are
-- deleted before its new rows go in) and is checked by expectations/metrics.json.
-- metrics_hash now holds a sum of DuckDB hash() values over the record's figure rows.

create table metrics_v2 (
    metric_id     varchar not null,         -- md5 of doc_id, kind, table, row, column, start, label, value
    doc_id        varchar not null,
    kind          varchar not null,         -- sentence | table
    label         varchar,
    value         double,
    unit          varchar,
    qualifier     varchar,
    sentence      varchar,
    section       varchar,
    start_offset  integer,
    end_offset    integer,
    canonical     varchar,
    table_name    varchar,
    row_label     varchar,
    column_label  varchar,
    run_id        varchar not null
);

insert into metrics_v2 select * from metrics;

drop table metrics;

alter table metrics_v2 rename to metrics;

update documents set metrics_hash = '';
