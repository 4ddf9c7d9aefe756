-- Severity policy in the warehouse: rows named by a failed critical or warning expectation are
-- held in `quarantine` (the current state, recomputed by every validation for the rows it
-- checked) and left out of the analyst views. Every document is in exactly one of
-- v_documents and documents_quarantine; every figure in exactly one of v_metrics and
-- metrics_quarantine (expectations/partition.json checks both after each validation).
-- dq_quarantine stays the per-validation history (bounded per expectation).

create table if not exists quarantine (
    table_name        varchar not null,     -- documents | metrics | pages
    row_key           varchar not null,     -- doc_id / metric_id / url
    expectation_id    varchar not null,
    expectation_type  varchar not null,
    column_name       varchar,
    severity          varchar not null,     -- critical | warning
    reason            varchar,              -- the expectation's meta.notes
    bad_value         varchar,
    dq_run_id         varchar not null,     -- the validation that quarantined the row
    run_id            varchar not null,
    primary key (table_name, row_key, expectation_id)
);

alter table dq_runs add column quarantined bigint;

-- Per-run crawl numbers for the drift checks (expectations/runs.json), computed from pages
-- and documents when a run is validated, so the next run can compare with them.
create table if not exists dq_run_stats (
    run_id              varchar primary key,
    source              varchar,
    started_at          timestamptz,
    pages               bigint,
    list_pages          bigint,
    detail_pages        bigint,
    blocked_pages       bigint,
    documents           bigint,
    docs_per_list_page  double,
    blocked_share       double,
    computed_at         timestamptz not null
);

create or replace view v_documents as
select
    d.doc_id,
    d.url,
    p.source,
    d.index_no,
    d.index_scheme,
    d.category,
    d.publisher,
    try_cast(d.created_date as date)   as created_date,
    try_cast(d.published_date as date) as published_date,
    coalesce(year(try_cast(d.published_date as date)),
             year(try_cast(d.created_date as date))) as year,
    d.title,
    d.doc_number,
    d.keywords,
    d.validity,
    length(d.body_text) as body_length,
    d.metric_count,
    d.content_hash,
    d.first_seen_run,
    d.last_seen_run,
    d.changed_run,
    p.fetched_at,
    p.warc_path,
    p.warc_offset
from documents d
left join pages p on p.url = d.url
where not exists (
    select 1 from quarantine q where q.table_name = 'documents' and q.row_key = d.doc_id
);

create or replace view v_metrics as
select
    m.metric_id,
    m.doc_id,
    d.publisher,
    d.year,
    d.title,
    d.url,
    m.position,
    m.kind,
    m.label,
    m.canonical,
    m.value,
    m.unit,
    m.qualifier,
    m.table_name,
    m.row_label,
    m.column_label,
    m.section,
    m.sentence,
    m.start_offset,
    m.end_offset
from metrics m
join v_documents d on d.doc_id = m.doc_id
where not exists (
    select 1 from quarantine q where q.table_name = 'metrics' and q.row_key = m.metric_id
);

create or replace view v_documents_by_publisher_year as
select
    coalesce(d.publisher, '(unknown)')  as publisher,
    d.year,
    count(*)                            as n_documents,
    coalesce(sum(f.n), 0)               as n_figures
from v_documents d
left join (select doc_id, count(*) as n from v_metrics group by doc_id) f using (doc_id)
group by all;

create or replace view documents_quarantine as
select d.*, q.severity, q.reason, q.expectations, q.dq_run_id, q.quarantined_in_run
from documents d
join (
    select
        row_key as doc_id,
        case when bool_or(severity = 'critical') then 'critical' else 'warning' end as severity,
        string_agg(coalesce(reason, expectation_type), '; ' order by expectation_id) as reason,
        list(expectation_id order by expectation_id) as expectations,
        max(dq_run_id) as dq_run_id,
        max(run_id)    as quarantined_in_run
    from quarantine
    where table_name = 'documents'
    group by row_key
) q using (doc_id);

create or replace view metrics_quarantine as
with mq as (
    select
        row_key as metric_id,
        case when bool_or(severity = 'critical') then 'critical' else 'warning' end as severity,
        string_agg(coalesce(reason, expectation_type), '; ' order by expectation_id) as reason,
        list(expectation_id order by expectation_id) as expectations,
        max(dq_run_id) as dq_run_id,
        max(run_id)    as quarantined_in_run
    from quarantine
    where table_name = 'metrics'
    group by row_key
),
dq as (
    select doc_id, severity, reason, expectations, dq_run_id, quarantined_in_run
    from documents_quarantine
)
select
    m.*,
    coalesce(mq.severity, dq.severity, 'critical') as severity,
    concat_ws('; ',
              mq.reason,
              case when dq.doc_id is not null then 'document quarantined: ' || dq.reason end,
              case when d.doc_id is null then 'document missing' end) as reason,
    list_concat(coalesce(mq.expectations, []), coalesce(dq.expectations, [])) as expectations,
    coalesce(mq.dq_run_id, dq.dq_run_id) as dq_run_id,
    coalesce(mq.quarantined_in_run, dq.quarantined_in_run) as quarantined_in_run
from metrics m
left join mq using (metric_id)
left join dq on dq.doc_id = m.doc_id
left join documents d on d.doc_id = m.doc_id
where mq.metric_id is not null or dq.doc_id is not null or d.doc_id is null;

create or replace view pages_quarantine as
select p.*, q.severity, q.reason, q.expectations, q.dq_run_id, q.quarantined_in_run
from pages p
join (
    select
        row_key as url,
        case when bool_or(severity = 'critical') then 'critical' else 'warning' end as severity,
        string_agg(coalesce(reason, expectation_type), '; ' order by expectation_id) as reason,
        list(expectation_id order by expectation_id) as expectations,
        max(dq_run_id) as dq_run_id,
        max(run_id)    as quarantined_in_run
    from quarantine
    where table_name = 'pages'
    group by row_key
) q using (url);

-- Quality over time: one row per validation.
create or replace view v_dq_history as
select
    r.dq_run_id,
    r.run_id,
    coalesce(ru.source, '') as source,
    r.scope,
    r.started_at,
    r.success,
    r.critical_failures,
    r.warnings,
    r.infos,
    r.quarantined,
    x.n_expectations,
    x.n_failed,
    round(1 - x.n_failed / nullif(x.n_expectations, 0), 4) as pass_rate,
    r.row_counts
from dq_runs r
left join runs ru using (run_id)
left join (
    select dq_run_id, count(*) as n_expectations, count(*) filter (where not success) as n_failed
    from dq_results
    group by dq_run_id
) x using (dq_run_id);

-- Quality over time per expectation.
create or replace view v_dq_expectation_history as
select r.started_at, x.dq_run_id, x.run_id, x.suite, x.expectation_id, x.expectation_type,
       x.column_name, x.severity, x.success, x.element_count, x.unexpected_count,
       x.unexpected_percent
from dq_results x
join dq_runs r using (dq_run_id);
