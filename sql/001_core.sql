-- Core tables. Every table has a key and a write mode:
--   runs       key run_id      merge (start_run inserts, finish_run updates)
--   pages      key url         merge (a re-fetch updates the row)
--   documents  key doc_id      merge (index_no when present, else sha1 of url)
--   metrics    key metric_id   replace per document when the document's content changes
--   attachments key (doc_id, url) replace per document, with its metrics

create table if not exists runs (
    run_id       varchar primary key,
    source       varchar not null,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    status       varchar not null,          -- running | finished | failed
    counts       json                       -- summary written by finish_run
);

create table if not exists pages (
    url             varchar primary key,
    source          varchar not null,       -- source (site) name, e.g. "sample"
    final_url       varchar,
    http_status     integer,
    status          varchar not null,       -- one of records.STATUSES
    error_reason    varchar,
    content_type    varchar,
    content_hash    varchar,                -- sha256 hex of the body, null without a body
    content_length  bigint,
    fetched_at      timestamptz not null,
    warc_path       varchar,
    warc_offset     bigint,
    kind            varchar not null,       -- list | detail | attachment | other
    first_seen_run  varchar not null,
    last_seen_run   varchar not null,
    changed_run     varchar not null        -- last run in which content_hash or status changed
);

create table if not exists documents (
    doc_id          varchar primary key,
    url             varchar not null,
    status          varchar not null,
    status_reason   varchar,
    encoding        varchar,
    index_no        varchar,
    index_scheme    varchar,
    category        varchar,
    publisher       varchar,
    created_date    varchar,                -- ISO YYYY-MM-DD as extracted; typed in v_documents
    published_date  varchar,
    title           varchar,
    doc_number      varchar,
    keywords        varchar,
    validity        varchar,
    field_sources   json,
    body_text       varchar,
    sections        json,
    tables          json,
    content_hash    varchar not null,       -- sha256 hex of body_text
    metrics_hash    varchar not null,       -- md5 over the document's metric rows
    metric_count    integer not null,
    first_seen_run  varchar not null,
    last_seen_run   varchar not null,
    changed_run     varchar not null        -- last run in which content or metrics changed
);

create table if not exists metrics (
    metric_id     varchar primary key,      -- md5 of doc_id, kind, table, row, column, start, label, value
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
    run_id        varchar not null          -- run that (re)wrote the row
);

create table if not exists attachments (
    doc_id   varchar not null,
    url      varchar not null,
    name     varchar,
    type     varchar,
    run_id   varchar not null,
    primary key (doc_id, url)
);
